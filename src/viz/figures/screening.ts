// Review Fig. 3 as figures: several ways of finding crystals with a wanted property (screening an enumerated space,
// search, generation) compared on cost — the hits each found against the CPU time it spent, and its screening funnel.
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** One hit of a pipeline: its predicted property, uncertainty, hover label and when it was produced. */
export interface PipelineHit {
  readonly value: number;
  readonly std: number;
  readonly label: string;
  /** Position of the hit's candidate in the pipeline's generation order (0-based). */
  readonly candidateIndex: number;
}

/** What one pipeline spent and found. */
export interface PipelineResult {
  readonly name: string;
  /** CPU seconds spent in all (generating and screening the candidates). */
  readonly cpuSeconds: number;
  /** Candidates the pipeline produced. */
  readonly candidates: number;
  readonly hits: readonly PipelineHit[];
  /** Candidates left after each screening stage, in order (e.g. valid, charge-neutral, below threshold, unique, novel). */
  readonly stages?: readonly { readonly stage: string; readonly kept: number }[];
  readonly color?: string;
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2"];
const colorOf = (p: PipelineResult, i: number) => p.color ?? PALETTE[i % PALETTE.length]!;

/**
 * Predicted property of every hit (with its ±1 std bar) against the CPU time at which it was found (the pipeline's
 * time spread evenly over its candidates), and per pipeline the best value reached within each budget (a step line:
 * the Pareto front of property against cost). `goal` says which direction is better.
 */
export function paretoFigure(pipelines: readonly PipelineResult[], options: { property: string; goal: "min" | "max"; title?: string; height?: number }): PlotlyFigure {
  const better = (a: number, b: number) => (options.goal === "min" ? a < b : a > b);
  const traces: PlotlyTrace[] = pipelines.flatMap((p, i) => {
    const perCandidate = p.cpuSeconds / Math.max(1, p.candidates);
    const hits = [...p.hits].sort((a, b) => a.candidateIndex - b.candidateIndex);
    const cost = hits.map((h) => perCandidate * (h.candidateIndex + 1));
    const frontX: number[] = [], frontY: number[] = [];
    hits.forEach((h, k) => {
      if (frontY.length === 0 || better(h.value, frontY[frontY.length - 1]!)) {
        frontX.push(cost[k]!);
        frontY.push(h.value);
      }
    });
    if (frontX.length) {
      frontX.push(p.cpuSeconds);
      frontY.push(frontY[frontY.length - 1]!);
    }
    const color = colorOf(p, i);
    return [
      {
        type: "scatter", mode: "markers", name: `${p.name} (${p.hits.length} hits)`, legendgroup: p.name, x: cost, y: hits.map((h) => h.value),
        error_y: { type: "data", array: hits.map((h) => h.std), visible: true, thickness: 1, width: 0, color },
        text: hits.map((h) => h.label), marker: { color, size: 6, opacity: 0.7 },
        hovertemplate: `%{text}<br>${options.property} %{y:.3f}<br>found after %{x:.1f} CPU-s<extra>${p.name}</extra>`,
      },
      { type: "scatter", mode: "lines", name: `${p.name}: best so far`, legendgroup: p.name, showlegend: false, x: frontX, y: frontY, line: { color, shape: "hv", width: 2 }, hoverinfo: "skip" },
    ];
  });
  return {
    data: traces,
    layout: {
      title: { text: options.title ?? `Hits against cost: ${options.property} (${options.goal === "min" ? "lower" : "higher"} is better)` },
      height: options.height ?? 480,
      xaxis: { title: { text: "CPU seconds spent (log)" }, type: "log" },
      yaxis: { title: { text: options.property }, zeroline: false },
      margin: { t: 50, r: 20, b: 60, l: 70 },
      legend: { orientation: "h", y: -0.2 },
    },
  };
}

/** Candidates left after each screening stage, one group of bars per pipeline (log scale: the funnel narrows fast). */
export function screeningFunnelFigure(pipelines: readonly PipelineResult[], options: { title?: string; height?: number } = {}): PlotlyFigure {
  const traces: PlotlyTrace[] = pipelines.map((p, i) => {
    const stages = [{ stage: "candidates", kept: p.candidates }, ...(p.stages ?? [])];
    return {
      type: "bar", name: p.name, x: stages.map((s) => s.stage), y: stages.map((s) => s.kept), text: stages.map((s) => String(s.kept)),
      textposition: "outside", marker: { color: colorOf(p, i) }, hovertemplate: `%{x}: %{y} kept<extra>${p.name}</extra>`,
    };
  });
  return {
    data: traces,
    layout: {
      title: { text: options.title ?? "Screening funnel: candidates kept after each stage" },
      height: options.height ?? 420,
      barmode: "group",
      xaxis: { type: "category" },
      yaxis: { title: { text: "candidates kept (log)" }, type: "log" },
      margin: { t: 50, r: 20, b: 60, l: 70 },
      legend: { orientation: "h", y: 1.1 },
    },
  };
}

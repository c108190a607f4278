// Sample quality against the number of sampling steps (diffusion steps, ODE Euler steps): match rate and RMSE panels.
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** One sampler's results at several step counts (matchRate as a fraction 0–1, rmse dimensionless; NaN = no match). */
export interface StepsSeries {
  readonly name: string;
  readonly steps: readonly number[];
  readonly matchRate: readonly number[];
  readonly rmse: readonly number[];
  readonly color?: string;
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1"];

/**
 * Two panels side by side, logarithmic step axis: match rate (%) and normalised RMSE against the number of steps, one
 * line per sampler; optional horizontal reference lines (e.g. the random-coordinates baseline) in both panels.
 */
export function stepsSweepFigure(series: readonly StepsSeries[], options: { title?: string; references?: readonly { name: string; matchRate: number; rmse: number }[] } = {}): PlotlyFigure {
  const data: PlotlyTrace[] = [];
  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    const common = { type: "scatter", mode: "lines+markers", x: [...s.steps], line: { color }, marker: { color, size: 8 }, legendgroup: s.name };
    data.push({ ...common, name: s.name, y: s.matchRate.map((v) => 100 * v), xaxis: "x", yaxis: "y", hovertemplate: `${s.name}: %{x} steps, %{y:.1f} %<extra></extra>` });
    data.push({ ...common, name: s.name, y: s.rmse.map((v) => (Number.isFinite(v) ? v : null)), xaxis: "x2", yaxis: "y2", showlegend: false, hovertemplate: `${s.name}: %{x} steps, RMSE %{y:.4f}<extra></extra>` });
  });
  const allSteps = series.flatMap((s) => s.steps);
  const [lo, hi] = [Math.min(...allSteps), Math.max(...allSteps)];
  for (const r of options.references ?? []) {
    const line = { type: "scatter", mode: "lines", x: [lo, hi], line: { color: "#888", dash: "dash" }, legendgroup: r.name };
    data.push({ ...line, name: r.name, y: [100 * r.matchRate, 100 * r.matchRate], xaxis: "x", yaxis: "y" });
    data.push({ ...line, name: r.name, y: [r.rmse, r.rmse].map((v) => (Number.isFinite(v) ? v : null)), xaxis: "x2", yaxis: "y2", showlegend: false });
  }
  return {
    data,
    layout: {
      title: { text: options.title ?? "Sample quality vs number of sampling steps" },
      grid: { rows: 1, columns: 2, pattern: "independent" },
      height: 380,
      xaxis: { type: "log", title: { text: "sampling steps" } },
      yaxis: { title: { text: "match rate (%)" }, rangemode: "tozero" },
      xaxis2: { type: "log", title: { text: "sampling steps" } },
      yaxis2: { title: { text: "RMSE / (V/N)^(1/3)" }, rangemode: "tozero" },
      margin: { t: 60, r: 20, b: 50, l: 60 },
      legend: { orientation: "h", y: -0.2 },
    },
  };
}

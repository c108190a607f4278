// Classifier-free guidance sweeps: the distribution of a property of generated crystals for each (target, guidance
// scale) setting, as violins beside the training distribution, with the requested target marked.
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** One setting of a sweep: its label (e.g. "target −2 · s = 2"), the property values of its samples and the target asked for. */
export interface GuidanceGroup {
  readonly label: string;
  readonly values: readonly number[];
  /** The requested property value (drawn as a marker); omit for reference groups such as the training data. */
  readonly target?: number;
  /** Violin colour (default: by target, in order of appearance). */
  readonly color?: string;
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"];

/**
 * Violins (with box and points) of a property per group, left to right in the given order, and a black diamond at each
 * group's target. Groups sharing a target share a colour; reference groups (no target) are grey. `property` names the
 * axis (with unit). NaN values are left out (their count is added to the group label).
 */
export function guidanceSweepFigure(groups: readonly GuidanceGroup[], options: { property: string; title?: string; height?: number } = { property: "property" }): PlotlyFigure {
  const targets = [...new Set(groups.filter((g) => g.target !== undefined).map((g) => g.target!))];
  const colorOf = (g: GuidanceGroup) => g.color ?? (g.target === undefined ? "#9a9a9a" : PALETTE[targets.indexOf(g.target) % PALETTE.length]!);
  const labels = groups.map((g) => {
    const dropped = g.values.filter((v) => !Number.isFinite(v)).length;
    return dropped ? `${g.label} (${dropped} n/a)` : g.label;
  });
  const violins: PlotlyTrace[] = groups.map((g, i) => {
    const v = g.values.filter((x) => Number.isFinite(x));
    return {
      type: "violin", name: labels[i], x: v.map(() => labels[i]), y: v, box: { visible: true }, meanline: { visible: true },
      points: "all", jitter: 0.3, pointpos: 0, marker: { size: 4, opacity: 0.6 }, line: { color: colorOf(g) }, fillcolor: colorOf(g),
      opacity: 0.55, showlegend: false, spanmode: "hard", hoveron: "violins+points",
    };
  });
  const withTarget = groups.map((g, i) => ({ g, label: labels[i]! })).filter((x) => x.g.target !== undefined);
  const marks: PlotlyTrace = {
    type: "scatter", mode: "markers", name: "target", x: withTarget.map((x) => x.label), y: withTarget.map((x) => x.g.target!),
    marker: { symbol: "diamond", size: 12, color: "#000", line: { color: "#fff", width: 1 } }, hovertemplate: "target %{y}<extra></extra>",
  };
  return {
    data: [...violins, ...(withTarget.length ? [marks] : [])],
    layout: {
      title: { text: options.title ?? `Guidance sweep: ${options.property} of the samples` },
      height: options.height ?? 460,
      yaxis: { title: { text: options.property }, zeroline: false },
      xaxis: { type: "category", tickangle: -30 },
      violinmode: "overlay",
      margin: { t: 50, r: 20, b: 110, l: 70 },
      legend: { orientation: "h", y: 1.08 },
    },
  };
}

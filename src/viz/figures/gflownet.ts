// The reward distribution of GFlowNet samples against other sets of crystals (uniform random constructions, a dataset
// split): overlaid histograms of log R, with the floor reward marked.
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** One set of crystals' log-rewards (nats). */
export interface RewardSeries {
  readonly name: string;
  readonly logRewards: ArrayLike<number>;
  readonly color?: string;
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1"];

/**
 * Overlaid histograms (fraction of each set per bin, `bins` equal bins over the finite values) of log R, one trace per
 * set, and a dashed line at the floor log R when given.
 */
export function rewardDistributionFigure(series: readonly RewardSeries[], options: { title?: string; bins?: number; floorLogReward?: number } = {}): PlotlyFigure {
  const all = series.flatMap((s) => Array.from(s.logRewards).filter(Number.isFinite));
  const lo = Math.min(...all), hi = Math.max(...all);
  const nb = options.bins ?? 40;
  const width = hi > lo ? (hi - lo) / nb : 1;
  const centres = Array.from({ length: nb }, (_, i) => lo + (i + 0.5) * width);
  const data: PlotlyTrace[] = series.map((s, k) => {
    const v = Array.from(s.logRewards).filter(Number.isFinite);
    const counts = new Array<number>(nb).fill(0);
    for (const x of v) counts[Math.min(nb - 1, Math.floor((x - lo) / width))]! += 1;
    const color = s.color ?? PALETTE[k % PALETTE.length]!;
    return { type: "bar", name: `${s.name} (n = ${v.length})`, x: centres, y: counts.map((c) => c / Math.max(1, v.length)), width, opacity: 0.55, marker: { color }, hovertemplate: `${s.name}: log R ≈ %{x:.2f}: %{y:.3f}<extra></extra>` };
  });
  const top = Math.max(0, ...data.flatMap((t) => t.y as number[]));
  if (options.floorLogReward !== undefined)
    data.push({ type: "scatter", mode: "lines", name: "floor reward", x: [options.floorLogReward, options.floorLogReward], y: [0, top], line: { color: "#888", dash: "dash" }, hoverinfo: "skip" });
  return {
    data,
    layout: { title: { text: options.title ?? "Reward distribution" }, barmode: "overlay", height: 380, xaxis: { title: { text: "log R (nats)" } }, yaxis: { title: { text: "fraction of crystals" } }, legend: { orientation: "h", y: -0.2 } },
  };
}

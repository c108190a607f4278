// Coverage recall against the number of generated crystals: how many samples a COV-R figure needs.
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** COV-R (fraction 0–1) of one generator at several sample counts n. */
export interface CoverageSeries {
  readonly name: string;
  readonly n: readonly number[];
  readonly covRecall: readonly number[];
  /** "markers" for a few measured points (default: lines and markers). */
  readonly mode?: "lines+markers" | "markers";
  readonly color?: string;
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1"];

/** COV-R (%) against the number of samples on a logarithmic axis, one trace per generator, with an optional target line (fraction). */
export function coverageCurveFigure(series: readonly CoverageSeries[], options: { title?: string; target?: number } = {}): PlotlyFigure {
  const data: PlotlyTrace[] = series.map((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    return { type: "scatter", mode: s.mode ?? "lines+markers", name: s.name, x: [...s.n], y: s.covRecall.map((v) => 100 * v), line: { color }, marker: { color, size: s.mode === "markers" ? 11 : 8 }, hovertemplate: `${s.name}: n = %{x}, COV-R %{y:.1f} %<extra></extra>` };
  });
  const all = series.flatMap((s) => s.n);
  if (options.target !== undefined && all.length > 0)
    data.push({ type: "scatter", mode: "lines", name: `target ${100 * options.target} %`, x: [Math.min(...all), Math.max(...all)], y: [100 * options.target, 100 * options.target], line: { color: "#888", dash: "dash" }, hoverinfo: "skip" });
  return {
    data,
    layout: {
      title: { text: options.title ?? "Coverage recall vs number of generated crystals" },
      height: 380,
      xaxis: { type: "log", title: { text: "generated crystals n" } },
      yaxis: { title: { text: "COV-R (%)" }, range: [0, 102] },
      margin: { t: 60, r: 20, b: 50, l: 60 },
      legend: { orientation: "h", y: -0.2 },
    },
  };
}

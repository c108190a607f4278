// Review Fig. 4's other axis: what a family's quality costs — a benchmark metric against sampling (or training) time.
import { type BenchmarkColumnKey, type BenchmarkTable, benchmarkColumn } from "../../metrics/benchmark/index.js";
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/**
 * One marker per row of the table that has both a cost and the quality metric (95 % interval as an error bar when
 * recorded): x = seconds per 1,000 sampled crystals or training hours (log), y = the metric (fractions in %).
 * Checkpoints and baselines are separate traces.
 */
export function costQualityFigure(
  table: BenchmarkTable,
  options: { quality: BenchmarkColumnKey; cost?: "sample_seconds_per_1000" | "train_hours"; title?: string; height?: number },
): PlotlyFigure {
  const cost = benchmarkColumn(options.cost ?? "sample_seconds_per_1000");
  const quality = benchmarkColumn(options.quality);
  const scale = quality.fraction ? 100 : 1;
  const shown = table.rows.filter((r) => r.cells[cost.key] && r.cells[quality.key]);
  const traces: PlotlyTrace[] = (["checkpoint", "baseline"] as const).flatMap((kind) => {
    const rows = shown.filter((r) => r.kind === kind);
    if (rows.length === 0) return [];
    const cells = rows.map((r) => r.cells[quality.key]!);
    return [{
      type: "scatter", mode: "markers+text", name: kind === "checkpoint" ? "checkpoints" : "baselines", textposition: "top center",
      x: rows.map((r) => r.cells[cost.key]!.value), y: cells.map((c) => scale * c.value), text: rows.map((r) => `${r.name} (${r.dataset})`),
      error_y: { type: "data", symmetric: false, visible: true, array: cells.map((c) => (c.ci95 ? scale * (c.ci95[1] - c.value) : 0)), arrayminus: cells.map((c) => (c.ci95 ? scale * (c.value - c.ci95[0]) : 0)) },
      marker: { size: 11, symbol: kind === "checkpoint" ? "circle" : "diamond-open" },
      hovertemplate: `%{text}<br>${quality.label} %{y:.3g}<br>${cost.label} %{x:.3g}<extra></extra>`,
    }];
  });
  return {
    data: traces,
    layout: {
      title: { text: options.title ?? `${quality.label} against ${cost.label}` },
      height: options.height ?? 460,
      xaxis: { title: { text: `${cost.label} (log)` }, type: "log" },
      yaxis: { title: { text: quality.label } },
      margin: { t: 50, r: 20, b: 60, l: 70 },
    },
  };
}

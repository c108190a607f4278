// Review Fig. 4 as a figure: the families of the benchmark table side by side on one radar over normalised metrics.
import { type BenchmarkColumn, type BenchmarkRow, type BenchmarkTable, BENCHMARK_COLUMNS } from "../../metrics/benchmark/index.js";
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/**
 * A metric on a 0–1 scale where 1 is best: a fraction as it is; a lower-is-better value as the best value among the
 * rows shown divided by it (1 for the best row).
 */
function normalised(column: BenchmarkColumn, value: number, best: number): number {
  if (column.fraction) return value;
  return value > 0 ? Math.min(1, best / value) : 1;
}

/**
 * One closed polygon per row of the table (checkpoints and baselines) over the metric columns of a task that some row
 * has, normalised so that 1 is best (fractions as they are; RMSE and W1 as best-of-the-rows ÷ value; the P1 share,
 * a fraction without a best end, is left out). A row without a
 * value on an axis leaves a gap there.
 */
export function benchmarkRadarFigure(table: BenchmarkTable, options: { group: "csp" | "gen"; datasets?: readonly string[]; title?: string; height?: number }): PlotlyFigure {
  const rows: BenchmarkRow[] = table.rows.filter((r) => (!options.datasets || options.datasets.includes(r.dataset)) && BENCHMARK_COLUMNS.some((c) => c.group === options.group && r.cells[c.key]));
  // A share where higher is not better (P1 share: the data's own share is the aim) has no "best" end: not an axis.
  const axes = BENCHMARK_COLUMNS.filter((c) => c.group === options.group && !(c.fraction && !c.higherIsBetter) && rows.some((r) => r.cells[c.key]));
  const best = new Map(axes.map((c) => [c.key, Math.min(...rows.flatMap((r) => (r.cells[c.key] ? [r.cells[c.key]!.value] : [])))]));
  const traces: PlotlyTrace[] = rows.map((r) => {
    const values = axes.map((c) => { const cell = r.cells[c.key]; return cell ? normalised(c, cell.value, best.get(c.key)!) : null; });
    const raw = axes.map((c) => { const cell = r.cells[c.key]; return cell ? String(Number((c.fraction ? 100 * cell.value : cell.value).toPrecision(3))) : "n/a"; });
    return {
      type: "scatterpolar", mode: "lines+markers", fill: "toself", opacity: 0.55, name: `${r.name} (${r.dataset})`,
      r: [...values, values[0]], theta: [...axes.map((c) => c.label), axes[0]?.label], text: [...raw, raw[0]],
      hovertemplate: "%{theta}: %{text} (normalised %{r:.2f})<extra>%{fullData.name}</extra>",
    };
  });
  return {
    data: traces,
    layout: {
      title: { text: options.title ?? `${options.group === "csp" ? "CSP" : "De novo"} metrics, normalised (1 = best; RMSE and W1 as best ÷ value)` },
      height: options.height ?? 520,
      polar: { radialaxis: { range: [0, 1], tickvals: [0.25, 0.5, 0.75, 1] } },
      margin: { t: 60, r: 40, b: 40, l: 40 },
      legend: { orientation: "h", y: -0.1 },
    },
  };
}

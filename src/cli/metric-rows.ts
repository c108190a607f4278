// Plain-text rendering of metric rows, shared by `xtal metrics` and `xtal evaluate`.
import type { MetricRow } from "../metrics/evaluate.js";

const num = (v: number | undefined, digits: number): string => (v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : "n/a");

/** One line per row: name, value, 95 % interval when the row has one, n and the notes; indented by two spaces. */
export function formatMetricRows(rows: readonly MetricRow[], digits = 4): string {
  const w = Math.max(0, ...rows.map((r) => r.metric.length));
  return rows
    .map((r) => {
      const ci = r.ci95_low !== undefined ? `  95% CI [${num(r.ci95_low, digits)}, ${num(r.ci95_high, digits)}]` : "";
      return `  ${r.metric.padEnd(w)}  ${num(r.value, digits).padStart(digits + 6)}${ci}  (n=${r.n}) ${r.notes}\n`;
    })
    .join("");
}

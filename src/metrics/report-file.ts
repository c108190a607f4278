// Reads the metric rows that the CLI records: `xtal metrics --json` ({ metrics: rows }) and `xtal evaluate --out` ({ table: rows }).
import { CrystalError } from "../crystal/errors.js";
import { readFileSync } from "node:fs";
import type { MetricRow } from "./evaluate.js";

/** Thrown when a file is not a recorded evaluation. */
export class MetricReportError extends CrystalError {
  override name = "MetricReportError";
}

/** The metric rows of a recorded evaluation file (JSON null values, written for NaN, come back as NaN). */
export function readMetricReport(path: string): MetricRow[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new MetricReportError(`${path}: not a readable JSON file (${(e as Error).message})`);
  }
  const o = json as { metrics?: unknown; table?: unknown };
  const rows = Array.isArray(o.metrics) ? o.metrics : Array.isArray(o.table) ? o.table : null;
  if (!rows) throw new MetricReportError(`${path}: no "metrics" or "table" array of metric rows (expected the output of xtal metrics --json or xtal evaluate --out)`);
  return rows.map((r: Record<string, unknown>, i: number) => {
    if (typeof r["metric"] !== "string") throw new MetricReportError(`${path}: row ${i + 1} has no metric name`);
    const num = (v: unknown) => (typeof v === "number" ? v : NaN);
    const row: MetricRow = { metric: r["metric"], value: num(r["value"]), notes: String(r["notes"] ?? ""), n: num(r["n"]) };
    if ("ci95_low" in r) Object.assign(row, { ci95_low: num(r["ci95_low"]), ci95_high: num(r["ci95_high"]) });
    return row;
  });
}

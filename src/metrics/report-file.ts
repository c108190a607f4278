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
  return metricRowsOfReport(readReportJson(path), path);
}

/** The parsed JSON of a recorded evaluation file. @throws MetricReportError naming the file when it is not readable JSON */
export function readReportJson(path: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new MetricReportError(`${path}: not a readable JSON file (${(e as Error).message})`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new MetricReportError(`${path}: not a JSON object`);
  return json as Record<string, unknown>;
}

/** The metric rows of a parsed report (`metrics` or `table` array). @throws MetricReportError naming `path` */
export function metricRowsOfReport(json: Readonly<Record<string, unknown>>, path: string): MetricRow[] {
  const rows = Array.isArray(json["metrics"]) ? json["metrics"] : Array.isArray(json["table"]) ? json["table"] : null;
  if (!rows) throw new MetricReportError(`${path}: no "metrics" or "table" array of metric rows (expected the output of xtal metrics --json or xtal evaluate --out)`);
  return rows.map((r: Record<string, unknown>, i: number) => {
    if (typeof r?.["metric"] !== "string") throw new MetricReportError(`${path}: row ${i + 1} has no metric name`);
    const num = (v: unknown) => (typeof v === "number" ? v : NaN);
    const row: MetricRow = { metric: r["metric"], value: num(r["value"]), notes: String(r["notes"] ?? ""), n: num(r["n"]) };
    if ("ci95_low" in r) Object.assign(row, { ci95_low: num(r["ci95_low"]), ci95_high: num(r["ci95_high"]) });
    return row;
  });
}

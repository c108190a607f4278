import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MetricReportError, readMetricReport } from "../../src/metrics/report-file.js";

const dir = mkdtempSync(join(tmpdir(), "metric-report-"));

describe("readMetricReport", () => {
  it("reads an `xtal evaluate --out` file shipped with a checkpoint (its table rows)", () => {
    const rows = readMetricReport(join(import.meta.dirname, "../../data/checkpoints/diffcsp-perov5/eval-perov5-test-200-k1.json"));
    expect(rows.map((r) => r.metric)).toEqual(["match_rate@1", "rmse@1"]);
    expect(rows[0]).toMatchObject({ value: 0.54, n: 200 });
  });

  it("reads `xtal metrics --json` output, null values as NaN, and keeps the intervals", () => {
    const file = join(dir, "m.json");
    writeFileSync(file, JSON.stringify({ nTargets: 3, metrics: [{ metric: "match_rate@1", value: 0, notes: "x", n: 3, ci95_low: 0, ci95_high: 0.56 }, { metric: "rmse@1", value: null, notes: "y", n: 0, ci95_low: null, ci95_high: null }] }));
    const [rate, rmse] = readMetricReport(file);
    expect(rate).toEqual({ metric: "match_rate@1", value: 0, notes: "x", n: 3, ci95_low: 0, ci95_high: 0.56 });
    expect([rmse!.value, rmse!.ci95_low, rmse!.ci95_high].every(Number.isNaN)).toBe(true);
  });

  it("names the file and the problem for anything else", () => {
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ nope");
    expect(() => readMetricReport(broken)).toThrow(MetricReportError);
    expect(() => readMetricReport(broken)).toThrow(/broken\.json: not a readable JSON file/);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ metrics: { "match_rate@1": 0.5 } }));
    expect(() => readMetricReport(other)).toThrow(/other\.json: no "metrics" or "table" array/);
    writeFileSync(other, JSON.stringify({ table: [{ value: 1 }] }));
    expect(() => readMetricReport(other)).toThrow(/other\.json: row 1 has no metric name/);
  });
});

// Views of the benchmark table: the frame with published rows, the provenance frame, the radar and the cost–quality scatter.
import { describe, expect, it } from "vitest";
import type { BenchmarkCell, BenchmarkTable } from "../../src/metrics/benchmark/index.js";
import { PUBLISHED_CSP, benchmarkCellsFrame, benchmarkFrame } from "../../src/viz/figures/benchmark-table.js";
import { benchmarkRadarFigure } from "../../src/viz/figures/benchmark-radar.js";
import { costQualityFigure } from "../../src/viz/figures/cost-quality.js";

const cell = (value: number, file: string, ci95?: [number, number]): BenchmarkCell => ({ value, ...(ci95 ? { ci95 } : {}), source: { file, command: `xtal evaluate … --out ${file}`, commandRecorded: false } });
const TABLE: BenchmarkTable = {
  split: "test",
  unplaced: [],
  rows: [
    { name: "csp-a", kind: "checkpoint", family: "diffcsp", tasks: ["csp"], dataset: "perov_5", dir: "a",
      cells: { "match_rate@1": cell(0.5, "a/eval-1.json", [0.45, 0.55]), "rmse@1": cell(0.1, "a/eval-1.json"), train_hours: { ...cell(2, "a/config.json"), detail: "wasm" }, sample_seconds_per_1000: cell(100, "a/eval-1.json") } },
    { name: "gen-b", kind: "checkpoint", family: "diffcsp", tasks: ["gen"], dataset: "perov_5", dir: "b",
      cells: { struct_validity: cell(0.99, "b/eval-n.json"), wdist_density: cell(0.2, "b/eval-n.json"), sample_seconds_per_1000: cell(900, "b/eval-n.json") } },
    { name: "baseline: random-coordinates", kind: "baseline", family: "random-coordinates", tasks: ["csp"], dataset: "perov_5",
      cells: { "match_rate@1": cell(0.3, "a/eval-r.json", [0.28, 0.32]), "rmse@1": cell(0.4, "a/eval-r.json"), sample_seconds_per_1000: cell(0.01, "a/eval-r.json") } },
  ],
};

describe("benchmark table views", () => {
  it("the frame shows fractions in %, intervals as text, the backend, our files as source, and the published rows of our datasets", () => {
    const rows = benchmarkFrame(TABLE).objects() as Record<string, unknown>[];
    const a = rows.find((r) => r["model"] === "csp-a")!;
    expect(a).toMatchObject({ kind: "ours", "match_rate@1_pct": 50, "match_rate@1_ci95": "45–55", "rmse@1": 0.1, train_hours: 2, train_backend: "wasm", source: "eval-1.json; config.json" });
    expect(a["struct_validity_pct"]).toBeNull();
    const published = rows.filter((r) => r["kind"] === "published");
    expect(published.length).toBeGreaterThan(0);
    expect(published.every((r) => r["dataset"] === "perov_5" && /Jiao et al\./.test(String(r["source"])))).toBe(true);
    const diffcsp = PUBLISHED_CSP.filter((r) => r.model === "DiffCSP" && r.dataset === "Perov-5");
    expect(published.find((r) => r["model"] === "DiffCSP" && r["match_rate@1_pct"] !== null)).toMatchObject({
      "match_rate@1_pct": diffcsp.find((r) => r.samples === 1)!.matchRate, "match_rate@20_pct": diffcsp.find((r) => r.samples === 20)!.matchRate,
    });
  });

  it("a task's frame keeps its rows and columns (plus cost) only", () => {
    const csp = benchmarkFrame(TABLE, { group: "csp", published: false });
    expect(csp.array("model")).toEqual(["csp-a", "baseline: random-coordinates"]);
    expect(csp.columnNames()).not.toContain("struct_validity_pct");
    expect(csp.columnNames()).toContain("sample_seconds_per_1000");
  });

  it("the cells frame gives every cell of ours its file and command", () => {
    const cells = benchmarkCellsFrame(TABLE).objects() as Record<string, unknown>[];
    expect(cells).toHaveLength(10);
    expect(cells[0]).toMatchObject({ model: "csp-a", column: "match_rate@1", value: 0.5, ci95_low: 0.45, file: "a/eval-1.json", command: "xtal evaluate … --out a/eval-1.json", command_recorded: false });
  });

  it("the radar normalises to 1 = best (fractions as they are, RMSE as best ÷ value) and closes each polygon", () => {
    const fig = benchmarkRadarFigure(TABLE, { group: "csp" });
    expect(fig.data.map((t) => t["name"])).toEqual(["csp-a (perov_5)", "baseline: random-coordinates (perov_5)"]);
    expect(fig.data[0]!["theta"]).toEqual(["match rate @1 (%)", "RMSE @1", "match rate @1 (%)"]);
    expect(fig.data[0]!["r"]).toEqual([0.5, 1, 0.5]);
    expect(fig.data[1]!["r"]).toEqual([0.3, 0.25, 0.3]);
  });

  it("the cost–quality scatter puts checkpoints and baselines with both values at (cost, quality in %), intervals as error bars", () => {
    const fig = costQualityFigure(TABLE, { quality: "match_rate@1" });
    expect(fig.data.map((t) => t["name"])).toEqual(["checkpoints", "baselines"]);
    expect(fig.data[0]).toMatchObject({ x: [100], y: [50] });
    expect((fig.data[1]!["error_y"] as { array: number[] }).array[0]).toBeCloseTo(2, 12);
    expect(costQualityFigure(TABLE, { quality: "struct_validity", cost: "train_hours" }).data).toEqual([]);
  });
});

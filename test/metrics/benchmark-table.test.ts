// The benchmark table from checkpoint folders: on the shipped checkpoints every cell equals the value in the eval file
// it names (read here), and on hand-made folders the selection rule, baseline naming and bad input.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BENCHMARK_COLUMNS, CheckpointFolderError, buildBenchmarkTable, readEvalReport } from "../../src/metrics/benchmark/index.js";
import { MetricReportError } from "../../src/metrics/report-file.js";

const CHECKPOINTS = join(import.meta.dirname, "..", "..", "data", "checkpoints");
const shipped = readdirSync(CHECKPOINTS).map((d) => join(CHECKPOINTS, d));
const json = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
type Row = { metric: string; value: number; ci95_low?: number; ci95_high?: number };
const rowsOf = (file: string): Row[] => { const j = json(file); return (Array.isArray(j.metrics) ? j.metrics : j.table) as Row[]; };

describe("buildBenchmarkTable on the shipped checkpoints", () => {
  const table = buildBenchmarkTable(shipped);
  const row = (name: string, dataset = "perov_5") => table.rows.find((r) => r.name === name && r.dataset === dataset)!;

  it("has a row per checkpoint (on the datasets of its reports) and per baseline and dataset, every report placed", () => {
    const predictors = shipped.filter((d) => { const c = json(join(d, "config.json")); return ((c.tasks ?? [c.task]) as string[]).every((t) => t === "predict"); });
    expect(predictors.length).toBeGreaterThan(0);
    for (const d of shipped) {
      const rows = table.rows.filter((r) => r.dir === d).length;
      if (predictors.includes(d)) expect(rows, d).toBe(0);
      else expect(rows, d).toBeGreaterThan(0);
    }
    // A property predictor generates nothing: its folder is listed as left out, with the reason, not given a row.
    for (const d of predictors) expect(table.unplaced.find((u) => u.file === d)?.reason, d).toMatch(/property predictor/);
    expect(table.rows.filter((r) => r.kind === "checkpoint" && r.dataset === "perov_5").map((r) => r.name)).toEqual(expect.arrayContaining(["diffcsp-perov5", "diffcsp-perov5-gen", "flowmm-perov5"]));
    expect(table.rows.filter((r) => r.kind === "baseline").map((r) => `${r.name} @ ${r.dataset}`)).toEqual([
      "baseline: data-draw @ carbon_24", "baseline: random-coordinates @ carbon_24", "baseline: random-coordinates @ mp_20_biternary", "baseline: data-draw @ mpts_52",
      "baseline: random-coordinates @ mpts_52", "baseline: data-draw @ perov_5", "baseline: random-coordinates @ perov_5",
    ]);
    expect(table.unplaced.filter((u) => /\/(diffcsp|flowmm)-/.test(u.file))).toEqual([]); // every report of the DiffCSP and FlowMM checkpoints is placed
  });

  it("every metric cell equals the value (and interval) in the eval file it names, on the test split, never a --skip subset or a guided run", () => {
    let checked = 0;
    for (const r of table.rows) {
      for (const c of BENCHMARK_COLUMNS.filter((c) => c.group !== "cost")) {
        const cell = r.cells[c.key];
        if (!cell) continue;
        const recorded = rowsOf(cell.source.file).find((m) => m.metric === (cell.detail ?? c.metrics[0]))!;
        expect(cell.value, `${r.name} ${c.key}`).toBe(recorded.value);
        // A report records a null interval where it has none (an RMSE over one matched target): the cell then has none.
        if (recorded.ci95_low === undefined || recorded.ci95_low === null) expect(cell.ci95).toBeUndefined();
        else expect(cell.ci95).toEqual([recorded.ci95_low, recorded.ci95_high]);
        const f = json(cell.source.file);
        expect(f.skip, cell.source.file).toBeUndefined();
        expect(f.target, cell.source.file).toBeUndefined();
        if (typeof f.split === "string") expect(f.split).toBe("test");
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it("picks the whole split or the largest set: DiffCSP @1 from all 3,785 targets, @20 from 500; FlowMM from 3,785; de novo from n = 10,000", () => {
    const file = (name: string, key: keyof (typeof table.rows)[number]["cells"]) => basename(row(name).cells[key]!.source.file);
    expect(file("diffcsp-perov5", "match_rate@1")).toBe("eval-perov5-test-3785-k1.json");
    expect(file("diffcsp-perov5", "rmse@20")).toBe("eval-perov5-test-500-k20.json");
    expect(file("flowmm-perov5", "match_rate@1")).toBe("eval-perov5-test-3785-k20.json");
    expect(file("diffcsp-perov5-gen", "cov_recall")).toBe("eval-perov5-test-n10000-seeds0-3.json");
    expect(file("baseline: random-coordinates", "match_rate@1")).toBe("eval-baseline-random-perov5-test-3785-k1.json");
    expect(file("baseline: data-draw", "struct_validity")).toBe("eval-baseline-data-perov5-test-n3000.json");
    expect(file("diffcsp-perov5-gen", "novelty")).toBe("eval-stability-perov5-n200-seed0.json");
    expect(file("diffcsp-perov5-gen", "p1_share")).toBe("eval-symmetry-perov5-test-n1000-seed0-predictor.json"); // the only report with it, n = 1,000
    // The symmetry re-runs (same command, same n) feed only the cells the earlier report lacks: it sorts first by name.
    expect(file("gan-perov5", "cov_recall")).toBe("eval-perov5-test-n10000.json");
    expect(file("gan-perov5", "p1_share")).toBe("eval-predictor-perov5-test-n10000.json"); // the same samples as eval-symmetry-…: the first by name
    expect(file("baseline: random-coordinates", "p1_share")).toBe("eval-symmetry-baseline-random-perov5-test-3785-k1.json");
    expect(row("diffcsp-perov5-gen").cells.wdist_property).toBeUndefined(); // 958 valid samples: below the 1,000 W1 needs, empty, never invented
    expect(file("gan-perov5", "wdist_property")).toBe("eval-predictor-perov5-test-n10000.json");
  });

  it("costs: training wall time (with the run it started from) and backend from config.json; sampling s per 1,000 crystals from the report", () => {
    for (const r of table.rows.filter((r) => r.kind === "checkpoint")) {
      const t = json(join(r.dir!, "config.json")).training as { wallSeconds: number; backend: string; initFrom?: { wallSeconds: number } };
      expect(r.cells.train_hours!.value).toBeCloseTo((t.wallSeconds + (t.initFrom?.wallSeconds ?? 0)) / 3600, 12);
      expect(r.cells.train_hours!.detail).toBe(t.backend);
    }
    for (const r of table.rows) {
      const cost = r.cells.sample_seconds_per_1000!;
      const f = json(cost.source.file);
      const samples = typeof f.k === "number" ? (f.targets as number) * f.k : (f.n as number);
      expect(cost.value, r.name).toBeCloseTo((1000 * (f.sampleSeconds as number)) / samples, 10);
    }
  });

  it("gives every cell the command behind it: recorded when the file has one, else rebuilt from its fields", () => {
    const gen = row("diffcsp-perov5-gen").cells;
    expect(gen.cov_recall!.source).toMatchObject({ commandRecorded: false });
    expect(gen.cov_recall!.source.command).toMatch(/^xtal metrics --generated .*c-n2500-s0\.csv .* --reference perov_5:test --json > /);
    const data = row("baseline: data-draw").cells;
    expect(data.novelty!.source).toMatchObject({ commandRecorded: true, command: (json(data.novelty!.source.file).settings as { command: string }).command });
    expect(data.struct_validity!.source.command).toMatch(/^xtal evaluate --baseline data --from val --dataset perov_5 --split test --n 3000 --seed 0 /);
    expect(row("flowmm-perov5").cells.sample_seconds_per_1000!.source.command).toMatch(/--limit 1893 --k 20 --seed 31 .*--steps 100 --anti-anneal 10 --out /);
  });
});

describe("buildBenchmarkTable on hand-made folders", () => {
  const root = mkdtempSync(join(tmpdir(), "benchmark-table-"));
  const config = (family: string, tasks: string[]) => ({
    format: "crystal-workbench-model", version: 2, family, tasks, training: { dataset: "perov_5", split: "fit", wallSeconds: 7200, backend: "cpu" },
  });
  const metric = (name: string, value: number) => ({ metric: name, value, notes: "", n: 10 });
  const folder = (name: string, cfg: object, reports: Record<string, object>) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "config.json"), JSON.stringify(cfg));
    for (const [file, r] of Object.entries(reports)) writeFileSync(join(dir, file), JSON.stringify(r));
    return dir;
  };
  const gen = (n: number, cov: number, extra: object = {}) => ({ model: { checkpoint: "x", family: "toy" }, dataset: "perov_5", split: "test", reference: 50, n, seed: 0, sampleSeconds: n / 100, ...extra, table: [metric("cov_recall", cov), metric("p1_share", cov / 10), metric("sg_w1", cov * 100)] });
  const csp = (targets: number, k: number, rate: number, extra: object = {}) => ({ model: { checkpoint: "x" }, dataset: "perov_5", split: "test", targets, k, seed: 0, sampleSeconds: 1, ...extra, table: [metric("match_rate@1", rate)] });

  it("prefers the largest n on the split, never a guided run or another split; P1 share when a report has it", () => {
    const dir = folder("toy-gen", config("toy", ["gen"]), {
      "eval-a-n300.json": gen(300, 0.3),
      "eval-b-n1000.json": gen(1000, 0.5),
      "eval-c-n5000-guided.json": gen(5000, 0.9, { target: { property: "heat_ref", value: 1 }, guidance: 2 }),
      "eval-d-select-n9000.json": gen(9000, 0.8, { split: "select" }),
    });
    const [r] = buildBenchmarkTable([dir]).rows;
    expect(r!.cells.cov_recall).toMatchObject({ value: 0.5, source: { file: join(dir, "eval-b-n1000.json") } });
    expect(r!.cells.p1_share!.value).toBe(0.05);
    expect(r!.cells.sg_w1!.value).toBe(50);
    expect(r!.cells.sample_seconds_per_1000!.value).toBeCloseTo(10, 12);
    expect(r!.cells.train_hours).toMatchObject({ value: 2, detail: "cpu" });
    expect(buildBenchmarkTable([dir], { split: "select" }).rows[0]!.cells.cov_recall!.value).toBe(0.8);
  });

  it("reads the symmetry rows of CSP reports too (P1 share and SG W1 of the predictions against their targets)", () => {
    const report = { ...csp(100, 1, 0.3), table: [metric("match_rate@1", 0.3), metric("p1_share", 0.97), metric("sg_w1", 180)] };
    const [r] = buildBenchmarkTable([folder("toy-csp-symmetry", config("toy", ["csp"]), { "eval-k1.json": report })]).rows;
    expect([r!.cells.p1_share!.value, r!.cells.sg_w1!.value]).toEqual([0.97, 180]);
  });

  it("never uses a --skip subset; among equal target counts takes the run with fewer samples", () => {
    const dir = folder("toy-csp", config("toy", ["csp"]), {
      "eval-skip.json": csp(900, 1, 0.9, { skip: 100 }),
      "eval-k20.json": csp(100, 20, 0.4),
      "eval-k1.json": csp(100, 1, 0.3),
    });
    expect(basename(buildBenchmarkTable([dir]).rows[0]!.cells["match_rate@1"]!.source.file)).toBe("eval-k1.json");
  });

  it("joins a baseline recorded by family name (first generation) and by short name with its family (second) into one row", () => {
    const dir = folder("toy-base", config("toy", ["csp"]), {
      "eval-baseline-random-old.json": { ...csp(50, 1, 0.2), model: { baseline: "random-coordinates" } },
      "eval-baseline-random-new.json": { ...csp(80, 1, 0.25), model: { baseline: "random", family: "random-coordinates" } },
      "eval-baseline-data-metrics.json": { generated: "s.csv", reference: "perov_5:test", nGenerated: 20, nReference: 50, metrics: [metric("cov_recall", 0.7)] },
      "eval-fileref.json": { generated: "s.csv", reference: "ref.csv", nGenerated: 20, nReference: 50, metrics: [metric("cov_recall", 0.1)] },
    });
    const t = buildBenchmarkTable([dir]);
    expect(t.rows.map((r) => r.name)).toEqual(["toy-base", "baseline: data", "baseline: random-coordinates"]);
    expect(t.rows[2]!.cells["match_rate@1"]!.value).toBe(0.25);
    expect(t.rows[1]!.cells.cov_recall!.source.command).toBe(`xtal metrics --generated s.csv --reference perov_5:test --json > ${join(dir, "eval-baseline-data-metrics.json")}`);
    expect(t.unplaced).toEqual([{ file: join(dir, "eval-fileref.json"), reason: expect.stringContaining("names no dataset") }]);
  });

  it("reads a recorded command as it is", () => {
    const dir = folder("toy-cmd", config("toy", ["gen"]), { "eval-x.json": { command: "xtal evaluate --checkpoint x --n 7", ...gen(7, 0.1) } });
    expect(readEvalReport(join(dir, "eval-x.json"))).toMatchObject({ command: "xtal evaluate --checkpoint x --n 7", commandRecorded: true, kind: "gen", size: 7 });
  });

  it("refuses a folder that is not a checkpoint and an unreadable eval file, naming the file; another command's report is left out, named", () => {
    const plain = join(root, "plain");
    mkdirSync(plain);
    expect(() => buildBenchmarkTable([plain])).toThrow(CheckpointFolderError);
    expect(() => buildBenchmarkTable([plain])).toThrow(`${plain}: not a checkpoint folder`);
    const broken = folder("toy-broken", config("toy", ["gen"]), {});
    writeFileSync(join(broken, "eval-broken.json"), "{ not json");
    expect(() => buildBenchmarkTable([broken])).toThrow(MetricReportError);
    expect(() => buildBenchmarkTable([broken])).toThrow(join(broken, "eval-broken.json"));
    const odd = folder("toy-odd", config("toy", ["gen"]), { "eval-odd.json": { table: [metric("x", 1)] } });
    expect(buildBenchmarkTable([odd]).unplaced).toEqual([{ file: join(odd, "eval-odd.json"), reason: expect.stringContaining("not a report of xtal evaluate") }]);
    const norows = folder("toy-norows", config("toy", ["gen"]), { "eval-x.json": { model: {}, n: 3 } });
    expect(() => buildBenchmarkTable([norows])).toThrow(`${join(norows, "eval-x.json")}: no "metrics" or "table" array`);
    const badConfig = folder("toy-bad-config", { family: "toy" }, {});
    expect(() => buildBenchmarkTable([badConfig])).toThrow(`${join(badConfig, "config.json")}: not a crystal-workbench model config`);
  });
});

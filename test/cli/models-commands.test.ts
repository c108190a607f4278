import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { readCif } from "../../src/crystal/io/index.js";
import { parseCsvText } from "../../src/datasets/csv.js";
import { loadDataset, loadStructuresCsv } from "../../src/datasets/load.js";
import { captureIO } from "./xtal.test.js";

// Tiny sizes so the whole train → sample → evaluate chain costs a few seconds.
process.env["CRYSTAL_DATA_DIR"] = join(import.meta.dirname, "..", "..", "..", "shared", "data");
const dir = mkdtempSync(join(tmpdir(), "cw-cli-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ckpt = join(dir, "ckpt");

describe("xtal train / sample / evaluate", () => {
  it("train writes a resumable checkpoint and reports steps as JSON", async () => {
    const io = captureIO();
    const code = await run(["train", "diffcsp", "--dataset", "perov_5", "--split", "val", "--limit", "8", "--epochs", "2", "--batch-size", "4", "--hidden", "8", "--layers", "1", "--freqs", "2", "--out", ckpt, "--json"], io);
    expect(io.err).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(io.out);
    expect(report).toMatchObject({ family: "diffcsp", task: "csp", dataset: "perov_5", split: "val", structures: 8, stepsDone: 4, totalSteps: 4 });
    const cfg = JSON.parse(readFileSync(join(ckpt, "config.json"), "utf8"));
    expect(cfg.training.stepsDone).toBe(4);
    expect(cfg.familyConfig.network.hidden).toBe(8);
  });
  it("sample writes a CSV whose cif column parses back to the requested composition", async () => {
    const out = join(dir, "s.csv");
    const io = captureIO();
    expect(await run(["sample", "--checkpoint", ckpt, "--n", "2", "--composition", "SrTiO3", "--steps", "3", "--out", out, "--json"], io)).toBe(0);
    expect(JSON.parse(io.out).count).toBe(2);
    const text = readFileSync(out, "utf8");
    expect(text.split("\n")[0]).toMatch(/^index,formula,nsites,.*cif/);
    const cif = /"(#[^"]*data_[^"]*)"/.exec(text)![1]!.replace(/""/g, "\"");
    const s = readCif(cif);
    expect(Array.from(s.species).sort((a, b) => a - b)).toEqual([8, 8, 8, 22, 38]);
  });
  it("evaluate reports the match rate and RMSE of the model and of the random baseline; xtal metrics on the written samples agrees", async () => {
    const io = captureIO();
    const drawn = join(dir, "eval3.csv");
    expect(await run(["evaluate", "--checkpoint", ckpt, "--split", "test", "--limit", "3", "--steps", "3", "--fingerprint", "none", "--samples", drawn, "--json"], io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r.targets).toBe(3);
    const b = captureIO();
    const floor = join(dir, "floor.csv");
    expect(await run(["evaluate", "--baseline", "random", "--dataset", "perov_5", "--split", "test", "--limit", "3", "--k", "2", "--fingerprint", "none", "--samples", floor, "--json"], b)).toBe(0);
    const f = JSON.parse(b.out);
    expect(Object.keys(f.metrics)).toEqual([
      "match_rate@1", "rmse@1", "match_rate@2", "rmse@2", "implausible_samples",
      "p1_share", "p1_share_reference", "sg_w1", "sg_chi2", "sg_chi2_dof", "sg_chi2_p", "sg_detection_failures", "sg_match_share",
    ]);
    expect(f.metrics["p1_share"]).toBe(1); // uniform random coordinates: no symmetry
    expect(f.metrics["sg_match_share"]).toBe(0);
    expect(f.metrics["implausible_samples"]).toBe(0); // cubic cells of the targets' volumes
    // The same samples scored again from the files by xtal metrics (one policy for implausible cells in both).
    for (const [file, report] of [[drawn, r], [floor, f]] as const) {
      const m = captureIO();
      expect(await run(["metrics", "--generated", file, "--reference", "perov_5:test", "--task", "csp", "--id-column", "target_id", "--predicted-only", "--no-fingerprint", "--json"], m)).toBe(0);
      const rows = new Map((JSON.parse(m.out).metrics as { metric: string; value: number | null }[]).map((x) => [x.metric, x.value]));
      // Match decisions agree exactly; RMSE to the precision of the CIF text (coordinates written with 8 decimals).
      for (const [metric, value] of Object.entries(report.metrics as Record<string, number | null>)) {
        if (metric.startsWith("rmse") && value !== null) expect(rows.get(metric), `${file} ${metric}`).toBeCloseTo(value, 6);
        else expect(rows.get(metric), `${file} ${metric}`).toEqual(value);
      }
    }
  });
  it("evaluate --skip leaves out the first targets and --step-lr sets the DiffCSP corrector, reported in the JSON", async () => {
    const io = captureIO();
    expect(await run(["evaluate", "--checkpoint", ckpt, "--split", "test", "--skip", "2", "--limit", "3", "--steps", "2", "--step-lr", "3e-5", "--fingerprint", "none", "--samples", join(dir, "skip.csv"), "--json"], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ skip: 2, targets: 3, model: { family: "diffcsp", settings: { stepLr: 3e-5 } } });
    const ids = (await loadDataset("perov_5", "test", { limit: 5 })).structures.slice(2).map((s) => String(s.properties!["id"]));
    expect(Array.from((await loadStructuresCsv(join(dir, "skip.csv"))).table.array("target_id"), String)).toEqual(ids);
    const bad = captureIO();
    expect(await run(["evaluate", "--checkpoint", ckpt, "--anti-anneal", "5"], bad)).toBe(2);
    expect(bad.err).toMatch(/--anti-anneal is a sampler setting of flowmm, not of diffcsp/);
    const flag = captureIO(); // a boolean setting of another family, given
    expect(await run(["evaluate", "--checkpoint", ckpt, "--formula-grammar"], flag)).toBe(2);
    expect(flag.err).toMatch(/--formula-grammar is a sampler setting of cif-transformer, not of diffcsp/);
  });
  it("evaluate --baseline data scores real crystals drawn from another split with the de novo suite", async () => {
    const io = captureIO();
    expect(await run(["evaluate", "--baseline", "data", "--from", "val", "--dataset", "perov_5", "--split", "test", "--limit", "20", "--n", "6", "--fingerprint", "none", "--json"], io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r).toMatchObject({ model: { baseline: "data", from: "val" }, n: 6, reference: 20 });
    expect(r.metrics["struct_validity"]).toBe(1); // real perovskites: no two atoms closer than 0.5 Å
    expect(r.metrics["mean_num_elements"]).toBeGreaterThanOrEqual(2);
    // Symmetry diagnostics: the rows and the histograms behind them (6 samples, 20 reference crystals, none failed).
    const hist = (h: [number, number][]) => h.reduce((a, [, n]) => a + n, 0);
    expect(r.symmetry).toMatchObject({ symprec: 0.1, samples: { n: 6, detected: 6, failures: {} }, reference: { n: 20, detected: 20 } });
    expect(hist(r.symmetry.samples.histogram)).toBe(6);
    expect(r.metrics["p1_share"]).toBe(r.symmetry.samples.p1.value);
    expect(r.metrics["sg_detection_failures"]).toBe(0);
    const bad = captureIO();
    expect(await run(["evaluate", "--baseline", "data", "--dataset", "perov_5", "--n", "6"], bad)).toBe(2);
    expect(bad.err).toMatch(/needs --from SPLIT/);
    const k = captureIO();
    expect(await run(["evaluate", "--baseline", "data", "--from", "val", "--dataset", "perov_5", "--k", "2"], k)).toBe(2);
    expect(k.err).toMatch(/--k is for CSP/);
  });
  it("evaluate --samples writes every drawn crystal with its target id, sample number and composition", async () => {
    const out = join(dir, "drawn.csv");
    expect(await run(["evaluate", "--checkpoint", ckpt, "--split", "test", "--limit", "2", "--k", "2", "--steps", "2", "--fingerprint", "none", "--samples", out, "--json"], captureIO())).toBe(0);
    const test = (await loadDataset("perov_5", "test", { limit: 2 })).structures;
    const ids = test.map((s) => String(s.properties!["id"]));
    // Every drawn crystal is written, also one whose cell the CIF reader refuses (an untrained 2-step model can draw
    // a cell below 0.1 Å³, an impossible cell by issue 14's rule): the id and sample columns come from the raw rows.
    const [header, ...rows] = parseCsvText(readFileSync(out, "utf8")).map((r) => r.fields);
    const column = (name: string) => rows.map((r) => r[header!.indexOf(name)]!);
    expect(column("target_id")).toEqual([ids[0], ids[0], ids[1], ids[1]]);
    expect(column("sample")).toEqual(["0", "1", "0", "1"]);
    const csv = await loadStructuresCsv(out);
    for (const r of csv.provenance.rowsRejected) expect(r.reason).toMatch(/impossible cell/);
    const sorted = (sp: ArrayLike<number>) => Array.from(sp).sort((a, b) => a - b);
    csv.structures.forEach((s) => expect(sorted(s.species), String(s.properties!.row)).toEqual(sorted(test[(Number(s.properties!.row) - 1) >> 1]!.species)));
  });
  it("train --init-from fine-tunes a saved model with a new schedule and records where it started", async () => {
    const ft = join(dir, "ft");
    expect(await run(["train", "diffcsp", "--dataset", "perov_5", "--split", "val", "--limit", "8", "--epochs", "1", "--batch-size", "4", "--init-from", ckpt, "--out", ft, "--json"], captureIO())).toBe(0);
    const cfg = JSON.parse(readFileSync(join(ft, "config.json"), "utf8"));
    expect(cfg.training).toMatchObject({ stepsDone: 2, initFrom: { checkpoint: ckpt, stepsDone: 4 } });
    expect(cfg.familyConfig.network.hidden).toBe(8);
    const bad = captureIO();
    expect(await run(["train", "diffcsp", "--dataset", "perov_5", "--split", "val", "--init-from", ckpt, "--resume", "--out", ft], bad)).toBe(2);
    expect(bad.err).toMatch(/pick one/);
    const conflict = captureIO();
    expect(await run(["train", "diffcsp", "--dataset", "perov_5", "--split", "val", "--init-from", ckpt, "--task", "gen", "--out", join(dir, "ft2")], conflict)).toBe(2);
    expect(conflict.err).toMatch(/--task gen conflicts with .*whose diffcsp model has task csp/);
    expect(existsSync(join(dir, "ft2"))).toBe(false); // refused before any work
  });
  it("evaluate on a conditioned de novo checkpoint reports the generation suite and the proxy property of its samples", async () => {
    const gen = join(dir, "gen");
    const t = captureIO();
    expect(await run(["train", "diffcsp", "--task", "gen", "--condition", "heat_ref", "--dataset", "perov_5", "--split", "val", "--limit", "8", "--epochs", "1", "--batch-size", "4", "--hidden", "8", "--layers", "1", "--freqs", "2", "--type-loss-weight", "7", "--out", gen, "--json"], t)).toBe(0);
    expect(JSON.parse(readFileSync(join(gen, "config.json"), "utf8")).familyConfig.typeLossWeight).toBe(7);
    const io = captureIO();
    expect(await run(["evaluate", "--checkpoint", gen, "--split", "test", "--limit", "20", "--n", "4", "--steps", "3", "--target", "heat_ref=0.5", "--guidance", "2", "--fingerprint", "none", "--json"], io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r).toMatchObject({ n: 4, reference: 20, target: { property: "heat_ref", value: 0.5 }, guidance: 2 });
    for (const m of ["struct_validity", "comp_validity", "heat_ref_known_fraction"]) expect(r.metrics[m] >= 0 && r.metrics[m] <= 1).toBe(true);
    expect(Number.isFinite(r.metrics["heat_ref_mean"]) || r.metrics["heat_ref_known_fraction"] === null).toBe(true);
    const bad = captureIO();
    expect(await run(["evaluate", "--checkpoint", gen, "--k", "2"], bad)).toBe(2);
    expect(bad.err).toMatch(/--k is for CSP \(de novo: --n\)/);
  });
  it("bad input exits 2 with one line: missing checkpoint, both model and baseline, unconditioned target, unknown family, a request field the model cannot honour", async () => {
    for (const argv of [
      ["sample", "--checkpoint", join(dir, "nope"), "--composition", "SrTiO3", "--out", join(dir, "x.csv")],
      ["evaluate", "--checkpoint", ckpt, "--baseline", "random"],
      ["sample", "--checkpoint", ckpt, "--composition", "SrTiO3", "--target", "heat_ref=-1", "--out", join(dir, "x.csv")],
      ["train", "cdvae", "--dataset", "perov_5", "--out", ckpt],
      ["sample", "--checkpoint", ckpt, "--composition", "SrTiO3", "--space-group", "221", "--out", join(dir, "x.csv")],
    ]) {
      const io = captureIO();
      expect(await run(argv, io)).toBe(2);
      expect(io.err.trim().split("\n")).toHaveLength(1);
    }
  });
});

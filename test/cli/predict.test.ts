// `xtal predict` end to end on a tiny CGCNN trained by `xtal train` (also on two datasets at once), and its refusals:
// an element the model never saw, a checkpoint that is not a predictor, training data without the property.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { writeCif } from "../../src/crystal/io/index.js";
import { parseCsvText } from "../../src/datasets/csv.js";
import { loadDataset } from "../../src/datasets/load.js";
import { captureIO } from "./capture-io.js";

process.env["CRYSTAL_DATA_DIR"] = join(import.meta.dirname, "..", "..", "..", "shared", "data");
const dir = mkdtempSync(join(tmpdir(), "cw-cli-predict-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ckpt = join(dir, "cgcnn");

describe("xtal predict", () => {
  it("predicts a registered split with a cgcnn checkpoint trained by xtal train, and scores it beside the mean baseline", async () => {
    const t = captureIO();
    const trainArgs = ["train", "cgcnn", "--dataset", "perov_5", "--split", "val", "--limit", "24", "--property", "heat_ref", "--hidden", "8", "--layers", "1", "--gaussians", "9", "--members", "2", "--epochs", "2", "--batch-size", "8", "--out", ckpt, "--json"];
    expect(await run(trainArgs, t)).toBe(0);
    expect(JSON.parse(t.out)).toMatchObject({ family: "cgcnn", task: "predict", structures: 24, stepsDone: 6 });
    const io = captureIO();
    const out = join(dir, "p.csv"), report = join(dir, "r.json");
    const code = await run(["predict", "--checkpoint", ckpt, "--input", "perov_5:val", "--limit", "24", "--out", out, "--compare", "heat_ref", "--report", report, "--baseline-mean", "perov_5:val"], io);
    expect(io.err).toMatch(/predict: heat_ref vs heat_ref: MAE [\d.]+ \[95% CI/);
    expect(code).toBe(0);
    const [header, ...records] = parseCsvText(readFileSync(out, "utf8")).map((r) => r.fields);
    expect(header).toEqual(["id", "formula", "prediction", "std", "heat_ref"]);
    const rows = records.map((f) => Object.fromEntries(header!.map((h, k) => [h, f[k]!])));
    expect(rows).toHaveLength(24);
    const val = (await loadDataset("perov_5", "val")).structures;
    rows.forEach((r, i) => {
      expect(r["id"]).toBe(String(val[i]!.properties!["id"]));
      expect(Number(r["heat_ref"])).toBeCloseTo(val[i]!.properties!["heat_ref"] as number, 10);
      expect(Number(r["std"])).toBeGreaterThan(0); // two members
    });
    const mae = rows.reduce((a, r) => a + Math.abs(Number(r["prediction"]) - Number(r["heat_ref"])), 0) / rows.length;
    const json = JSON.parse(readFileSync(report, "utf8"));
    expect(json.errors.n).toBe(24);
    expect(json.errors.mae).toBeCloseTo(mae, 8);
    const mean = val.reduce((a, s) => a + (s.properties!["heat_ref"] as number), 0) / val.length;
    expect(json.meanBaseline.mean).toBeCloseTo(mean, 8);
    expect(json.meanBaseline.errors.mae).toBeCloseTo(rows.reduce((a, r) => a + Math.abs(mean - Number(r["heat_ref"])), 0) / rows.length, 8);
    expect(json).toMatchObject({ family: "cgcnn", property: "heat_ref", crystals: 24, model: { tasks: ["predict"], training: { dataset: "perov_5", split: "val", count: 24 } } });
  });

  it("refuses (exit 2) a crystal with an element the model never saw, naming it", async () => {
    const poscar = join(dir, "UO2.vasp");
    writeFileSync(poscar, "UO2\n1.0\n5.47 0 0\n0 5.47 0\n0 0 5.47\nU O\n1 2\nDirect\n0 0 0\n0.25 0.25 0.25\n0.75 0.75 0.75\n");
    const io = captureIO();
    expect(await run(["predict", "--checkpoint", ckpt, "--input", poscar, "--out", join(dir, "u.csv")], io)).toBe(2);
    expect(io.err).toMatch(/crystal 0 \(#0\): element Z=92 was not in this model's training data/);
  });

  it("with --skip-refused predicts the crystals it can take and reports the others in an error column", async () => {
    const folder = join(dir, "mixed");
    mkdirSync(folder);
    writeFileSync(join(folder, "a-UO2.vasp"), "UO2\n1.0\n5.47 0 0\n0 5.47 0\n0 0 5.47\nU O\n1 2\nDirect\n0 0 0\n0.25 0.25 0.25\n0.75 0.75 0.75\n");
    writeFileSync(join(folder, "b-val0.cif"), writeCif((await loadDataset("perov_5", "val", { limit: 1 })).structures[0]!));
    const io = captureIO();
    const out = join(dir, "mixed.csv");
    expect(await run(["predict", "--checkpoint", ckpt, "--input", folder, "--out", out, "--skip-refused"], io)).toBe(0);
    expect(io.err).toMatch(/1 of 2 crystals refused \(first: a-UO2: .*element Z=92/);
    const [header, ...rows] = parseCsvText(readFileSync(out, "utf8")).map((r) => r.fields);
    expect(header).toEqual(["id", "formula", "prediction", "std", "error"]);
    expect(rows.map((r) => r[0])).toEqual(["a-UO2", "b-val0"]);
    expect(rows[0]!.slice(2, 4)).toEqual(["", ""]);
    expect(rows[0]![4]).toMatch(/element Z=92/);
    expect(Number.isFinite(Number(rows[1]![2])) && rows[1]![2] !== "").toBe(true);
    expect(rows[1]![4]).toBe("");
  });

  it("refuses (exit 2) a checkpoint that is not a property predictor", async () => {
    const io = captureIO();
    const diffcsp = join(import.meta.dirname, "..", "..", "data", "checkpoints", "diffcsp-perov5");
    expect(await run(["predict", "--checkpoint", diffcsp, "--input", "perov_5:val", "--limit", "2", "--out", join(dir, "d.csv")], io)).toBe(2);
    expect(io.err).toMatch(/holds a diffcsp model \(tasks: csp, gen\), not a property predictor/);
  });
});

describe("xtal train on several datasets", () => {
  it("concatenates the splits (named A+B) and refuses rows without the property unless --drop-missing", async () => {
    const out = join(dir, "ridge");
    const io = captureIO();
    expect(await run(["train", "composition-ridge", "--dataset", "mp_20_biternary,mpts_52", "--split", "val", "--limit", "30", "--property", "formation_energy_per_atom", "--out", out, "--json"], io)).toBe(0);
    const cfg = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
    expect(cfg.training).toMatchObject({ dataset: "mp_20_biternary+mpts_52", split: "val", count: 60 });
    expect(cfg.familyConfig.unit).toBe("eV/atom");
    const bad = captureIO();
    expect(await run(["train", "composition-ridge", "--dataset", "perov_5,carbon_24", "--split", "val", "--limit", "10", "--property", "heat_ref", "--out", join(dir, "bad")], bad)).toBe(2);
    expect(bad.err).toMatch(/10 of 20 crystals have no finite "heat_ref" \(first: /);
    const ok = captureIO();
    expect(await run(["train", "composition-ridge", "--dataset", "perov_5,carbon_24", "--split", "val", "--limit", "10", "--property", "heat_ref", "--drop-missing", "--out", join(dir, "ok")], ok)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "ok", "config.json"), "utf8")).familyConfig.dropped).toBe(10);
  });
});

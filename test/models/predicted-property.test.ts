// A property predictor over crystals it may not cover: out-of-domain crystals get NaN and are counted; predictions are
// attached for the metric suite; `xtal metrics --predictor` adds the W1 of predicted values (both sides predicted).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure, writeCif } from "../../src/crystal/index.js";
import { loadDataset, loadStructuresCsv } from "../../src/datasets/index.js";
import { type PropertyPredictor, createModel, isPropertyPredictor, predictBothSides, predictProperty, predictedPropertyRows } from "../../src/models/index.js";
import { captureIO } from "../cli/capture-io.js";
import { registerVolumePredictor, volumePerAtom } from "./volume-predictor.js";

const perovskite = (species: number[], a: number, id: string): Structure =>
  makeStructure({ lattice: latticeFromParameters(a, a, a, 90, 90, 90), species, fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id } });
const SrTiO3 = perovskite([38, 22, 8, 8, 8], 3.9, "SrTiO3");
const BaZrO3 = perovskite([56, 40, 8, 8, 8], 4.2, "BaZrO3");
const BaTiO3 = perovskite([56, 22, 8, 8, 8], 4.0, "BaTiO3");
const CaTiO3 = perovskite([20, 22, 8, 8, 8], 3.8, "CaTiO3"); // Ca: never seen in training

let predictor: PropertyPredictor;
beforeAll(async () => {
  registerVolumePredictor();
  const model = createModel("volume-predictor");
  await model.train([SrTiO3, BaZrO3]);
  if (!isPropertyPredictor(model)) throw new Error("volume-predictor must be a predictor");
  predictor = model;
});

describe("predictProperty", () => {
  it("predicts the crystals inside the domain and leaves an unseen element out with NaN", async () => {
    const p = await predictProperty(predictor, [SrTiO3, CaTiO3, BaTiO3]);
    expect(p.outOfDomain).toEqual([1]);
    expect(p.values[0]).toBeCloseTo(3.9 ** 3 / 5, 12);
    expect(Number.isNaN(p.values[1]!) && Number.isNaN(p.stds[1]!)).toBe(true);
    expect(p.values[2]).toBeCloseTo(4.0 ** 3 / 5, 12);
    expect(p.stds[2]).toBe(1);
  });

  it("summarises mean (with its interval), median and mean uncertainty over the covered crystals", async () => {
    const rows = predictedPropertyRows(await predictProperty(predictor, [SrTiO3, CaTiO3, BaTiO3, BaZrO3]), "test crystals");
    const v = [3.9 ** 3, 4.0 ** 3, 4.2 ** 3].map((x) => x / 5);
    const mean = (v[0]! + v[1]! + v[2]!) / 3;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    const byName = Object.fromEntries(rows.map((r) => [r.metric, r]));
    expect(byName.predicted_volume_per_atom_mean!.value).toBeCloseTo(mean, 12);
    expect(byName.predicted_volume_per_atom_mean!.ci95_high! - mean).toBeCloseTo(1.959963984540054 * sd / Math.sqrt(3), 9);
    expect(byName.predicted_volume_per_atom_median!.value).toBeCloseTo(v[1]!, 12);
    expect(byName.predicted_volume_per_atom_std_mean!.value).toBe(1);
    expect(byName.predicted_volume_per_atom_mean!.n).toBe(3);
    expect(byName.predicted_volume_per_atom_mean!.notes).toMatch(/1 outside the predictor's domain/);
  });

  it("attaches predictions of both sides as predicted_<property> and predicted_<property>_std", async () => {
    const sides = await predictBothSides(predictor, [BaTiO3], [SrTiO3, CaTiO3]);
    expect(sides.column).toBe("predicted_volume_per_atom");
    expect(sides.generated[0]!.properties?.predicted_volume_per_atom).toBeCloseTo(volumePerAtom(BaTiO3), 12);
    expect(sides.reference[0]!.properties?.predicted_volume_per_atom_std).toBe(1);
    expect(Number.isNaN(sides.reference[1]!.properties?.predicted_volume_per_atom as number)).toBe(true);
    expect(sides.reference[1]!.properties?.id).toBe("CaTiO3");
  });
});

describe("xtal evaluate --predictor", () => {
  it("reports the predicted property of the de novo samples with a plausible cell", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xtal-predictor-"));
    const trained = createModel("volume-predictor", { maxAtoms: 200 });
    await trained.train(await loadDataset("prototypes", "val"));
    await trained.save(join(dir, "predictor"));
    const io = captureIO();
    const args = ["evaluate", "--baseline", "data", "--dataset", "prototypes", "--from", "val", "--split", "test", "--n", "12", "--fingerprint", "none"];
    const code = await run([...args, "--predictor", join(dir, "predictor"), "--samples", join(dir, "samples.csv"), "--out", join(dir, "eval.json"), "--json"], io);
    expect(code, io.err).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "eval.json"), "utf8")) as { predictor: string; table: { metric: string; value: number; n: number }[] };
    expect(report.predictor).toBe(join(dir, "predictor"));
    const rows = report.table;
    const drawn = (await loadStructuresCsv(join(dir, "samples.csv"))).structures;
    const inside = drawn.filter((s) => Array.from(s.species).every((z) => trained.config.elements!.includes(z)));
    const mean = rows.find((r) => r.metric === "predicted_volume_per_atom_mean")!;
    expect(mean.n).toBe(inside.length);
    expect(mean.value).toBeCloseTo(inside.reduce((a, s) => a + volumePerAtom(s), 0) / inside.length, 6);
  });
});

describe("xtal metrics --predictor", () => {
  it("adds the W1 between predicted values of generated and reference crystals", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xtal-predictor-"));
    const ckpt = join(dir, "predictor");
    await predictor.save(ckpt);
    const write = (name: string, crystals: Structure[]) => {
      mkdirSync(join(dir, name));
      crystals.forEach((s, i) => writeFileSync(join(dir, name, `${i}.cif`), writeCif(s)));
    };
    write("gen", [SrTiO3, BaTiO3]);
    write("ref", [BaZrO3, SrTiO3]);
    const io = captureIO();
    const code = await run(["metrics", "--generated", join(dir, "gen"), "--reference", join(dir, "ref"), "--predictor", ckpt, "--sampling", "all", "--no-fingerprint", "--json"], io);
    expect(code, io.err).toBe(0);
    const rows = JSON.parse(io.out).metrics as { metric: string; value: number }[];
    const value = (m: string) => rows.find((r) => r.metric === m)?.value;
    // Two equal-size empirical distributions: W1 = mean |sorted difference| = (|3.9³ − 3.9³| + |4.0³ − 4.2³|) / 2 / 5.
    expect(value("wdist_predicted_volume_per_atom")).toBeCloseTo(Math.abs(4.0 ** 3 - 4.2 ** 3) / 2 / 5, 6);
    expect(value("predicted_volume_per_atom_mean")).toBeCloseTo((3.9 ** 3 + 4.0 ** 3) / 2 / 5, 6);
  });

  it("refuses a checkpoint that is not a predictor with exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xtal-predictor-"));
    const generative = createModel("random-coordinates");
    await generative.save(join(dir, "random"));
    writeFileSync(join(dir, "a.cif"), writeCif(SrTiO3));
    const io = captureIO();
    expect(await run(["metrics", "--generated", join(dir, "a.cif"), "--reference", join(dir, "a.cif"), "--predictor", join(dir, "random"), "--no-fingerprint"], io)).toBe(2);
    expect(io.err).toMatch(/random-coordinates\/csp model, not a property predictor/);
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import type { DiffcspFamilyConfig } from "../../src/models/diffcsp/diffcsp.js";
import { ModelConfigError, createModel, initBackend, loadModel } from "../../src/models/index.js";
import { tempDirMaker } from "../temp-dirs.js";

const tiny = { hidden: 8, layers: 1, freqs: 2, timeDim: 4 };
const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);
const perovskite = (sp: number[], a: number, gap?: number) =>
  makeStructure({ lattice: cubic(a), species: sp, fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id: sp.join("-"), ...(gap !== undefined ? { gap } : {}) } });
const data = [perovskite([38, 22, 8, 8, 8], 3.9, 1.5), perovskite([56, 40, 8, 8, 8], 4.2, 3.2), perovskite([20, 22, 8, 8, 8], 3.8, 2.1), perovskite([57, 13, 8, 8, 8], 3.8, 4.0)];

const tmp = tempDirMaker("cw-model-");
beforeAll(async () => {
  await initBackend();
});

describe("checkpoints", () => {
  it("save → loadModel gives a model that samples exactly what the trained one samples (EMA weights)", async () => {
    const m = createModel("diffcsp", { ...tiny, timesteps: 20 });
    await m.train(data, { epochs: 2, batchSize: 2 });
    const dir = tmp();
    await m.save(dir);
    const cfg = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(cfg).toMatchObject({ format: "crystal-workbench-model", version: 2, family: "diffcsp", tasks: ["csp"] });
    expect(cfg.training.stepsDone).toBe(4);
    const loaded = await loadModel(dir);
    const req = { compositions: ["SrTiO3", "BaZrO3"], settings: { steps: 5 }, seed: 2 };
    const [a, b] = [await m.sample(req), await loaded.sample(req)];
    expect(Array.from(b[1]!.fracCoords)).toEqual(Array.from(a[1]!.fracCoords));
    expect(Array.from(b[1]!.lattice.matrix)).toEqual(Array.from(a[1]!.lattice.matrix));
    m.dispose();
    loaded.dispose();
  });
  it("a run stopped and resumed from its checkpoint ends with the weights of an uninterrupted run", async () => {
    const full = createModel("flowmm", { ...tiny });
    await full.train(data, { epochs: 4, batchSize: 2, seed: 4 });
    const dir = tmp();
    const part = createModel("flowmm", { ...tiny });
    const first = await part.train(data, { epochs: 4, batchSize: 2, seed: 4, checkpointDir: dir, stopAfterSteps: 3 });
    expect(first.stepsDone).toBe(3);
    part.dispose();
    const resumed = createModel("flowmm", { ...tiny, seed: 77 });
    const second = await resumed.train(data, { checkpointDir: dir, resume: true });
    expect(second.stepsDone).toBe(8);
    const f = tmp(), r = tmp();
    await full.save(f);
    await resumed.save(r);
    expect(readFileSync(join(r, "weights.bin")).equals(readFileSync(join(f, "weights.bin")))).toBe(true);
    expect(readFileSync(join(r, "train-state.bin")).equals(readFileSync(join(f, "train-state.bin")))).toBe(true);
    full.dispose();
    resumed.dispose();
  });
  it("fine-tuning (initFrom) starts from the saved EMA weights and keeps the saved data statistics", async () => {
    const base = createModel("diffcsp", { ...tiny, timesteps: 20 });
    await base.train(data, { epochs: 2, batchSize: 2 });
    const dir = tmp();
    await base.save(dir);
    // Learning rate 0: Adam moves nothing, so the fine-tuned weights are the saved EMA weights (up to the EMA's float rounding).
    const tuned = createModel("diffcsp", { ...tiny, timesteps: 20, seed: 5 });
    const smaller = [makeStructure({ lattice: cubic(3), species: [11, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] })];
    const report = await tuned.train(smaller, { epochs: 3, batchSize: 1, lr: 0, initFrom: dir });
    expect(report.stepsDone).toBe(3);
    const out = tmp();
    await tuned.save(out);
    const floats = (d: string) => new Float32Array(new Uint8Array(readFileSync(join(d, "weights.bin"))).buffer);
    const [saved, after] = [floats(dir), floats(out)];
    expect(after.length).toBe(saved.length);
    expect(Math.max(...after.map((v, i) => Math.abs(v - saved[i]!)))).toBeLessThan(1e-6);
    const fresh = tmp();
    const untrained = createModel("diffcsp", { ...tiny, timesteps: 20, seed: 5 });
    await untrained.save(fresh);
    untrained.dispose();
    expect(Math.max(...floats(fresh).map((v, i) => Math.abs(v - saved[i]!)))).toBeGreaterThan(1e-3); // the check can fail
    expect(tuned.config.numAtomsCounts).toEqual(base.config.numAtomsCounts); // 5-atom histogram, not the 2-atom data
    expect(tuned.config.training?.initFrom).toEqual({ checkpoint: dir, stepsDone: 4, wallSeconds: base.config.training!.wallSeconds });
    expect(tuned.config.training?.stepsDone).toBe(3);
    await expect(createModel("diffcsp", { ...tiny, hidden: 16 }).train(data, { initFrom: dir })).rejects.toThrow(/another architecture/);
    await expect(createModel("flowmm", { ...tiny }).train(data, { initFrom: dir })).rejects.toThrow(/holds a diffcsp model, not flowmm/);
    await expect(createModel("diffcsp", { ...tiny }).train(data, { initFrom: dir, resume: true, checkpointDir: out })).rejects.toThrow(/exclude each other/);
    base.dispose();
    tuned.dispose();
  });
  it("typeLossWeight scales the atom-type term of a de novo model's loss, for a fresh run and a fine-tune", async () => {
    const fresh = createModel("diffcsp", { task: "gen", ...tiny });
    expect((fresh.config.familyConfig as DiffcspFamilyConfig).typeLossWeight).toBe(20); // DiffCSP's cost_type
    fresh.dispose();
    // The first step's loss is computed before any update: same seed and data ⇒ loss(w) = base + w·type, linear in w.
    const firstLoss = async (w: number) => {
      const m = createModel("diffcsp", { task: "gen", ...tiny, timesteps: 20, seed: 3 });
      const report = await m.train(data, { epochs: 1, batchSize: 4, settings: { typeLossWeight: w } });
      expect((m.config.familyConfig as DiffcspFamilyConfig).typeLossWeight).toBe(w);
      m.dispose();
      return report.losses[0]!;
    };
    const [l0, l1, l20] = [await firstLoss(0), await firstLoss(1), await firstLoss(20)];
    expect(l1 - l0).toBeGreaterThan(1e-4); // the type term is there
    expect(l20 - l0).toBeCloseTo(20 * (l1 - l0), 4);
    const base = createModel("diffcsp", { task: "gen", ...tiny, timesteps: 20 });
    await base.train(data, { epochs: 1, batchSize: 2, settings: { typeLossWeight: 1 } });
    const dir = tmp();
    await base.save(dir);
    const tuned = createModel("diffcsp", { task: "gen", ...tiny, timesteps: 20 });
    await tuned.train(data, { epochs: 1, batchSize: 2, initFrom: dir, settings: { typeLossWeight: 5 } });
    expect((tuned.config.familyConfig as DiffcspFamilyConfig).typeLossWeight).toBe(5);
    await tuned.save(dir);
    await expect(createModel("diffcsp", { task: "gen", ...tiny, timesteps: 20 }).train(data, { resume: true, checkpointDir: dir, settings: { typeLossWeight: 2 } })).rejects.toThrow(/cannot change in a resumed run/);
    await expect(createModel("diffcsp", { ...tiny }).train(data, { settings: { typeLossWeight: 2 } })).rejects.toThrow(/de novo \(gen\) models only/);
    await expect(createModel("diffcsp", { task: "gen", ...tiny }).train(data, { settings: { typeLossWeight: -1 } })).rejects.toThrow(/finite number ≥ 0/);
    base.dispose();
    tuned.dispose();
  });
  it("refuses a checkpoint of another family, a corrupt one and a directory that is not a checkpoint", async () => {
    const flow = createModel("flowmm", { ...tiny });
    const dir = tmp();
    await flow.save(dir);
    const diff = createModel("diffcsp", { ...tiny });
    await expect(diff.load(dir)).rejects.toThrow(/holds a flowmm model, not diffcsp/);
    const bytes = readFileSync(join(dir, "weights.bin"));
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(join(dir, "weights.bin"), bytes);
    await expect(loadModel(dir)).rejects.toThrow(ModelConfigError);
    await expect(loadModel(tmp())).rejects.toThrow(/no config.json/);
    writeFileSync(join(dir, "config.json"), "{\"hello\": 1}");
    await expect(loadModel(dir)).rejects.toThrow(/not a crystal-workbench model checkpoint/);
    flow.dispose();
    diff.dispose();
  });
});

describe("bad requests fail before any work with ModelConfigError", () => {
  const m = createModel("diffcsp", { ...tiny, maxAtoms: 6, timesteps: 10 });
  afterAll(() => m.dispose());
  it("unknown element, too many atoms, no compositions for CSP, property not conditioned on, bad steps", async () => {
    await expect(m.sample({ compositions: ["QqO3"] })).rejects.toThrow(ModelConfigError);
    await expect(m.sample({ compositions: ["Sr(TiO3"] })).rejects.toThrow(/composition 0: .*Sr\(TiO3/);
    await expect(m.sample({ compositions: ["Sr2Ti2O6"] })).rejects.toThrow(/has 10 atoms; this model takes at most 6/);
    await expect(m.sample({ compositions: [[38, 120]] })).rejects.toThrow(/Z=120/);
    await expect(m.sample({ n: 3 })).rejects.toThrow(/needs compositions/);
    await expect(m.sample({ compositions: ["SrTiO3"], target: { property: "gap", value: 2 } })).rejects.toThrow(/not conditioned on gap/);
    await expect(m.sample({ compositions: ["SrTiO3"], settings: { steps: 0 } })).rejects.toThrow(/steps/);
  });
  it("reads compositions with the crystal core's formula parser (parentheses, element order of first appearance)", async () => {
    const [s] = await m.sample({ compositions: ["Sr(TiO3)"], settings: { steps: 2 } });
    expect(Array.from(s!.species)).toEqual([38, 22, 8, 8, 8]);
  });
  it("training data with too many atoms or without the conditioning column", async () => {
    await expect(m.train([makeStructure({ lattice: cubic(5), species: [8, 8, 8, 8, 8, 8, 8], fracCoords: new Float64Array(21).map((_, k) => k / 21) })])).rejects.toThrow(/has 7 atoms/);
    const c = createModel("diffcsp", { ...tiny, condition: "band_gap" });
    await expect(c.train(data)).rejects.toThrow(/has no column band_gap/);
    c.dispose();
  });
});

describe("classifier-free guidance", () => {
  it("a conditioned model learns the property's scale, samples with a target, and the guidance scale changes the samples", async () => {
    const m = createModel("diffcsp", { ...tiny, timesteps: 10, condition: "gap", conditionDropout: 0.5 });
    await m.train(data, { epochs: 2, batchSize: 4 });
    expect(m.config.condition!.mean).toBeCloseTo(2.7, 6);
    const req = { compositions: ["SrTiO3"], settings: { steps: 4 }, seed: 1, target: { property: "gap", value: 3 } };
    const g1 = await m.sample(req);
    const g3 = await m.sample({ ...req, guidance: 3 });
    const un = await m.sample({ compositions: ["SrTiO3"], settings: { steps: 4 }, seed: 1 });
    expect(Array.from(g3[0]!.fracCoords)).not.toEqual(Array.from(g1[0]!.fracCoords));
    expect(Array.from(un[0]!.fracCoords)).not.toEqual(Array.from(g1[0]!.fracCoords));
    m.dispose();
  });
});

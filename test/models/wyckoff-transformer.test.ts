import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reducedFormula } from "../../src/crystal/composition.js";
import { minimumSiteDistance } from "../../src/crystal/distances.js";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { analyzeSymmetry } from "../../src/crystal/symmetry/index.js";
import { type GenerativeModel, ModelRequestError, createModel, initBackend, loadModel } from "../../src/models/index.js";
import { tempDirMaker } from "../temp-dirs.js";

const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);
const perovskite = (species: number[], a: number, id: string) =>
  makeStructure({ lattice: cubic(a), species, fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id } });
// Ti at 1a, Sr at 1b, O at 3c/3d: Pm-3m (221), 5 atoms in the conventional cell.
const data: Structure[] = [perovskite([22, 38, 8, 8, 8], 3.9, "SrTiO3"), perovskite([40, 56, 8, 8, 8], 4.2, "BaZrO3"), perovskite([22, 20, 8, 8, 8], 3.8, "CaTiO3"), perovskite([13, 57, 8, 8, 8], 3.8, "LaAlO3")];
const OPTIONS = { dModel: 16, nLayers: 1, nHeads: 2, mlpRatio: 2, contextLength: 16 };
const tmp = tempDirMaker("cw-wyckoff-");
const plain = (s: Structure) => ({ species: Array.from(s.species), fracCoords: Array.from(s.fracCoords), lattice: Array.from(s.lattice.matrix) });

let csp: GenerativeModel;
let gen: GenerativeModel;
beforeAll(async () => {
  await initBackend();
  csp = createModel("wyckoff-transformer", { ...OPTIONS, task: "csp" });
  gen = createModel("wyckoff-transformer", OPTIONS);
  for (const m of [csp, gen]) await m.train(data, { epochs: 150, batchSize: 4, lr: 3e-3, seed: 3 });
});
afterAll(() => {
  csp.dispose();
  gen.dispose();
});

describe("wyckoff-transformer: training", () => {
  it("records what the grammar needs: the largest conventional cell, the elements, the lattice bins; nothing skipped", () => {
    const f = gen.config.familyConfig as { maxCellAtoms: number; skipped: number; binning: { lengthRange: [number, number] } };
    expect(f.maxCellAtoms).toBe(5);
    expect(f.skipped).toBe(0);
    expect(gen.config.elements).toEqual([8, 13, 20, 22, 38, 40, 56, 57]);
    expect(f.binning.lengthRange[0]).toBeCloseTo(3.8 / 1.05, 10);
    expect(f.binning.lengthRange[1]).toBeCloseTo(4.2 * 1.05, 10);
  });

  it("learns the perovskites: most sampled crystals are in Pm-3m", async () => {
    const out = await gen.sample({ n: 20, seed: 4 });
    expect(out.filter((s) => s.properties?.["spaceGroup"] === 221).length).toBeGreaterThanOrEqual(10);
    for (const s of out) expect(s.species.length).toBeLessThanOrEqual(5);
  });

  it("a resumed run ends with the weights of an uninterrupted one", async () => {
    const [a, b] = [tmp(), tmp()];
    const straight = createModel("wyckoff-transformer", OPTIONS);
    await straight.train(data, { epochs: 3, batchSize: 2, seed: 1, checkpointDir: a });
    const stopped = createModel("wyckoff-transformer", OPTIONS);
    await stopped.train(data, { epochs: 3, batchSize: 2, seed: 1, checkpointDir: b, stopAfterSteps: 2 });
    const resumed = createModel("wyckoff-transformer", OPTIONS);
    await resumed.train(data, { epochs: 3, batchSize: 2, seed: 1, checkpointDir: b, resume: true });
    const state = (d: string) => (JSON.parse(readFileSync(join(d, "config.json"), "utf8")) as { state: { weights: { checksum: string }; trainState: { checksum: string } }; training: { stepsDone: number } });
    expect(state(b).training.stepsDone).toBe(6);
    expect(state(b).state.weights.checksum).toBe(state(a).state.weights.checksum);
    expect(state(b).state.trainState.checksum).toBe(state(a).state.trainState.checksum);
    for (const m of [straight, stopped, resumed]) m.dispose();
  });
});

describe("wyckoff-transformer: prompts", () => {
  it("CSP: every sample has the prompt's composition (the grammar holds it)", async () => {
    const out = await csp.sample({ compositions: ["SrTiO3", "BaZrO3", "LaAlO3", "CaTiO3"], seed: 2 });
    expect(out.map((s) => reducedFormula(s.species))).toEqual(["SrTiO3", "BaZrO3", "LaAlO3", "CaTiO3"]);
  });

  it("a space-group prompt: every crystal is built in it and has at least its symmetry", async () => {
    const out = await csp.sample({ compositions: ["SrTiO3", "SrTiO3", "SrTiO3"], spaceGroup: 221, seed: 1 });
    for (const s of out) {
      expect(s.properties?.["spaceGroup"]).toBe(221);
      expect(analyzeSymmetry(s, { symprec: 1e-3 }).operations.length).toBeGreaterThanOrEqual(48); // Pm-3m: 48 operations per primitive cell
    }
    const p1 = await gen.sample({ n: 3, spaceGroup: 1, seed: 1 });
    expect(p1.every((s) => s.properties?.["spaceGroup"] === 1)).toBe(true);
  });

  it("temperature 0 is greedy: the same crystal whatever the seed; top-k 1 is the same", async () => {
    const a = await gen.sample({ n: 2, seed: 1, settings: { temperature: 0 } });
    const b = await gen.sample({ n: 1, seed: 9, settings: { temperature: 0 } });
    const c = await gen.sample({ n: 1, seed: 5, settings: { topK: 1 } });
    expect(plain(a[1]!)).toEqual(plain(a[0]!));
    expect(plain(b[0]!)).toEqual(plain(a[0]!));
    expect(plain(c[0]!)).toEqual(plain(a[0]!));
  });

  it("the distance mask (minDistance, Å) reaches the grammar: TiO in P1 keeps its two sites 1.5 Å apart, free sampling does not", async () => {
    // P1 has one letter, 1a (x, y, z): the prompt forces two orbits whose distance depends on all six coordinates. A
    // context of 24 tokens holds that sequence (the shared models' 16 does not).
    const model = createModel("wyckoff-transformer", { ...OPTIONS, contextLength: 24, task: "csp" });
    await model.train(data, { epochs: 40, batchSize: 4, lr: 3e-3, seed: 3 });
    const request = { compositions: new Array<string>(16).fill("TiO"), spaceGroup: 1, seed: 1 };
    const free = await model.sample(request);
    const masked = await model.sample({ ...request, settings: { minDistance: 1.5 } });
    expect(free.some((s) => minimumSiteDistance(s) < 1.5)).toBe(true);
    for (const s of masked) expect(minimumSiteDistance(s)).toBeGreaterThanOrEqual(1.5);
    model.dispose();
  });

  it("a trained model round-trips through its checkpoint", async () => {
    const dir = tmp();
    await gen.save(dir);
    const loaded = await loadModel(dir);
    const request = { n: 3, seed: 7, settings: { temperature: 0.8, topP: 0.9 } };
    expect((await loaded.sample(request)).map(plain)).toEqual((await gen.sample(request)).map(plain));
    loaded.dispose();
  });
});

describe("wyckoff-transformer: refusals before any work", () => {
  const refused = async (model: GenerativeModel, request: Parameters<GenerativeModel["sample"]>[0], field: string, message: RegExp) => {
    const e = await model.sample(request).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ModelRequestError);
    expect((e as ModelRequestError).field).toBe(field);
    expect((e as Error).message).toMatch(message);
  };

  it("an unknown element: not an element at all, or one the model never saw", async () => {
    await refused(csp, { compositions: ["XqO2"] }, "compositions", /composition 0/);
    await refused(csp, { compositions: ["SrTiO3", "NaCl"] }, "compositions", /composition 1 \(NaCl\): Na is not among the 8 elements this model was trained on/);
  });

  it("a space group outside 1–230", async () => {
    await refused(gen, { n: 1, spaceGroup: 231 }, "spaceGroup", /1–230/);
    await refused(csp, { compositions: ["SrTiO3"], spaceGroup: 0 }, "spaceGroup", /1–230/);
  });

  it("a composition no Wyckoff combination of the requested group holds", async () => {
    // Im-3m has no orbit of fewer than 2 sites, and the model's cells hold at most 5 atoms (one SrTiO3): Sr cannot be placed.
    await refused(csp, { compositions: ["SrTiO3"], spaceGroup: 229 }, "spaceGroup", /composition 0 \(SrTiO3\): no combination of Wyckoff positions of space group 229 \(I m -3 m\) holds it with at most 5 atoms/);
  });

  it("a prompt whose shortest sequence is longer than the context", async () => {
    // In P1 each of the 5 atoms is an orbit of 5 tokens (element, letter, x, y, z): 2 + 25 + 1 + 6 + 1 = 35 > 16 tokens.
    await refused(csp, { compositions: ["SrTiO3"], spaceGroup: 1 }, "compositions", /longer than the model's context of 16 tokens/);
    // Without the group the perovskite fits (Pm-3m: 2 + 6 + 1 + 1 + 1 = 11 tokens).
    expect((await csp.sample({ compositions: ["SrTiO3"], seed: 0 })).length).toBe(1);
  });

  it("an untrained model and a field it cannot honour", async () => {
    const fresh = createModel("wyckoff-transformer", OPTIONS);
    await expect(fresh.sample({ n: 1 })).rejects.toThrow(/has not been trained/);
    await refused(gen, { n: 1, numAtoms: 5 }, "numAtoms", /cannot honour numAtoms/);
    await refused(gen, { n: 1, settings: { topP: 2 } }, "topP", /topP/);
    fresh.dispose();
  });
});

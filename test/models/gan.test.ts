// The GAN family: the gradient penalty and its second-order gradient (against finite differences and a hand-derived
// value), the critic's invariances, the periodic pair geometry, resumable training with diagnostics, and refusals.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { type GanDiagnostics, type CrystalTensors, criticForward, gradientPenalty, initGanParams, pairGeometry } from "../../src/models/gan/index.js";
import { pickElement, slotElements, slotOrder } from "../../src/models/gan/crystal-arrays.js";
import { expTwice, sigmoidTwice } from "../../src/models/gan/second-order.js";
import { ModelConfigError, ModelRequestError, initBackend, modelFamily } from "../../src/models/index.js";
import { rng } from "../../src/util/random.js";
import { gradientCheck } from "./finite-difference.js";
import { tempDirMaker } from "../temp-dirs.js";

const perovskite = (species: number[], a: number, id: string) =>
  makeStructure({ lattice: latticeFromParameters(a, a, a, 90, 90, 90), species, fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id } });
const data: Structure[] = [perovskite([38, 22, 8, 8, 8], 3.9, "SrTiO3"), perovskite([56, 40, 8, 8, 8], 4.2, "BaZrO3"), perovskite([20, 22, 8, 8, 8], 3.8, "CaTiO3"), perovskite([57, 13, 8, 8, 8], 3.8, "LaAlO3")];
const shape = { latentDim: 3, generatorHidden: 6, criticHidden: 5, numAtoms: 3, numElements: 2 };
const stats = { mean: [Math.log(4), Math.log(4), Math.log(4), 0, 0, 0], std: [0.2, 0.2, 0.2, 0.5, 0.5, 0.5] };
const tmp = tempDirMaker("cw-gan-");

/** A fixed batch of two crystals of three atoms (lattice, coordinates and probabilities away from any symmetry). */
function crystals(): CrystalTensors {
  return {
    lattice: tf.tensor2d([[0.3, -0.2, 0.1, 0.4, -0.3, 0.2], [-0.5, 0.2, 0.6, -0.1, 0.3, 0.0]]),
    frac: tf.tensor3d([[[0.1, 0.2, 0.3], [0.6, 0.4, 0.9], [0.35, 0.8, 0.05]], [[0.7, 0.1, 0.5], [0.2, 0.9, 0.45], [0.55, 0.3, 0.75]]]),
    probs: tf.tensor3d([[[0.8, 0.2], [0.3, 0.7], [0.55, 0.45]], [[0.1, 0.9], [0.65, 0.35], [0.4, 0.6]]]),
  };
}

beforeAll(async () => {
  await initBackend();
});

describe("the WGAN-GP gradient penalty", () => {
  it("equals (‖∇D‖ − 1)² by hand for a linear critic D(x) = 2 Σ lattice + 3 Σ frac + Σ probs", () => {
    const x = crystals();
    // Per crystal ∇D has six entries 2 (lattice), nine entries 3 (coordinates), six entries 1 (probabilities): ‖∇D‖² = 24 + 81 + 6.
    const penalty = gradientPenalty((c) => tf.addN([tf.mul(tf.sum(c.lattice, 1), 2), tf.mul(tf.sum(c.frac, [1, 2]), 3), tf.sum(c.probs, [1, 2])]) as tf.Tensor1D, x);
    expect(penalty.dataSync()[0]!).toBeCloseTo((Math.sqrt(111) - 1) ** 2, 3);
    tf.dispose([penalty, x.lattice, x.frac, x.probs]);
  });

  it("has the gradient with respect to critic weights that central finite differences give (second-order autodiff)", () => {
    const params = initGanParams(shape, 7);
    for (const v of params.values()) v.assign(tf.mul(v, 4)); // a critic steep enough that ‖∇D‖ is of order 1
    const x = crystals();
    const penalty = () => gradientPenalty((c) => criticForward(params, c, stats), x);
    for (const [name, index] of [["critic.pair1.Wg", 6], ["critic.atom1.Wm", 3], ["critic.readout1.W", 10], ["critic.pair1.b", 2]] as const) {
      const { analytic, numeric } = gradientCheck(penalty, params.get(name)!, index);
      expect(Math.abs(analytic), name).toBeGreaterThan(1e-4); // a weight that matters
      expect(Math.abs(analytic - numeric), name).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
    }
    tf.dispose([x.lattice, x.frac, x.probs, ...params.values()]);
  });
});

describe("exp and σ differentiable twice", () => {
  it("give second derivatives e^x and σ(1 − σ)(1 − 2σ) (TF.js's own Exp and Sigmoid do not)", () => {
    const x = tf.scalar(0.3);
    const d2 = (f: (t: tf.Tensor) => tf.Tensor) => tf.grad((u: tf.Tensor) => tf.grad((v: tf.Tensor) => f(v))(u))(x).dataSync()[0]!;
    const s = 1 / (1 + Math.exp(-0.3));
    expect(d2(expTwice)).toBeCloseTo(Math.exp(0.3), 5);
    expect(d2(sigmoidTwice)).toBeCloseTo(s * (1 - s) * (1 - 2 * s), 5);
    x.dispose();
  });
});

describe("the critic", () => {
  it("scores a crystal the same whatever the order of its atoms and wherever its origin", () => {
    const params = initGanParams(shape, 3);
    const x = crystals();
    const score = (c: CrystalTensors) => Array.from(criticForward(params, c, stats).dataSync());
    const permuted = { lattice: x.lattice, frac: tf.gather(x.frac, [2, 0, 1], 1) as tf.Tensor3D, probs: tf.gather(x.probs, [2, 0, 1], 1) as tf.Tensor3D };
    const shifted = { ...x, frac: tf.add(x.frac, tf.tensor1d([0.37, -0.21, 0.9])) as tf.Tensor3D };
    const [s, sp, ss] = [score(x), score(permuted), score(shifted)];
    sp.forEach((v, b) => expect(v).toBeCloseTo(s[b]!, 5));
    ss.forEach((v, b) => expect(v).toBeCloseTo(s[b]!, 4));
    expect(Math.abs(s[0]! - s[1]!)).toBeGreaterThan(1e-6); // and it does tell the two crystals apart
    tf.dispose([x.lattice, x.frac, x.probs, permuted.frac, permuted.probs, shifted.frac, ...params.values()]);
  });

  it("sees sin/cos of 2πΔ and minimum-image distances in units of ℓ₀ (a 4 Å cube: 2 Å and 0.4 Å → 0.5 and 0.1)", () => {
    const lattice = tf.zeros([1, 6]) as tf.Tensor2D; // standardised 0 → a = b = c = 4 Å, angles 55° + 70°·σ(0) = 90°
    const frac = tf.tensor3d([[[0, 0, 0], [0.5, 0, 0], [0.9, 0, 0]]]);
    const g = pairGeometry(lattice, frac, stats).arraySync()[0]!;
    expect(g[0]![1]![6]!).toBeCloseTo(0.5, 3);
    expect(g[0]![2]![6]!).toBeCloseTo(0.1, 3);
    expect(g[1]![2]![6]!).toBeCloseTo(0.4, 3);
    expect(g[0]![1]![0]!).toBeCloseTo(0, 5); // sin(2π·0.5)
    expect(g[0]![1]![3]!).toBeCloseTo(-1, 5); // cos(2π·0.5)
    expect(g[0]![2]![0]!).toBeCloseTo(Math.sin(2 * Math.PI * 0.9), 5);
    tf.dispose([lattice, frac]);
  });
});

describe("atom slots", () => {
  it("order atoms by electronegativity (ties by Z), so each slot holds one chemical role: cation A, cation B, anions", () => {
    expect(slotOrder([8, 22, 8, 38, 8])).toEqual([3, 1, 0, 2, 4]); // Sr 0.95, Ti 1.54, then the three O (3.44)
    // La 1.10 < Al 1.61; SMACT's Pauling table (the one the validity check uses) gives Zr 0.33 < Ba 0.89.
    expect(slotElements(data, 5)).toEqual([[20, 38, 40, 57], [13, 22, 56], [8], [8], [8]]);
  });
});

describe("element decoding", () => {
  it("takes the largest logit, or draws from the softmax (logits 0 and ln 3 → 1/4 and 3/4)", () => {
    expect(pickElement([0.1, 2, -1], "argmax", rng(0))).toBe(1);
    const r = rng(11);
    const draws = Array.from({ length: 8000 }, () => pickElement([0, Math.log(3)], "sample", r));
    expect(draws.filter((k) => k === 1).length / draws.length).toBeCloseTo(0.75, 1);
  });
});

describe("training a gan", () => {
  const family = () => modelFamily("gan");
  const tiny = { latentDim: 4, generatorHidden: 8, criticHidden: 6, nCritic: 2, seed: 1 };
  const settings = { diagnosticsEvery: 2, diagnosticsSamples: 6 };
  const withCov = { name: "tiny", split: "all", structures: data, covCutoffs: { struct: 0.4, comp: 10 } };

  it("resumes to the very run an uninterrupted call makes (weights and diagnostics), and records diagnostics", async () => {
    const full = family().create(tiny);
    const dirA = tmp();
    await full.train(withCov, { epochs: 4, batchSize: 2, seed: 3, checkpointDir: dirA, settings });
    const dirB = tmp();
    const first = family().create(tiny);
    await first.train(withCov, { epochs: 4, batchSize: 2, seed: 3, checkpointDir: dirB, settings, stopAfterSteps: 2 });
    const second = family().fromConfig(first.config);
    first.dispose();
    const report = await second.train(withCov, { checkpointDir: dirB, resume: true, settings });
    expect(report.stepsDone).toBe(4);
    expect(readFileSync(join(dirB, "weights.bin"))).toEqual(readFileSync(join(dirA, "weights.bin")));
    const diag = JSON.parse(readFileSync(join(dirA, "diagnostics.json"), "utf8")) as GanDiagnostics;
    expect(JSON.parse(readFileSync(join(dirB, "diagnostics.json"), "utf8"))).toEqual(diag);
    expect(diag.reference).toBe("training data");
    expect(diag.records.map((r) => [r.step, r.window, r.samples])).toEqual([[2, 2, 6], [4, 2, 6]]);
    for (const r of diag.records) {
      expect(Object.values(r.elementCounts).reduce((a, b) => a + b, 0)).toBe(6 * 5);
      for (const f of [r.uniqueness, r.structValidity, r.compValidity, r.covRecall!, r.covPrecision!]) expect(f >= 0 && f <= 1).toBe(true);
      expect(Number.isFinite(r.wasserstein) && r.gradientPenalty >= 0).toBe(true);
    }
    full.dispose();
    second.dispose();
  });

  it("samples crystals of the training atom count and elements only, reproducibly per seed", async () => {
    const model = family().create(tiny);
    await model.train(data, { epochs: 2, batchSize: 2 });
    const a = await model.sample({ n: 5, seed: 4, settings: { elementDraw: "sample" } });
    const b = await model.sample({ n: 5, seed: 4, settings: { elementDraw: "sample" } });
    expect(a.map((s) => Array.from(s.species))).toEqual(b.map((s) => Array.from(s.species)));
    const allowed = new Set(data.flatMap((s) => Array.from(s.species)));
    for (const s of a) {
      expect(s.species.length).toBe(5);
      expect(Array.from(s.species).every((z) => allowed.has(z))).toBe(true);
    }
    model.dispose();
  });

  it("refuses crystals of mixed atom counts, fine-tuning, and sampling before training", async () => {
    const model = family().create(tiny);
    const odd = makeStructure({ lattice: latticeFromParameters(3, 3, 3, 90, 90, 90), species: [11, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    const e = await model.train([...data, odd], { epochs: 1 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModelRequestError);
    expect((e as ModelRequestError).field).toBe("data");
    expect((e as Error).message).toMatch(/structure 4 has 2 atoms/);
    await expect(model.train(data, { initFrom: "/nowhere" })).rejects.toThrow(ModelRequestError);
    await expect(model.sample({ n: 2 })).rejects.toThrow(ModelConfigError);
    await expect(model.train(data, { settings: { diagnosticsReference: "perov_5" } })).rejects.toThrow(/DATASET:SPLIT/);
    model.dispose();
  });
});

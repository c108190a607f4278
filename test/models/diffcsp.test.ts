import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { initBackend } from "../../src/models/backend/index.js";
import type { SampleChunk } from "../../src/models/common/denoiser-model.js";
import { crystalGraph, disposeCrystalGraph } from "../../src/models/cspnet/index.js";
import { createModel } from "../../src/models/load-model.js";
import {
  DIFFCSP_FAMILY, DiffCsp, type DiffcspFamilyConfig, cosineBetaSchedule, diffcspConfig, sigmaSchedule, sigmaTable, wrappedNormalDensity, wrappedNormalNegScore, wrappedNormalScoreNorm,
} from "../../src/models/diffcsp/index.js";
import { batchStructures } from "../../src/representations/batch.js";
import { rng } from "../../src/util/random.js";

beforeAll(async () => {
  await initBackend();
});

describe("DiffCSP schedules", () => {
  it("cosine β schedule: ᾱ falls from ≈1 to ≈0, β clipped to [1e-4, 0.9999], posterior σ_1 = 0", () => {
    const s = cosineBetaSchedule(1000);
    expect(s.alphasCumprod[0]).toBe(1);
    expect(s.betas[1]).toBeCloseTo(1e-4, 8);
    expect(s.betas[1000]).toBeCloseTo(0.9999, 8);
    expect(s.alphasCumprod[1000]).toBeLessThan(1e-8);
    expect(s.alphasCumprod[500]).toBeCloseTo(0.4937, 3);
    expect(s.sigmas[1]).toBe(0);
  });
  it("σ schedule is geometric from σ_begin to σ_end", () => {
    const s = sigmaSchedule(1000, 0.005, 0.5);
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(0.005, 12);
    expect(s[1000]).toBeCloseTo(0.5, 12);
    expect(s[501]! / s[1]!).toBeCloseTo(Math.pow(100, 500 / 999), 8);
  });
  it("the wrapped-normal negative score is −d/dx log p (finite differences) and periodic", () => {
    for (const [x, sigma] of [[0.1, 0.05], [0.37, 0.3], [-0.45, 0.5], [0.2, 0.8]] as const) {
      const h = 1e-5;
      const fd = -(Math.log(wrappedNormalDensity(x + h, sigma)) - Math.log(wrappedNormalDensity(x - h, sigma))) / (2 * h);
      expect(wrappedNormalNegScore(x, sigma)).toBeCloseTo(fd, 4);
      expect(wrappedNormalNegScore(x + 1, sigma)).toBeCloseTo(wrappedNormalNegScore(x, sigma), 8);
    }
  });
  it("E[score²] is 1/σ² for narrow σ and matches a Monte-Carlo estimate for wide σ", () => {
    expect(wrappedNormalScoreNorm(0.01) * 1e-4).toBeCloseTo(1, 6);
    const r = rng(1);
    for (const sigma of [0.2, 0.5]) {
      let sum = 0;
      const n = 200000;
      for (let i = 0; i < n; i++) sum += wrappedNormalNegScore(sigma * r.normal(), sigma) ** 2;
      expect(wrappedNormalScoreNorm(sigma) / (sum / n)).toBeCloseTo(1, 1);
    }
    const t = sigmaTable(10, 0.005, 0.5);
    expect(t.norms[0]).toBe(1);
    expect(t.norms[1]).toBeCloseTo(40000, 0);
  });
});

// Exposes the sampler so it can run with an oracle denoiser that knows the answer.
class ProbeDiffCsp extends DiffCsp {
  run(chunk: SampleChunk) {
    return this.generate(chunk);
  }
}
const target = makeStructure({
  lattice: latticeFromParameters(3.9, 4.1, 4.3, 88, 92, 95),
  species: [38, 22, 8, 8, 8],
  fracCoords: [0.02, 0.03, 0.97, 0.5, 0.52, 0.49, 0.5, 0.5, 0.01, 0.48, 0.02, 0.5, 0.03, 0.5, 0.51],
});

describe("DiffCSP predictor–corrector sampler", () => {
  it("with the exact score and noise of one known crystal, recovers its coordinates (mod 1) and lattice", () => {
    const T = 100;
    const model = new ProbeDiffCsp(DIFFCSP_FAMILY, diffcspConfig({ timesteps: T, hidden: 8, layers: 1, freqs: 2, timeDim: 4 }));
    const betas = cosineBetaSchedule(T);
    const sig = sigmaTable(T, 0.005, 0.5);
    const batch = batchStructures([target]);
    const graph = crystalGraph(batch);
    const f0 = batch.fracCoords, L0 = batch.lattices;
    const res = model.run({
      batch, graph, species: tf.tensor1d(batch.species, "int32"), steps: T, settings: {}, random: rng(4), onStep: () => {},
      predict: (_types, x, L, t) => {
        const xv = x.dataSync(), Lv = L.dataSync();
        const coord = Float32Array.from(xv, (v, k) => wrappedNormalNegScore(v - f0[k]! - Math.round(v - f0[k]!), sig.sigmas[t]!) / Math.sqrt(sig.norms[t]!));
        const ab = betas.alphasCumprod[t]!;
        const eps = Float32Array.from(Lv, (v, k) => (v - Math.sqrt(ab) * L0[k]!) / Math.sqrt(1 - ab));
        return { coord: tf.tensor2d(coord, [5, 3]), lattice: tf.tensor3d(eps, [1, 3, 3]), latticeInvariant: tf.zeros([1, 9]) as tf.Tensor2D };
      },
    });
    disposeCrystalGraph(graph);
    const worst = Math.max(...Array.from(res.fracCoords, (v, k) => Math.abs(v - f0[k]! - Math.round(v - f0[k]!))));
    expect(worst).toBeLessThan(0.03);
    res.lattices.forEach((v, k) => expect(v).toBeCloseTo(L0[k]!, 3));
    model.dispose();
  });
});

describe("DiffCSP de novo type diffusion", () => {
  const genModel = (timesteps: number) =>
    new ProbeDiffCsp(DIFFCSP_FAMILY, { ...diffcspConfig({ task: "gen", timesteps, hidden: 8, layers: 1, freqs: 2, timeDim: 4 }), elements: [8, 22, 38] });
  const runTypes = (model: ProbeDiffCsp, typeEps: (types: Float32Array, t: number) => Float32Array) => {
    const batch = batchStructures([target]);
    const graph = crystalGraph(batch);
    const res = model.run({
      batch, graph, species: null, steps: 50, settings: {}, random: rng(6), onStep: () => {},
      predict: (types, _x, _L, t) => ({
        coord: tf.zeros([5, 3]) as tf.Tensor2D, lattice: tf.zeros([1, 3, 3]) as tf.Tensor3D, latticeInvariant: tf.zeros([1, 9]) as tf.Tensor2D,
        typeLogits: tf.tensor2d(typeEps(types.dataSync() as Float32Array, t), [5, 100]),
      }),
    });
    disposeCrystalGraph(graph);
    return res;
  };
  it("with the exact noise of the one-hot types, decodes the target's elements", () => {
    const model = genModel(50);
    const betas = cosineBetaSchedule(50);
    const res = runTypes(model, (v, t) => {
      const ab = betas.alphasCumprod[t]!;
      return v.map((x, k) => (x - Math.sqrt(ab) * (k % 100 === target.species[Math.floor(k / 100)] ? 1 : 0)) / Math.sqrt(1 - ab));
    });
    expect(Array.from(res.species)).toEqual(Array.from(target.species));
    model.dispose();
  });
  it("keeps the predicted clean types in [0, 1]: a wildly wrong noise estimate cannot throw the type vectors away", () => {
    const model = genModel(50);
    // ε̂ = −50 everywhere would put x̂₀ near +50/√ᾱ without the clip; with it every step stays near a point of [0, 1]¹⁰⁰.
    const readTypes: number[] = [];
    runTypes(model, (v) => {
      readTypes.push(Math.max(...Array.from(v, Math.abs)));
      return new Float32Array(v.length).fill(-50);
    });
    expect(Math.max(...readTypes.slice(-10))).toBeLessThan(2);
    model.dispose();
  });
});

describe("DiffCSP model", () => {
  const tiny = { hidden: 8, layers: 1, freqs: 2, timeDim: 4 };
  const data = [target, makeStructure({ ...target, species: [56, 40, 8, 8, 8], properties: { id: "BaZrO3", gap: 3 } })];
  it("trains (finite, reproducible losses) and samples valid, seed-reproducible CSP structures of the requested compositions", async () => {
    const a = createModel("diffcsp", { ...tiny, timesteps: 50 });
    const b = createModel("diffcsp", { ...tiny, timesteps: 50 });
    const ra = await a.train(data, { epochs: 3, batchSize: 2, seed: 3 });
    const rb = await b.train(data, { epochs: 3, batchSize: 2, seed: 3 });
    expect(ra.losses.length).toBe(3);
    expect(ra.losses.every(Number.isFinite)).toBe(true);
    expect(rb.losses).toEqual(ra.losses);
    const out = await a.sample({ compositions: ["SrTiO3", [56, 40, 8, 8, 8], "Sr2Ti2O6"], settings: { steps: 10 }, seed: 1 });
    expect(out.map((s) => Array.from(s.species))).toEqual([[38, 22, 8, 8, 8], [56, 40, 8, 8, 8], [38, 38, 22, 22, 8, 8, 8, 8, 8, 8]]);
    for (const s of out) expect(s.fracCoords.every((v) => v >= 0 && v < 1)).toBe(true);
    const again = await a.sample({ compositions: ["SrTiO3", [56, 40, 8, 8, 8], "Sr2Ti2O6"], settings: { steps: 10 }, seed: 1 });
    expect(Array.from(again[0]!.fracCoords)).toEqual(Array.from(out[0]!.fracCoords));
    a.dispose();
    b.dispose();
  });
  it("generates de novo with atom counts and elements from the training data", async () => {
    const m = createModel("diffcsp", { task: "gen", ...tiny, timesteps: 20 });
    await m.train(data, { epochs: 1, batchSize: 2 });
    expect(m.config.numAtomsCounts![5]).toBe(2);
    expect(m.config.elements).toEqual([8, 22, 38, 40, 56]);
    const out = await m.sample({ n: 3, settings: { steps: 5 } });
    expect(out.length).toBe(3);
    for (const s of out) {
      expect(s.species.length).toBe(5);
      for (const z of s.species) expect([8, 22, 38, 40, 56]).toContain(z);
    }
    m.dispose();
  });
  it("keeps sampled cells bounded even when the denoiser is untrained (predicted clean lattice clipped)", async () => {
    const m = createModel("diffcsp", { ...tiny, timesteps: 1000 });
    await m.train(data, { epochs: 1, batchSize: 2 });
    const clip = (m.config.familyConfig as DiffcspFamilyConfig).diffusion.latticeClip!;
    expect(clip).toBeCloseTo(1.5 * 4.3, 6); // largest lattice entry: c = (0, 0, 4.3) Å in pymatgen orientation
    const out = await m.sample({ compositions: ["SrTiO3", "BaZrO3"], settings: { steps: 10 }, seed: 3 });
    for (const s of out) for (const v of s.lattice.matrix) expect(Math.abs(v)).toBeLessThan(clip + 1);
    m.dispose();
  });
});

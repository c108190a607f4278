// CDVAE: the encoder's invariances (rotation, translation, atom order, periodic image), the KL term against its formula,
// the seeded reparameterisation, the lattice head's representation round trip, composition rounding, latent
// interpolation, property optimisation on the head, refusals before work, and a resumed run against an uninterrupted one.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromMatrix, latticeFromParameters, latticeParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { argmaxTypes, assignTypes } from "../../src/models/cdvae/langevin.js";
import { compositionCounts } from "../../src/models/cdvae/model.js";
import { klDivergence, reparameterise } from "../../src/models/cdvae/objective.js";
import { latticesFromStandard, standardLatticeParams, fitLatticeStats } from "../../src/models/flowmm/lattice-params.js";
import {
  type LatentModel, ModelRequestError, createModel, initBackend, interpolateLatents, isLatentModel, latentRays, loadModel, optimizeLatents, reconstructCrystals,
} from "../../src/models/index.js";
import { tempDirMaker } from "../temp-dirs.js";

const OPTIONS = { latentDim: 6, hidden: 16, layers: 2, freqs: 3, timeDim: 8, headHidden: 16, levels: 4, property: "target" };
const crystal = (species: number[], params: [number, number, number, number, number, number], frac: number[], id: string, target: number) =>
  makeStructure({ lattice: latticeFromParameters(...params), species, fracCoords: frac, properties: { id, target } });
const data: Structure[] = [
  crystal([38, 22, 8, 8, 8], [3.9, 3.9, 3.9, 90, 90, 90], [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], "SrTiO3", 1.0),
  crystal([56, 40, 8, 8, 8], [4.2, 4.2, 4.2, 90, 90, 90], [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], "BaZrO3", 2.0),
  crystal([22, 8, 8], [4.6, 4.7, 3.0, 90, 90, 90], [0, 0, 0, 0.3, 0.3, 0, 0.7, 0.7, 0], "TiO2", 0.5),
  crystal([38, 8], [3.6, 3.8, 4.1, 84, 97, 102], [0.1, 0.2, 0.3, 0.6, 0.55, 0.8], "SrO-low", 1.5),
];
const tmp = tempDirMaker("cw-cdvae-");
/** The same model with local messages over a 4 Å radius graph in encoder and decoder. */
const LOCAL_OPTIONS = { ...OPTIONS, localCutoff: 4, localNeighbors: 12, localBasis: 4 };
const trained = async (steps = 4, seed = 3, options: Parameters<typeof createModel>[1] = OPTIONS): Promise<LatentModel> => {
  const m = createModel("cdvae", options);
  await m.train(data, { epochs: 10, batchSize: 2, seed, stopAfterSteps: steps });
  if (!isLatentModel(m)) throw new Error("cdvae is not a LatentModel");
  return m;
};
const maxDiff = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((x, k) => Math.abs(x - b[k]!)));

beforeAll(async () => {
  await initBackend();
});

describe("the CDVAE encoder", () => {
  it.each([["", OPTIONS], [" (with local messages)", LOCAL_OPTIONS]])("gives the same posterior for a rotated cell, translated atoms, permuted atoms and another periodic image of an atom%s", async (_, options) => {
    const model = await trained(4, 3, options);
    const s = data[3]!; // triclinic, two distinct atoms: nothing is invariant by accident of symmetry
    const c = Math.cos(0.7), sn = Math.sin(0.7);
    const R = [c, -sn, 0, sn, c, 0, 0, 0, 1];
    const m = s.lattice.matrix;
    const rotated = Array.from({ length: 9 }, (_, k) => { const i = Math.floor(k / 3), j = k % 3; return m[3 * i]! * R[3 * j]! + m[3 * i + 1]! * R[3 * j + 1]! + m[3 * i + 2]! * R[3 * j + 2]!; });
    const f = Array.from(s.fracCoords);
    const variants = [
      makeStructure({ lattice: latticeFromMatrix(rotated), species: s.species, fracCoords: f }),
      makeStructure({ lattice: s.lattice, species: s.species, fracCoords: f.map((x, k) => (x + [0.13, 0.41, 0.77][k % 3]!) % 1) }),
      makeStructure({ lattice: s.lattice, species: [s.species[1]!, s.species[0]!], fracCoords: [...f.slice(3), ...f.slice(0, 3)] }),
      makeStructure({ lattice: s.lattice, species: s.species, fracCoords: f.map((x, k) => x + [1, -1, 2, 0, 3, -2][k]!) }),
    ];
    const [ref, ...others] = await model.encode([s, ...variants]);
    for (const o of others) {
      expect(maxDiff(o.mean, ref!.mean)).toBeLessThan(1e-4);
      expect(maxDiff(o.logVar, ref!.logVar)).toBeLessThan(1e-4);
      expect(Math.abs(o.property! - ref!.property!)).toBeLessThan(1e-4);
    }
    // …but not for another crystal.
    const [other] = await model.encode([data[2]!]);
    expect(maxDiff(other!.mean, ref!.mean)).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it("refuses, before any work, a crystal with an unseen element or too many atoms, naming its id", async () => {
    const model = await trained(1);
    const alien = crystal([79, 8], [4, 4, 4, 90, 90, 90], [0, 0, 0, 0.5, 0.5, 0.5], "gold-oxide", 0);
    await expect(model.encode([data[0]!, alien])).rejects.toThrow(/crystal 1 \(gold-oxide\): element Z=79/);
    const big = crystal(new Array(21).fill(8), [9, 9, 9, 90, 90, 90], Array.from({ length: 63 }, (_, k) => (k * 0.137) % 1), "big-one", 0);
    await expect(model.encode([big])).rejects.toThrow(/crystal 0 \(big-one\) has 21 atoms; this model takes at most 20/);
    await expect(model.encode([alien])).rejects.toBeInstanceOf(ModelRequestError);
    model.dispose();
  });
});

describe("the variational parts", () => {
  it("computes KL(N(μ, σ²) ‖ N(0, I)) as the hand formula, summed over dimensions and averaged over crystals", () => {
    const mu = [[0.5, -1, 0], [2, 0.1, -0.3]], lv = [[0, 0.4, -1], [-0.2, 1, 0.3]];
    const hand = mu.map((row, b) => row.reduce((s, m, k) => s + 0.5 * (m * m + Math.exp(lv[b]![k]!) - 1 - lv[b]![k]!), 0));
    const kl = klDivergence(tf.tensor2d(mu), tf.tensor2d(lv));
    expect(kl.dataSync()[0]).toBeCloseTo((hand[0]! + hand[1]!) / 2, 5);
    expect(klDivergence(tf.zeros([3, 4]), tf.zeros([3, 4])).dataSync()[0]).toBe(0); // the prior itself
    const z = reparameterise(tf.tensor2d([[1, 2]]), tf.tensor2d([[Math.log(4), 0]]), tf.tensor2d([[0.5, -1]]));
    expect(Array.from(z.dataSync())).toEqual([2, 1].map((v) => expect.closeTo(v, 6)));
  });

  it("draws the reparameterisation noise from the step's seed: the same seed trains identically, another seed differently", async () => {
    const run = async (seed: number) => {
      const m = createModel("cdvae", OPTIONS);
      const r = await m.train(data, { epochs: 10, batchSize: 2, seed, stopAfterSteps: 3 });
      m.dispose();
      return r.losses;
    };
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("represents lattices as FlowMM's standardised parameters and reads them back to the same cell", () => {
    const stats = fitLatticeStats(data.map((s) => s.lattice.matrix));
    for (const s of data) {
      const back = latticesFromStandard(standardLatticeParams(s.lattice.matrix, stats), stats);
      const [p, q] = [latticeParameters(s.lattice), latticeParameters(latticeFromMatrix(Array.from(back)))];
      for (const k of ["a", "b", "c", "alpha", "beta", "gamma"] as const) expect(q[k]).toBeCloseTo(p[k], 3);
    }
  });

  it("assigns each crystal's element counts to its atoms by decreasing type logit, keeping the composition", () => {
    const K = 4; // types 0–3; two crystals: atoms 0–2 with {1: 2, 3: 1}, atoms 3–4 with {2: 2}
    const logits = [
      0, 5, 0, 4, // atom 0 prefers 1
      0, 3, 0, 9, // atom 1 prefers 3
      0, 8, 0, 7, // atom 2 prefers 1 (only count left of its best after atoms 0 and 1? 1 has 2: it gets 1)
      0, 0, 1, 9, // atom 3: 3 is not in its crystal's composition
      0, 0, 2, 0,
    ];
    const out = assignTypes(logits, K, [0, 3], [3, 2], [new Map([[1, 2], [3, 1]]), new Map([[2, 2]])]);
    expect(Array.from(out)).toEqual([1, 3, 1, 2, 2]);
    // When two atoms want the element of count 1, the larger logit wins and the other takes what is left.
    const tie = assignTypes([0, 1, 9, 0, 1, 8], 3, [0], [2], [new Map([[1, 1], [2, 1]])]);
    expect(Array.from(tie)).toEqual([2, 1]);
  });

  it("by CDVAE's rule gives each atom its most likely allowed type, whatever the counts", () => {
    // Atom 0 prefers 3 (not allowed) then 1; atom 1 prefers 2; atom 2 ties 1 and 2 (the smaller Z wins).
    const logits = [0, 5, 0, 9, 0, 3, 8, 7, 0, 4, 4, 0];
    expect(Array.from(argmaxTypes(logits, 4, [1, 2]))).toEqual([1, 2, 1]);
  });

  it("rounds a composition to whole atoms by largest remainders over the allowed elements", () => {
    const p = new Float32Array(100);
    [p[38], p[22], p[8], p[79]] = [0.21, 0.17, 0.52, 0.1]; // Au not allowed: renormalised over Sr, Ti, O
    expect([...compositionCounts(p, [8, 22, 38], 5)].sort((a, b) => a[0] - b[0])).toEqual([[8, 3], [22, 1], [38, 1]]);
    expect([...compositionCounts(p, [8, 22, 38], 1)]).toEqual([[8, 1]]);
  });
});

describe("the latent space", () => {
  it("interpolates linearly and spherically between two vectors, ends included", () => {
    const [a, b] = [[1, 0, 0], [0, 1, 0]];
    const lin = interpolateLatents(a, b, 3, "linear");
    expect(lin).toEqual([a, [0.5, 0.5, 0], b]);
    const sph = interpolateLatents(a, b, 3, "spherical");
    expect(sph[0]!.map((x, k) => x - a[k]!).every((d) => Math.abs(d) < 1e-12)).toBe(true);
    expect(sph[1]![0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(sph[1]![1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(sph[2]![1]).toBeCloseTo(1, 12);
    // The norm goes linearly from |a| to |b| along the great circle.
    const far = interpolateLatents([2, 0], [0, 4], 5, "spherical");
    far.forEach((v, i) => expect(Math.hypot(...v)).toBeCloseTo(2 + (2 * i) / 4, 10));
    expect(() => interpolateLatents([1], [1, 2], 3)).toThrow(ModelRequestError);
  });

  it("puts points on seeded rays from the origin at the given radii", () => {
    const rays = latentRays(5, [0, 1, 2.5], 3, 7);
    expect(rays).toHaveLength(3);
    rays[0]!.forEach((v) => expect(v.every((x) => x === 0)).toBe(true));
    rays[2]!.forEach((v, k) => {
      expect(Math.hypot(...v)).toBeCloseTo(2.5, 12);
      v.forEach((x, j) => expect(x).toBeCloseTo(2.5 * rays[1]![k]![j]!, 12)); // the same direction at every radius
    });
    expect(latentRays(5, [1], 3, 7)).toEqual([rays[1]]);
  });

  it("moves latent vectors down (min) or up (max) the property head, recording the path", async () => {
    const model = await trained(20);
    const starts = (await model.encode(data.slice(0, 2))).map((e) => [...e.mean]);
    for (const direction of ["min", "max"] as const) {
      const paths = optimizeLatents(model, starts, { direction, steps: 10, stepSize: 0.02, every: 5 });
      for (const p of paths) {
        expect(p.steps).toEqual([0, 5, 10]);
        const [first, last] = [p.values[0]!, p.values.at(-1)!];
        if (direction === "min") expect(last).toBeLessThan(first);
        else expect(last).toBeGreaterThan(first);
        expect(Math.hypot(...p.latents[2]!.map((x, k) => x - p.latents[0]![k]!))).toBeLessThanOrEqual(0.2 + 1e-9);
      }
    }
    model.dispose();
  });

  it("reconstructs crystals and decodes identically for the same seed", async () => {
    const model = await trained(4);
    const [a, b] = [await reconstructCrystals(model, data, { seed: 4 }), await reconstructCrystals(model, data, { seed: 4 })];
    expect(a).toHaveLength(4);
    expect(b.map((s) => Array.from(s.fracCoords))).toEqual(a.map((s) => Array.from(s.fracCoords)));
    for (const s of a) expect(s.species.every((z) => [8, 22, 38, 40, 56].includes(z))).toBe(true);
    await expect(model.decode([[1, 2]])).rejects.toThrow(/latent vector 0 must hold 6 finite numbers/);
    await expect(model.sample({ task: "reconstruct", n: 2 })).rejects.toThrow(/reconstructCrystals/);
    model.dispose();
  });

  it("draws prior latents at the requested scale and follows the decoder's types when asked", async () => {
    const model = await trained(4);
    // At scale 0 every draw is z = 0: the heads give every sample the same cell.
    const atZero = await model.sample({ n: 3, seed: 2, settings: { latentScale: 0 } });
    for (const s of atZero.slice(1)) expect(Array.from(s.lattice.matrix)).toEqual(Array.from(atZero[0]!.lattice.matrix));
    const free = await model.sample({ n: 3, seed: 2 });
    expect(Array.from(free[1]!.lattice.matrix)).not.toEqual(Array.from(free[0]!.lattice.matrix));
    // CDVAE's type rule keeps the seen elements; the scale is refused where there is no prior draw.
    const decoderTypes = await model.sample({ n: 3, seed: 2, settings: { types: "decoder" } });
    for (const s of decoderTypes) expect(Array.from(s.species).every((z) => [8, 22, 38, 40, 56].includes(z))).toBe(true);
    await expect(model.decode([[0, 0, 0, 0, 0, 0]], { settings: { latentScale: 0.5 } })).rejects.toThrow(/latentScale scales prior draws/);
    model.dispose();
  });

  it("saves and reloads a model with local messages: its options and its samples come back the same", async () => {
    const model = await trained(3, 3, LOCAL_OPTIONS);
    const dir = tmp();
    await model.save(dir);
    const loaded = await loadModel(dir);
    const decoder = (loaded.config.familyConfig as { decoder: { local?: unknown } }).decoder;
    expect(decoder.local).toEqual({ cutoff: 4, maxNeighbors: 12, basis: 4 });
    const [a, b] = [await model.sample({ n: 2, seed: 6 }), await loaded.sample({ n: 2, seed: 6 })];
    expect(b.map((s) => Array.from(s.fracCoords))).toEqual(a.map((s) => Array.from(s.fracCoords)));
    expect(() => createModel("cdvae", { ...OPTIONS, localCutoff: 0 })).toThrow(/cutoff > 0/);
    [model, loaded].forEach((m) => m.dispose());
  });
});

describe("training", () => {
  it("resumes a stopped run exactly: 3 + 3 steps equal 6 uninterrupted ones", async () => {
    const whole = createModel("cdvae", OPTIONS);
    const r = await whole.train(data, { epochs: 3, batchSize: 2, seed: 5 });
    const dir = tmp();
    const first = createModel("cdvae", OPTIONS);
    const r1 = await first.train(data, { epochs: 3, batchSize: 2, seed: 5, checkpointDir: dir, stopAfterSteps: 3 });
    first.dispose();
    const second = createModel("cdvae", OPTIONS);
    const r2 = await second.train(data, { epochs: 3, batchSize: 2, seed: 5, checkpointDir: dir, resume: true });
    expect([...r1.losses, ...r2.losses]).toEqual(r.losses);
    const loaded = await loadModel(dir);
    const [a, b] = [await whole.sample({ n: 3, seed: 9 }), await loaded.sample({ n: 3, seed: 9 })];
    expect(b.map((s) => Array.from(s.fracCoords))).toEqual(a.map((s) => Array.from(s.fracCoords)));
    [whole, second, loaded].forEach((m) => m.dispose());
  });
});

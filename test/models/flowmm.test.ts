import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromMatrix, latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { initBackend } from "../../src/models/backend/index.js";
import type { SampleChunk } from "../../src/models/common/denoiser-model.js";
import { crystalGraph, disposeCrystalGraph } from "../../src/models/cspnet/index.js";
import { createModel } from "../../src/models/load-model.js";
import { COORD_SCALE, FLOWMM_FAMILY, FlowMm, flowmmConfig, latticeToParams, standardLatticeParams, torusDifference } from "../../src/models/flowmm/index.js";
import { type Batch, batchStructures } from "../../src/representations/batch.js";
import { type Rng, rng } from "../../src/util/random.js";

beforeAll(async () => {
  await initBackend();
});

class ProbeFlowMm extends FlowMm {
  run(chunk: SampleChunk) {
    return this.generate(chunk);
  }
  /** The coordinate and lattice targets of a batch, read back. */
  targets(batch: Batch, random: readonly Rng[]) {
    const noisy = this.noisyBatch(batch, random);
    const out = { coord: noisy.targetCoord.dataSync(), lattice: noisy.targetLattice.dataSync() };
    tf.dispose([...Object.values(noisy.input), noisy.targetCoord, noisy.targetLattice]);
    return out;
  }
}
const target = makeStructure({
  lattice: latticeFromParameters(3.9, 4.1, 4.3, 88, 92, 95),
  species: [38, 22, 8, 8, 8],
  fracCoords: [0.02, 0.03, 0.97, 0.5, 0.52, 0.49, 0.5, 0.5, 0.01, 0.48, 0.02, 0.5, 0.03, 0.5, 0.51],
});

describe("flat-torus geodesics", () => {
  it("take the shortest periodic difference", () => {
    expect(torusDifference(0.9)).toBeCloseTo(-0.1, 12);
    expect(torusDifference(-0.7)).toBeCloseTo(0.3, 12);
    expect(torusDifference(0.2)).toBeCloseTo(0.2, 12);
  });
});

describe("FlowMM Euler sampler", () => {
  it("with the exact conditional velocity field of one crystal, lands on its coordinates and lattice", () => {
    const model = new ProbeFlowMm(FLOWMM_FAMILY, flowmmConfig({ hidden: 8, layers: 1, freqs: 2, timeDim: 4 }));
    const stats = model.config.familyConfig.flow.latticeStats;
    const batch = batchStructures([target]);
    const graph = crystalGraph(batch);
    const f1 = batch.fracCoords, L1 = batch.lattices;
    const z1 = standardLatticeParams(L1, stats);
    const res = model.run({
      batch, graph, species: tf.tensor1d(batch.species, "int32"), steps: 20, settings: {}, random: rng(2), onStep: () => {},
      predict: (_t, x, L, time) => {
        const t = time / 1000;
        const xv = x.dataSync();
        const z = latticeToParams(L.dataSync()).map((v, k) => (v - stats.mean[k]!) / stats.std[k]!);
        return {
          coord: tf.tensor2d(Float32Array.from(xv, (v, k) => torusDifference(f1[k]! - v) / (1 - t) / COORD_SCALE), [5, 3]),
          lattice: tf.zeros([1, 3, 3]) as tf.Tensor3D,
          latticeInvariant: tf.tensor2d([...z.map((v, k) => (z1[k]! - v) / (1 - t)), 0, 0, 0], [1, 9]),
        };
      },
    });
    disposeCrystalGraph(graph);
    res.fracCoords.forEach((v, k) => expect(Math.abs(torusDifference(v - f1[k]!))).toBeLessThan(1e-5));
    res.lattices.forEach((v, k) => expect(v).toBeCloseTo(L1[k]!, 4));
    model.dispose();
  });
});

describe("FlowMM inference anti-annealing", () => {
  it("scales the coordinate velocity by 1 + s′t at each Euler step", () => {
    const endpoints = (antiAnneal: number) => {
      const model = new ProbeFlowMm(FLOWMM_FAMILY, flowmmConfig({ hidden: 8, layers: 1, freqs: 2, timeDim: 4, antiAnneal }));
      const batch = batchStructures([target]);
      const graph = crystalGraph(batch);
      // A constant unit velocity (network units) for every coordinate, a still lattice; steps at t = 0 and 0.5.
      const res = model.run({
        batch, graph, species: tf.tensor1d(batch.species, "int32"), steps: 2, settings: {}, random: rng(3), onStep: () => {},
        predict: () => ({ coord: tf.ones([5, 3]) as tf.Tensor2D, lattice: tf.zeros([1, 3, 3]) as tf.Tensor3D, latticeInvariant: tf.zeros([1, 9]) as tf.Tensor2D }),
      });
      disposeCrystalGraph(graph);
      model.dispose();
      return res.fracCoords;
    };
    // Displacement: COORD_SCALE·(½·1 + ½·(1 + s′/2)) = COORD_SCALE·(1 + s′/4); s′ = 4 moves one COORD_SCALE further.
    const plain = endpoints(0), annealed = endpoints(4);
    plain.forEach((v, k) => expect(Math.abs(torusDifference(annealed[k]! - v - COORD_SCALE))).toBeLessThan(1e-5));
  });
});

describe("FlowMM training targets", () => {
  it("are invariant to a rotation of the cell and the coordinate velocities sum to zero in each crystal", () => {
    const model = new ProbeFlowMm(FLOWMM_FAMILY, flowmmConfig({ hidden: 8, layers: 1, freqs: 2, timeDim: 4 }));
    // Rotate the Cartesian frame by 30° about z: L' = L Rᵀ, same fractional coordinates, the same crystal.
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    const R = [c, -s, 0, s, c, 0, 0, 0, 1];
    const m = target.lattice.matrix;
    const rotated = makeStructure({
      ...target,
      lattice: latticeFromMatrix(Array.from({ length: 9 }, (_, k) => {
        const [i, j] = [Math.floor(k / 3), k % 3];
        return m[3 * i]! * R[3 * j]! + m[3 * i + 1]! * R[3 * j + 1]! + m[3 * i + 2]! * R[3 * j + 2]!;
      })),
    });
    const a = model.targets(batchStructures([target]), [rng(5)]);
    const b = model.targets(batchStructures([rotated]), [rng(5)]);
    expect(b.lattice.length).toBe(6);
    b.lattice.forEach((v, k) => expect(v).toBeCloseTo(a.lattice[k]!, 4));
    for (let k = 0; k < 3; k++) expect(Math.abs([0, 1, 2, 3, 4].reduce((sum, i) => sum + a.coord[3 * i + k]!, 0))).toBeLessThan(1e-5);
    model.dispose();
  });
});

describe("FlowMM model", () => {
  it("trains reproducibly and samples CSP structures with a chosen number of Euler steps", async () => {
    const data = [target, makeStructure({ ...target, species: [56, 40, 8, 8, 8] })];
    const a = createModel("flowmm", { hidden: 8, layers: 1, freqs: 2, timeDim: 4 });
    const b = createModel("flowmm", { hidden: 8, layers: 1, freqs: 2, timeDim: 4 });
    const ra = await a.train(data, { epochs: 4, batchSize: 2, seed: 9 });
    expect((await b.train(data, { epochs: 4, batchSize: 2, seed: 9 })).losses).toEqual(ra.losses);
    let steps = 0;
    const out = await a.sample({ compositions: ["SrTiO3", "BaZrO3"], settings: { steps: 7 }, onProgress: (d) => (steps = d) });
    expect(steps).toBe(7);
    expect(out.map((s) => s.species.length)).toEqual([5, 5]);
    a.dispose();
    b.dispose();
  });
});

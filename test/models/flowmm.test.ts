import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { initBackend } from "../../src/models/backend/index.js";
import type { SampleChunk } from "../../src/models/common/denoiser-model.js";
import { crystalGraph, disposeCrystalGraph } from "../../src/models/cspnet/index.js";
import { FlowMm, flowmmConfig, torusDifference } from "../../src/models/flowmm/index.js";
import { batchStructures } from "../../src/representations/batch.js";
import { rng } from "../../src/util/random.js";

beforeAll(async () => {
  await initBackend();
});

class ProbeFlowMm extends FlowMm {
  run(chunk: SampleChunk) {
    return this.generate(chunk);
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
    const model = new ProbeFlowMm(flowmmConfig({ network: { hidden: 8, layers: 1, freqs: 2, timeDim: 4 } }));
    const batch = batchStructures([target]);
    const graph = crystalGraph(batch);
    const f1 = batch.fracCoords, L1 = batch.lattices;
    const res = model.run({
      batch, graph, species: tf.tensor1d(batch.species, "int32"), steps: 20, random: rng(2), onStep: () => {},
      predict: (_t, x, L, time) => {
        const t = time / 1000;
        const xv = x.dataSync(), Lv = L.dataSync();
        return {
          coord: tf.tensor2d(Float32Array.from(xv, (v, k) => torusDifference(f1[k]! - v) / (1 - t)), [5, 3]),
          lattice: tf.tensor3d(Float32Array.from(Lv, (v, k) => (L1[k]! - v) / (1 - t)), [1, 3, 3]),
        };
      },
    });
    disposeCrystalGraph(graph);
    res.fracCoords.forEach((v, k) => expect(Math.abs(torusDifference(v - f1[k]!))).toBeLessThan(1e-5));
    res.lattices.forEach((v, k) => expect(v).toBeCloseTo(L1[k]!, 4));
    model.dispose();
  });
});

describe("FlowMM model", () => {
  it("trains reproducibly and samples CSP structures with a chosen number of Euler steps", async () => {
    const data = [target, makeStructure({ ...target, species: [56, 40, 8, 8, 8] })];
    const a = FlowMm.create({ network: { hidden: 8, layers: 1, freqs: 2, timeDim: 4 } });
    const b = FlowMm.create({ network: { hidden: 8, layers: 1, freqs: 2, timeDim: 4 } });
    const ra = await a.train(data, { epochs: 4, batchSize: 2, seed: 9 });
    expect((await b.train(data, { epochs: 4, batchSize: 2, seed: 9 })).losses).toEqual(ra.losses);
    let steps = 0;
    const out = await a.sample({ compositions: ["SrTiO3", "BaZrO3"], steps: 7, onProgress: (d) => (steps = d) });
    expect(steps).toBe(7);
    expect(out.map((s) => s.species.length)).toEqual([5, 5]);
    a.dispose();
    b.dispose();
  });
});

import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { initBackend } from "../../src/models/backend/index.js";
import { cosineEnvelope, crystalGraph, cspnetConfig, cspnetForward, disposeCrystalGraph, disposeParams, initCspnetParams, localEdges, radialBasis } from "../../src/models/cspnet/index.js";
import { batchStructures } from "../../src/representations/batch.js";

// Diamond carbon, conventional cell a = 3.567 Å: every atom has 4 neighbours at a√3/4 = 1.5446 Å, the next 12 at a/√2.
const a = 3.567;
const diamondFrac = [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.75];
const cubic = (l: number) => [l, 0, 0, 0, l, 0, 0, 0, l];

describe("localEdges: the radius graph of a batch", () => {
  it("finds the 4 bonds of every diamond atom at a√3/4, each displacement (±¼, ±¼, ±¼)", () => {
    const e = localEdges(diamondFrac, cubic(a), [0], [8], 1.6, 20);
    expect(e.receivers.length).toBe(32);
    for (let i = 0; i < 8; i++) expect(e.receivers.filter((r) => r === i).length).toBe(4);
    for (const d of e.distances) expect(d).toBeCloseTo((a * Math.sqrt(3)) / 4, 4);
    for (const v of e.fracDelta) expect(Math.abs(v)).toBeCloseTo(0.25, 6);
  });
  it("includes an atom's own images and keeps only the nearest maxNeighbors", () => {
    // One atom in a 2 Å cube: 6 images at 2 Å, 12 at 2√2 Å within 3 Å; a cap of 6 keeps the 6 faces.
    const all = localEdges([0.1, 0.2, 0.3], cubic(2), [0], [1], 3, 100);
    expect(all.receivers.length).toBe(18);
    const capped = localEdges([0.1, 0.2, 0.3], cubic(2), [0], [1], 3, 6);
    expect(Array.from(capped.distances)).toEqual(new Array(6).fill(2));
    const sums = [0, 1, 2].map((k) => [0, 1, 2, 3, 4, 5].reduce((s, q) => s + Math.abs(capped.fracDelta[3 * q + k]!), 0));
    expect(sums).toEqual([2, 2, 2]);
  });
  it("numbers atoms by their place in the batch (the second crystal's atoms after the first's)", () => {
    const e = localEdges([0.5, 0.5, 0.5, ...diamondFrac], [...cubic(2), ...cubic(a)], [0, 1], [1, 8], 1.6, 20);
    expect(e.receivers.every((r, q) => r >= 1 && e.senders[q]! >= 1)).toBe(true);
    expect(e.receivers.length).toBe(32);
  });
});

describe("radial basis and envelope", () => {
  it("are 1 at the first centre at d = 0 and vanish at the cutoff", () => {
    const rb = radialBasis([0, 3, 3.5], 3, 4);
    expect(rb[0]).toBeCloseTo(1, 6);
    expect(Array.from(rb.subarray(4))).toEqual(new Array(8).fill(0));
    expect(Array.from(cosineEnvelope([0, 1.5, 3], 3)).map((v) => +v.toFixed(6))).toEqual([1, 0.5, 0]);
  });
});

describe("CSPNet with local messages", () => {
  beforeAll(async () => {
    await initBackend();
  });
  it("sends a gradient to every local weight (the local messages and the edge-vector output reach the loss)", () => {
    const cfg = cspnetConfig({ hidden: 8, layers: 2, freqs: 3, timeDim: 4, local: { cutoff: 2, maxNeighbors: 12, basis: 4 } });
    const p = initCspnetParams(cfg, 5);
    const diamond = makeStructure({ lattice: latticeFromMatrix(cubic(a)), species: new Array(8).fill(6), fracCoords: diamondFrac.map((v, k) => v + 0.01 * Math.sin(k)) });
    const norms = tf.tidy(() => {
      const b = batchStructures([diamond]);
      const g = crystalGraph(b);
      const { grads } = tf.variableGrads(() => {
        const o = cspnetForward(p, cfg, g, { types: tf.tensor1d(b.species, "int32"), fracCoords: tf.tensor2d(b.fracCoords, [8, 3]), lattices: tf.tensor3d(b.lattices, [1, 3, 3]), time: tf.tensor1d([50]) });
        return o.coord.square().sum() as tf.Scalar;
      }, [...p.values()]);
      disposeCrystalGraph(g);
      return [...p.keys()].filter((k) => /local|coordEdge|node1\.Wl/.test(k)).map((k) => [k, tf.norm(grads[p.get(k)!.name]!).dataSync()[0]!] as const);
    });
    disposeParams(p);
    expect(norms.length).toBe(2 * 7 + 6);
    for (const [name, n] of norms) expect(n, name).toBeGreaterThan(0);
  });
});

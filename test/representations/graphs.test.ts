import { describe, expect, it } from "vitest";
import { CDVAE_GRAPH_DEFAULTS, fullyConnectedGraph, periodicGraph } from "../../src/representations/graphs.js";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";

const a = 5.64;
// Primitive rock salt: each ion has 6 unlike nearest neighbours at a/2 = 2.82 Å and 12 like ones at a/√2 = 3.99 Å.
const naclPrimitive = makeStructure({ lattice: latticeFromMatrix([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0]), species: [11, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });

describe("periodicGraph", () => {
  it("joins each NaCl ion to its 6 unlike neighbours at a/2 within a 3 Å cutoff, with consistent images and distances", () => {
    const g = periodicGraph(naclPrimitive, { cutoff: 3 });
    expect(g.senders).toHaveLength(12);
    for (let e = 0; e < 12; e++) {
      expect(g.senders[e]).not.toBe(g.receivers[e]);
      expect(g.distances[e]).toBeCloseTo(a / 2, 10);
      const s = g.senders[e]!, r = g.receivers[e]!;
      const d = [0, 1, 2].map((k) => naclPrimitive.fracCoords[3 * s + k]! + g.images[3 * e + k]! - naclPrimitive.fracCoords[3 * r + k]!);
      const m = naclPrimitive.lattice.matrix;
      const cart = [0, 1, 2].map((c) => d[0]! * m[c]! + d[1]! * m[3 + c]! + d[2]! * m[6 + c]!);
      expect(Math.hypot(...cart)).toBeCloseTo(g.distances[e]!, 10);
    }
    expect(Array.from(g.receivers)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it("adds the 12 like neighbours at a/√2 with a 4.1 Å cutoff, and k keeps only the nearest", () => {
    expect(periodicGraph(naclPrimitive, { cutoff: 4.1 }).senders).toHaveLength(2 * 18);
    const k8 = periodicGraph(naclPrimitive, { cutoff: 4.1, k: 8 });
    expect(k8.senders).toHaveLength(16);
    expect(Array.from(k8.distances.subarray(0, 8)).map((d) => +d.toFixed(6))).toEqual([...Array(6).fill(+(a / 2).toFixed(6)), ...Array(2).fill(+(a / Math.SQRT2).toFixed(6))]);
    expect(periodicGraph(naclPrimitive, { k: 6 }).distances.every((d) => Math.abs(d - a / 2) < 1e-9)).toBe(true);
  });

  it("uses CDVAE's 7 Å / 20 neighbours when no option is given", () => {
    const g = periodicGraph(naclPrimitive);
    expect(CDVAE_GRAPH_DEFAULTS).toEqual({ cutoff: 7, k: 20 });
    expect(g.senders).toHaveLength(40);
    expect(Math.max(...g.distances)).toBeLessThanOrEqual(7);
  });

  it("rejects a non-integer k", () => {
    expect(() => periodicGraph(naclPrimitive, { k: 2.5 })).toThrow(/k must be a positive integer/);
  });
});

describe("fullyConnectedGraph", () => {
  it("lists every ordered pair i ≠ j grouped by receiver", () => {
    const g = fullyConnectedGraph(3);
    expect(Array.from(g.receivers)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from(g.senders)).toEqual([1, 2, 0, 2, 0, 1]);
    expect(fullyConnectedGraph(naclPrimitive).senders).toHaveLength(2);
    expect(fullyConnectedGraph(1).senders).toHaveLength(0);
  });
});

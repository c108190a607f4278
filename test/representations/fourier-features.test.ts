import { describe, expect, it } from "vitest";
import { edgeFracDifferences, fourierFeatures } from "../../src/representations/fourier-features.js";
import { fullyConnectedGraph } from "../../src/representations/graphs.js";

describe("fourierFeatures", () => {
  it("lays out sin(2πkΔ_d) axis-major for k = 1…F, then the cosines", () => {
    const f = fourierFeatures([0.25, 0, 0.125], 2);
    const s = (x: number) => Math.sin(2 * Math.PI * x), c = (x: number) => Math.cos(2 * Math.PI * x);
    const expected = [s(0.25), s(0.5), s(0), s(0), s(0.125), s(0.25), c(0.25), c(0.5), c(0), c(0), c(0.125), c(0.25)];
    expect(f).toHaveLength(12);
    Array.from(f).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
  });

  it("is periodic: Δ and Δ + integer vector give the same features", () => {
    const d = [0.137, -0.42, 0.901, 0.5, 0.25, -0.75];
    const shifted = d.map((x, i) => x + [1, -2, 3][i % 3]!);
    const [f, g] = [fourierFeatures(d, 8), fourierFeatures(shifted, 8)];
    expect(f).toHaveLength(2 * 48);
    Array.from(f).forEach((v, i) => expect(g[i]).toBeCloseTo(v, 10));
  });

  it("rejects a non-positive number of frequencies and ragged input", () => {
    expect(() => fourierFeatures([0, 0, 0], 0)).toThrow(/numFrequencies/);
    expect(() => fourierFeatures([0, 0], 2)).toThrow(/E×3/);
  });
});

describe("edgeFracDifferences", () => {
  it("gives f[sender] − f[receiver] per edge", () => {
    const frac = [0.1, 0.2, 0.3, 0.9, 0.8, 0.7];
    const d = edgeFracDifferences(frac, fullyConnectedGraph(2));
    Array.from(d).forEach((v, i) => expect(v).toBeCloseTo([0.8, 0.6, 0.4, -0.8, -0.6, -0.4][i]!, 14));
  });
});

import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { propertySampleIndices, propertyStats } from "../../src/metrics/property-stats.js";
import { wassersteinDistance } from "../../src/metrics/wasserstein.js";

describe("Wasserstein distance (scipy semantics)", () => {
  it("agrees with scipy.stats.wasserstein_distance to 1e-9 on 60 random cases of unequal sizes", () => {
    const out = execFileSync("/usr/bin/python3", ["test/py/metrics_w1.py"], { encoding: "utf8" });
    const cases = JSON.parse(out) as { u: number[]; v: number[]; w: number }[];
    expect(cases.length).toBe(60);
    for (const c of cases) expect(Math.abs(wassersteinDistance(c.u, c.v) - c.w)).toBeLessThan(1e-9);
  });

  it("is the shift for translated samples and 0 for identical ones", () => {
    expect(wassersteinDistance([1, 2, 3], [3, 4, 5])).toBeCloseTo(2, 14);
    expect(wassersteinDistance([1, 1, 2], [2, 1, 1])).toBe(0);
    // hand value: u = {0}, v = {0, 1}: |F_u − F_v| = 1/2 on [0, 1) → 0.5
    expect(wassersteinDistance([0], [0, 1])).toBe(0.5);
  });
});

describe("property statistics", () => {
  const gen = Array.from({ length: 30 }, (_, i) => ({ valid: i % 3 !== 0, density: i, numElements: 1 + (i % 4) }));
  const ref = Array.from({ length: 10 }, (_, i) => ({ valid: true, density: 2 * i, numElements: 2 }));

  it("draws a seeded sample of valid crystals only, reproducibly", () => {
    const a = propertySampleIndices(gen.map((g) => g.valid), { nSamples: 10, seed: 3 })!;
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect(a.every((i) => gen[i]!.valid)).toBe(true);
    expect(propertySampleIndices(gen.map((g) => g.valid), { nSamples: 10, seed: 3 })).toEqual(a);
  });

  it("uses every valid crystal in 'valid' mode, every crystal in 'all' mode, and reports NaN with a note when too few are valid", () => {
    expect(propertyStats(gen, ref, { mode: "all" }).sampleIndices).toEqual(gen.map((_, i) => i));
    const all = propertyStats(gen, ref, { mode: "valid" });
    const valid = gen.filter((g) => g.valid);
    expect(all.wdistDensity).toBeCloseTo(wassersteinDistance(valid.map((g) => g.density), ref.map((r) => r.density)), 14);
    expect(all.wdistNumElements).toBeCloseTo(wassersteinDistance(valid.map((g) => g.numElements), ref.map(() => 2)), 14);
    const few = propertyStats(gen, ref);
    expect(few.wdistDensity).toBeNaN();
    expect(few.note).toMatch(/fewer than 1000/);
  });
});

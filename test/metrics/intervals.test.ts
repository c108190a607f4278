import { describe, expect, it } from "vitest";
import { meanInterval, wilsonInterval } from "../../src/metrics/intervals.js";

describe("95 % intervals", () => {
  it("wilsonInterval equals scipy.stats.binomtest(x, n).proportion_ci(method='wilson')", () => {
    // /usr/bin/python3 -c "from scipy.stats import binomtest; print(binomtest(54, 100).proportion_ci(method='wilson'))"
    const cases: [number, number, number, number][] = [
      [54, 100, 0.44264860323368227, 0.6343919169097589],
      [197, 200, 0.9568342712073097, 0.9948857622067417],
    ];
    for (const [x, n, lo, hi] of cases) {
      const [a, b] = wilsonInterval(x, n);
      expect(a).toBeCloseTo(lo, 12);
      expect(b).toBeCloseTo(hi, 12);
    }
  });

  it("wilsonInterval stays inside [0, 1] at the ends and rejects impossible counts", () => {
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    // Hand-derived: z²/(n + z²) for x = 0 is the upper end, 3.8415/13.8415.
    expect(hi0).toBeCloseTo(1.959963984540054 ** 2 / (10 + 1.959963984540054 ** 2), 12);
    // x = n mirrors x = 0: [1 − z²/(n + z²), 1].
    const [lo10, hi10] = wilsonInterval(10, 10);
    expect(lo10).toBeCloseTo(1 - hi0, 12);
    expect(hi10).toBeCloseTo(1, 12);
    expect(hi10).toBeLessThanOrEqual(1);
    expect(wilsonInterval(3, 2).every(Number.isNaN)).toBe(true);
    expect(wilsonInterval(0, 0).every(Number.isNaN)).toBe(true);
  });

  it("meanInterval is mean ± 1.96 s/√n and NaN below two values", () => {
    // values 1, 2, 3, 4: mean 2.5, s = √(5/3), half = 1.959964 · √(5/3) / 2.
    const half = (1.959963984540054 * Math.sqrt(5 / 3)) / 2;
    const [lo, hi] = meanInterval([1, 2, 3, 4]);
    expect(lo).toBeCloseTo(2.5 - half, 12);
    expect(hi).toBeCloseTo(2.5 + half, 12);
    expect(meanInterval([0.1]).every(Number.isNaN)).toBe(true);
  });
});

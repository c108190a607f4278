import { describe, expect, it } from "vitest";
import { latticeFromParameters, latticeParameters, latticeFromMatrix } from "../../src/crystal/lattice.js";
import { ANGLE_MIN, ANGLE_SPAN, MIN_STD, fitLatticeStats, latticeToParams, latticesFromStandard, paramsToLattice, standardLatticeParams } from "../../src/models/flowmm/index.js";

const logit = (p: number) => Math.log(p / (1 - p));

describe("FlowMM lattice parameters (ln lengths, logit angles)", () => {
  it("maps a triclinic cell to hand-computed values and back to the same cell", () => {
    const m = latticeFromParameters(3.9, 4.1, 4.3, 88, 92, 95).matrix;
    const p = latticeToParams(m);
    const expected = [Math.log(3.9), Math.log(4.1), Math.log(4.3), logit(33 / 70), logit(37 / 70), logit(40 / 70)];
    p.forEach((v, k) => expect(v).toBeCloseTo(expected[k]!, 10));
    Array.from(paramsToLattice(p)).forEach((v, k) => expect(v).toBeCloseTo(m[k]!, 10));
  });

  it("keeps hexagonal 120° cells finite and maps any parameters to a valid cell with angles inside the range", () => {
    expect(latticeToParams(latticeFromParameters(3, 3, 5, 90, 90, 120).matrix).every(Number.isFinite)).toBe(true);
    const p = latticeParameters(latticeFromMatrix(paramsToLattice([1, 1.2, 1.4, 8, -8, 3])));
    const angles = [p.alpha, p.beta, p.gamma];
    for (const a of angles) expect(a > ANGLE_MIN && a < ANGLE_MIN + ANGLE_SPAN).toBe(true);
  });

  it("standardises with the data mean and std (floored for constant angles) and inverts for a batch", () => {
    const cells = [3.5, 4.2, 5].map((a) => latticeFromParameters(a, a, a, 90, 90, 90).matrix);
    const stats = fitLatticeStats(cells);
    const lnA = [3.5, 4.2, 5].map(Math.log);
    const mean = lnA.reduce((s, v) => s + v, 0) / 3;
    expect(stats.mean[0]).toBeCloseTo(mean, 12);
    expect(stats.std[0]).toBeCloseTo(Math.sqrt(lnA.reduce((s, v) => s + (v - mean) ** 2, 0) / 3), 12);
    expect(stats.mean[3]).toBeCloseTo(logit(35 / 70), 12);
    expect(stats.std.slice(3)).toEqual([MIN_STD, MIN_STD, MIN_STD]);
    const z = cells.flatMap((m) => standardLatticeParams(m, stats));
    const back = latticesFromStandard(z, stats);
    cells.forEach((m, b) => Array.from(m).forEach((v, k) => expect(back[9 * b + k]!).toBeCloseTo(v, 5)));
  });
});

import { describe, expect, it } from "vitest";
import {
  latticeFromMatrix,
  latticeFromParameters,
  latticeParameters,
  latticeVolume,
  makeStructure,
  niggliParameters,
  niggliReduce,
  reducedStructure,
  cartCoords,
} from "../../src/crystal/index.js";

const params = (m: ArrayLike<number>) => {
  const p = latticeParameters(latticeFromMatrix(m));
  return [p.a, p.b, p.c, p.alpha, p.beta, p.gamma];
};

describe("niggliReduce", () => {
  it("reduces a skewed fcc primitive basis to a = b = c = a₀/√2, α = β = γ = 60°", () => {
    // fcc (a₀ = 4 Å) primitive vectors v1 = (0,2,2), v2 = (2,0,2), v3 = (2,2,0), given as v1, v2 + v1, v3 − 2·v1 + v2
    const skew = latticeFromMatrix([0, 2, 2, 2, 2, 4, 4, -2, -2]);
    const p = latticeParameters(niggliReduce(skew));
    for (const l of [p.a, p.b, p.c]) expect(l).toBeCloseTo(4 / Math.SQRT2, 10);
    for (const ang of [p.alpha, p.beta, p.gamma]) expect(ang).toBeCloseTo(60, 8);
    expect(latticeVolume(niggliReduce(skew))).toBeCloseTo(16, 10);
  });

  it("orders a rectangular cell by length (a ≤ b ≤ c) with right angles", () => {
    const p = latticeParameters(niggliReduce(latticeFromParameters(7, 3, 5, 90, 90, 90)));
    expect([p.a, p.b, p.c]).toEqual([3, 5, 7].map((x) => expect.closeTo(x, 12)));
    expect([p.alpha, p.beta, p.gamma]).toEqual([90, 90, 90].map((x) => expect.closeTo(x, 10)));
  });

  it("gives the hexagonal cell γ = 120° (type-II, all-obtuse Niggli form)", () => {
    const p = niggliParameters(latticeFromParameters(3, 3, 5, 90, 90, 60));
    expect([p.a, p.b, p.c, p.alpha, p.beta, p.gamma]).toEqual([3, 3, 5, 90, 90, 120].map((x) => expect.closeTo(x, 9)));
  });

  it("returns the same matrix as pymatgen get_niggli_reduced_lattice on a skewed triclinic cell", () => {
    // pymatgen 2022.11: Lattice([[1,0,0],[5.3,1.1,0],[-3.2,7.7,2.5]]).get_niggli_reduced_lattice()
    const m = niggliReduce(latticeFromMatrix([1, 0, 0, 5.3, 1.1, 0, -3.2, 7.7, 2.5])).matrix;
    const ref = [-1.0, 0.0, 0.0, -0.2999999999999998, -1.1, 0.0, -0.29999999999999893, -8.881784197001252e-16, 2.5];
    for (let i = 0; i < 9; i++) expect(m[i]).toBeCloseTo(ref[i]!, 12);
    expect(params(m)).toEqual(
      [1.0, 1.140175425099138, 2.517935662402834, 88.20352988163654, 83.15722658736908, 74.74488129694222].map((x) => expect.closeTo(x, 10)),
    );
  });

  it("is invariant under a change of basis of the input", () => {
    const l = latticeFromParameters(4.1, 5.3, 6.2, 81, 97, 103);
    const [a, b, c] = [0, 1, 2].map((i) => Array.from(l.matrix.slice(3 * i, 3 * i + 3)));
    const other = latticeFromMatrix([...a!.map((x, d) => x + 2 * b![d]!), ...b!.map((x, d) => x - c![d]!), ...c!.map((x, d) => x + 3 * a![d]! + 6 * b![d]!)]); // unimodular: det [[1,2,0],[0,1,−1],[3,6,1]] = 1
    expect(params(niggliReduce(other).matrix)).toEqual(params(niggliReduce(l).matrix).map((x) => expect.closeTo(x, 8)));
  });
});

describe("reducedStructure", () => {
  it("keeps the Cartesian sites (up to lattice translations) and wraps them into [0, 1)", () => {
    const lattice = latticeFromMatrix([0, 2, 2, 2, 2, 4, 4, -2, -2]);
    const s = makeStructure({ lattice, species: [29, 8], fracCoords: [0, 0, 0, 0.3, 0.6, -0.2] });
    const r = reducedStructure(s);
    expect(r.fracCoords.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from(r.species)).toEqual([29, 8]);
    // The O–Cu separation vector must differ from the original by a lattice vector of the reduced cell.
    const [c0, c1] = [cartCoords(s), cartCoords(r)];
    const d0 = [0, 1, 2].map((k) => c0[3 + k]! - c0[k]!), d1 = [0, 1, 2].map((k) => c1[3 + k]! - c1[k]!);
    const diff = [0, 1, 2].map((k) => d1[k]! - d0[k]!);
    const inv = latticeFromMatrix(r.lattice.matrix);
    // fractional difference in the reduced basis is integral
    const M = inv.matrix;
    const det = M[0]! * (M[4]! * M[8]! - M[5]! * M[7]!) - M[1]! * (M[3]! * M[8]! - M[5]! * M[6]!) + M[2]! * (M[3]! * M[7]! - M[4]! * M[6]!);
    expect(Math.abs(det)).toBeCloseTo(16, 10);
    const solve = (v: number[]) => {
      // Cramer's rule for f·M = v
      const col = (j: number) => [M[j]!, M[3 + j]!, M[6 + j]!];
      const d = (x: number[], y: number[], z: number[]) => x[0]! * (y[1]! * z[2]! - y[2]! * z[1]!) - x[1]! * (y[0]! * z[2]! - y[2]! * z[0]!) + x[2]! * (y[0]! * z[1]! - y[1]! * z[0]!);
      const rows = [col(0), col(1), col(2)];
      const D = d(rows[0]!, rows[1]!, rows[2]!);
      return [0, 1, 2].map((i) => {
        const r2 = rows.map((row) => [...row]);
        for (let k = 0; k < 3; k++) r2[k]![i] = v[k]!;
        return d(r2[0]!, r2[1]!, r2[2]!) / D;
      });
    };
    for (const f of solve(diff)) expect(Math.abs(f - Math.round(f))).toBeLessThan(1e-9);
  });
});

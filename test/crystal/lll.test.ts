import { describe, expect, it } from "vitest";
import { latticeFromMatrix, latticeParameters, lllFracCoords, lllReduce } from "../../src/crystal/index.js";
import { fusedMultiplyAdd, roundHalfEven } from "../../src/crystal/lll.js";
import { det3, mul3 } from "../../src/crystal/math3.js";

describe("lllReduce", () => {
  it("turns an integer-sheared cubic basis back into the cube", () => {
    // rows: a, b + 3a, c − 2a + 5b of a 4 Å cube
    const skew = latticeFromMatrix([4, 0, 0, 12, 4, 0, -8, 20, 4]);
    const { lattice, mapping } = lllReduce(skew);
    const p = latticeParameters(lattice);
    for (const l of [p.a, p.b, p.c]) expect(l).toBeCloseTo(4, 12);
    for (const ang of [p.alpha, p.beta, p.gamma]) expect(ang).toBeCloseTo(90, 10);
    expect(Math.abs(det3(mapping))).toBe(1);
    expect(Array.from(mapping).every(Number.isInteger)).toBe(true);
    expect(Array.from(mul3(mapping, skew.matrix))).toEqual(Array.from(lattice.matrix));
  });

  it("leaves an already reduced orthogonal basis unchanged", () => {
    const l = latticeFromMatrix([3, 0, 0, 0, 4, 0, 0, 0, 5]);
    const r = lllReduce(l);
    expect(Array.from(r.lattice.matrix)).toEqual([3, 0, 0, 0, 4, 0, 0, 0, 5]);
    expect(Array.from(r.mapping)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it("matches pymatgen's get_lll_reduced_lattice on a skewed triclinic cell", () => {
    // pymatgen 2022.11: Lattice([[1,0,0],[5.3,1.1,0],[-3.2,7.7,2.5]]).lll_matrix / lll_mapping
    const r = lllReduce(latticeFromMatrix([1, 0, 0, 5.3, 1.1, 0, -3.2, 7.7, 2.5]));
    expect(Array.from(r.mapping)).toEqual(PYMATGEN_MAPPING);
    for (let i = 0; i < 9; i++) expect(r.lattice.matrix[i]).toBeCloseTo(PYMATGEN_MATRIX[i]!, 12);
  });

  it("breaks an exact ±1/2 Gram–Schmidt tie the way pymatgen (numpy/OpenBLAS) does", () => {
    // mpts_52 test row 108 (rhombohedral cell, all lengths 12.286 Å); pymatgen lll_mapping = [[-1,1,0],[0,-1,1],[0,1,0]]
    const l = latticeFromMatrix([6.739650330769512, 0, 10.272602077863391, 3.0690435598775814, 6.000321508770637, 10.272602077863391, 0, 0, 12.28614005]);
    expect(Array.from(lllReduce(l).mapping)).toEqual([-1, 1, 0, 0, -1, 1, 0, 1, 0]);
  });

  it("re-expresses fractional coordinates in the reduced basis (same Cartesian point)", () => {
    const skew = latticeFromMatrix([4, 0, 0, 12, 4, 0, -8, 20, 4]);
    const r = lllReduce(skew);
    const f = [0.1, 0.2, 0.3];
    const g = lllFracCoords(r, f);
    const cart = (m: ArrayLike<number>, x: ArrayLike<number>) => [0, 1, 2].map((d) => x[0]! * m[d]! + x[1]! * m[3 + d]! + x[2]! * m[6 + d]!);
    const c1 = cart(skew.matrix, f), c2 = cart(r.lattice.matrix, g);
    for (let d = 0; d < 3; d++) expect(c2[d]).toBeCloseTo(c1[d]!, 12);
  });
});

describe("fusedMultiplyAdd", () => {
  it("rounds a·b + c once: (1 + 2⁻³⁰)(1 − 2⁻³⁰) − 1 = −2⁻⁶⁰ exactly, where a·b rounds to 1 first", () => {
    const a = 1 + 2 ** -30, b = 1 - 2 ** -30;
    expect(a * b - 1).toBe(0);
    expect(fusedMultiplyAdd(a, b, -1)).toBe(-(2 ** -60));
  });

  it("agrees with plain arithmetic when the product is exact", () => {
    expect(fusedMultiplyAdd(3, 0.5, 0.25)).toBe(1.75);
    expect(fusedMultiplyAdd(-2, 8, 16)).toBe(0);
    expect(fusedMultiplyAdd(0, 5, -3)).toBe(-3);
  });
});

describe("roundHalfEven (Python round)", () => {
  it("rounds ties to the even neighbour", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49, -0.51].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 0, -1]);
  });
});

const PYMATGEN_MATRIX = [1.0, 0.0, 0.0, 0.2999999999999998, 1.1, 0.0, -0.29999999999999893, -8.881784197001252e-16, 2.5];
const PYMATGEN_MAPPING = [1, 0, 0, -5, 1, 0, 40, -7, 1];

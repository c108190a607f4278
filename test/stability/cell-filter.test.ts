// The exponential cell filter's pieces against their references: expm and its Fréchet derivative against scipy, the
// generalised forces against ASE 3.22's ExpCellFilter.get_forces at points away from the reference cell.
import { describe, expect, it } from "vitest";
import { cartToFrac, latticeFromMatrix } from "../../src/crystal/lattice.js";
import { cartCoords, makeStructure } from "../../src/crystal/structure.js";
import { expCellCoordinates, expCellForces, expCellGeometry } from "../../src/stability/relax/exp-cell-filter.js";
import { exponentialFrechetDerivative3, matrixExponential } from "../../src/stability/relax/matrix-exponential.js";
import { aseCrystal, aseReference } from "./ase-reference.js";
import { relativeError } from "./compare.js";
import { lennardJonesEvaluation } from "./lennard-jones.js";
import { LJ, fcc, rattled, strained } from "./lj-crystals.js";

describe("3×3 matrix exponential and its Fréchet derivative (vs scipy.linalg.expm, expm_frechet)", () => {
  const cases = [
    { a: [0.01, -0.02, 0.003, 0.015, -0.01, 0.02, 0, 0.004, 0.005], e: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
    { a: [0.3, 0.1, -0.2, 0.1, -0.25, 0.05, -0.2, 0.05, 0.1], e: [0.5, -1, 0, 2, 0.1, -0.3, 0, 0.7, 1] },
    { a: [0, 1.5, 0.2, -1.5, 0, 0.4, -0.2, -0.4, 0], e: [3, 0, -1, 0, 2, 0, -1, 0, 1] },
    { a: [2.5, -1, 0.5, 0.3, -3, 1, 1.2, 0.4, 0.8], e: [-2, 1, 0.5, 1, 4, -1, 0, 2, -3] },
    { a: [0, 0, 0, 0, 0, 0, 0, 0, 0], e: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
  ];
  const scipy = aseReference<{ expm: number[]; frechet: number[] }>(LJ, cases.map((c) => ({ kind: "expm", ...c })));
  cases.forEach((c, k) => {
    it(`agrees to 1e-13 relative on case ${k} (‖A‖ ≈ ${Math.max(...c.a.map(Math.abs))})`, () => {
      expect(relativeError(matrixExponential(c.a, 3), scipy[k]!.expm)).toBeLessThan(1e-13);
      expect(relativeError(exponentialFrechetDerivative3(c.a, c.e), scipy[k]!.frechet)).toBeLessThan(1e-13);
    });
  });
  it("gives NaN, not a hang, for a non-finite matrix", () => {
    expect(Array.from(matrixExponential([Infinity, 0, 0, 0, 1, 0, 0, 0, 1], 3)).every(Number.isNaN)).toBe(true);
  });
});

describe("ExpCellFilter generalised forces (vs ASE 3.22 ExpCellFilter.get_forces after set_positions)", () => {
  const reference = rattled(strained(fcc(3.2), [1.02, 0.01, 0, 0, 0.98, 0.02, 0.01, 0, 1.01]), 0.05, 3);
  const z = expCellCoordinates(cartCoords(reference));
  const points = {
    "the reference cell (U = 0)": [0, 0, 0, 0, 0, 0, 0, 0, 0],
    "a small symmetric strain": [0.02, 0.01, -0.005, 0.01, -0.03, 0.004, -0.005, 0.004, 0.01],
    "a non-symmetric U": [0.05, 0.08, 0, -0.02, 0.01, 0.03, 0.01, -0.06, -0.04],
    "a large rotation in U": [0.05, 1.3, 0, -1.3, 0.02, 0.1, 0, -0.1, 0.03],
    "a rotation with an anisotropic strain in U (the exact gradient)": [-0.12, 1, 0, -1, 0, 0, 0, 0, 0.15],
  };
  const qs = Object.values(points).map((u) => {
    const q = Float64Array.from(z);
    q.set(u, 12);
    return Array.from(q);
  });
  const ase = aseReference<{ forces: number[]; exact: boolean }>(LJ, qs.map((q) => ({ kind: "filter-forces", ...aseCrystal(reference), q })));
  Object.keys(points).forEach((name, k) => {
    it(`agrees to 1e-8 relative at ${name}`, () => {
      const geometry = expCellGeometry(reference.lattice.matrix, qs[k]!);
      const lattice = latticeFromMatrix(geometry.matrix);
      const { forces, stress } = lennardJonesEvaluation(makeStructure({ ...reference, lattice, fracCoords: cartToFrac(lattice, geometry.cart) }), LJ);
      expect(relativeError(expCellForces(qs[k]!, geometry, forces, stress), ase[k]!.forces)).toBeLessThan(1e-8);
    });
  });
  it("exercises both of ASE's branches (the naive virial and the exact gradient)", () => {
    expect(ase.map((a) => a.exact)).toEqual([false, false, false, false, true]);
  });
});

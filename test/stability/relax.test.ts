// relaxStructures against ASE 3.22 run in the test: FIRE on positions (fixed cell) and FIRE(ExpCellFilter(atoms)),
// same step counts, per-step energies and forces, final positions and cell.
import { describe, expect, it } from "vitest";
import { cartToFrac, latticeFromMatrix, latticeVolume } from "../../src/crystal/lattice.js";
import type { Structure } from "../../src/crystal/structure.js";
import { GPA_PER_EV_PER_A3 } from "../../src/stability/relax/units.js";
import { type RelaxResult, relaxStructures } from "../../src/stability/index.js";
import { aseCrystal, aseReference } from "./ase-reference.js";
import { relativeError } from "./compare.js";
import { lennardJones } from "./lennard-jones.js";
import { LJ, fcc, rattled, strained } from "./lj-crystals.js";

interface AseRelaxation {
  steps: number;
  converged: boolean;
  cell: number[];
  positions: number[];
  energies: number[];
  fmaxes: number[];
  stress: number[];
}

/** Largest distance (Å) between our final sites and ASE's final positions, as periodic images in our final cell. */
function largestSiteDistance(ours: Structure, ase: AseRelaxation): number {
  const m = ours.lattice.matrix;
  const theirs = cartToFrac(latticeFromMatrix(ase.cell), ase.positions);
  let worst = 0;
  for (let i = 0; i < ours.species.length; i++) {
    const d = [0, 1, 2].map((k) => {
      const x = ours.fracCoords[3 * i + k]! - theirs[3 * i + k]!;
      return x - Math.round(x);
    });
    worst = Math.max(worst, Math.hypot(...[0, 1, 2].map((k) => d[0]! * m[k]! + d[1]! * m[3 + k]! + d[2]! * m[6 + k]!)));
  }
  return worst;
}

/** Checks one of our results against ASE's run of the same crystal. */
function expectSameRelaxation(ours: RelaxResult, ase: AseRelaxation, positionTolerance: number): void {
  expect(ours.status).toBe(ase.converged ? "converged" : "not-converged");
  expect(ours.steps).toBe(ase.steps);
  expect(ours.steps).toBeGreaterThan(20); // a real relaxation, long enough for FIRE's time-step control to matter
  expect(relativeError(ours.energies, ase.energies)).toBeLessThan(1e-9);
  expect(relativeError(ours.maxForces, ase.fmaxes)).toBeLessThan(1e-9);
  expect(relativeError(ours.structure.lattice.matrix, ase.cell)).toBeLessThan(positionTolerance);
  expect(largestSiteDistance(ours.structure, ase)).toBeLessThan(positionTolerance);
  expect(ours.structure.fracCoords.every((x) => x >= 0 && x < 1)).toBe(true);
}

const potential = lennardJones(LJ);

describe("fixed-cell FIRE (vs ASE 3.22 FIRE on the atoms)", () => {
  const crystals = [rattled(fcc(3.1, [2, 2, 2]), 0.12, 5), rattled(strained(fcc(3.2, [2, 1, 1]), [1.02, 0.03, 0, 0, 0.99, 0, 0.01, 0, 1]), 0.15, 6)];
  for (const fmax of [0.05, 0.005]) {
    it(`takes ASE's steps to the same energies and final positions (fmax ${fmax} eV/Å)`, async () => {
      const ase = aseReference<AseRelaxation>(LJ, crystals.map((s) => ({ kind: "relax", ...aseCrystal(s), filter: false, fmax, steps: 1000 })));
      const ours = await relaxStructures(potential, crystals, { fmax, maxSteps: 1000, fixedCell: true });
      ours.forEach((r, k) => expectSameRelaxation(r, ase[k]!, 1e-6));
      ours.forEach((r, k) => expect(r.structure.lattice.matrix).toEqual(crystals[k]!.lattice.matrix));
    });
  }
});

describe("FIRE + ExpCellFilter (vs ASE 3.22 FIRE(ExpCellFilter(atoms)))", () => {
  const crystals = [
    rattled(strained(fcc(3.2, [2, 1, 1]), [1.04, 0.03, 0, 0.01, 0.96, 0.02, 0, 0.02, 1.05]), 0.08, 7),
    rattled(strained(fcc(3.0), [0.97, 0, 0.04, 0.02, 1.06, 0, 0, 0.03, 1.01]), 0.05, 8),
  ];
  const fmax = 0.01;
  const ase = aseReference<AseRelaxation>(LJ, crystals.map((s) => ({ kind: "relax", ...aseCrystal(s), filter: true, fmax, steps: 1000 })));
  it("takes ASE's steps to the same final cell and positions (1e-5)", async () => {
    const ours = await relaxStructures(potential, crystals, { fmax, maxSteps: 1000 });
    ours.forEach((r, k) => expectSameRelaxation(r, ase[k]!, 1e-5));
  });
  it("ends with the stress near zero: every entry below fmax/V (the virial rows are below fmax)", async () => {
    const ours = await relaxStructures(potential, crystals, { fmax, maxSteps: 1000 });
    ours.forEach((r, k) => {
      const bound = (fmax / latticeVolume(r.structure.lattice)) * GPA_PER_EV_PER_A3;
      expect(Math.max(...r.stress!.map(Math.abs))).toBeLessThan(bound);
      expect(relativeError(r.stress!.map((v) => v / GPA_PER_EV_PER_A3), ase[k]!.stress)).toBeLessThan(1e-8);
    });
  });
});

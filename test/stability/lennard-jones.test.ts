// The test potential itself: energies, forces and stresses as ASE 3.22's LennardJones on distorted periodic cells.
import { describe, expect, it } from "vitest";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { GPA_PER_EV_PER_A3 } from "../../src/stability/relax/units.js";
import { aseCrystal, aseReference } from "./ase-reference.js";
import { relativeError } from "./compare.js";
import { lennardJonesEvaluation } from "./lennard-jones.js";
import { LJ, bcc, fcc, rattled, strained } from "./lj-crystals.js";

interface Evaluated {
  energy: number;
  forces: number[];
  stress: number[];
}

const crystals = {
  "strained, rattled fcc (4 atoms)": rattled(strained(fcc(3.15), [1.03, 0.02, 0, -0.01, 0.97, 0.04, 0.02, 0, 1.01]), 0.08, 1),
  "skewed two-atom triclinic cell (self images)": makeStructure({ lattice: latticeFromMatrix([2.3, 0.2, 0.1, 1.0, 2.8, -0.3, 0.4, 0.9, 3.4]), species: [18, 18], fracCoords: [0.1, 0.2, 0.3, 0.55, 0.6, 0.85] }),
  "rattled 2×2×1 bcc, compressed": rattled(strained(bcc(2.4, [2, 2, 1]), [0.95, 0, 0.05, 0, 0.98, 0, 0, 0.03, 1.02]), 0.1, 2),
  "unwrapped coordinates outside [0, 1)": makeStructure({ ...fcc(3.3), fracCoords: [1.1, -0.2, 0.05, 0.5, 2.5, 0, 0.5, 0, -0.5, 0, 0.5, 0.5] }),
};

describe("Lennard-Jones test potential (vs ASE 3.22 LennardJones, rc = 3σ with its energy shift)", () => {
  const ase = aseReference<Evaluated>(LJ, Object.values(crystals).map((s) => ({ kind: "evaluate", ...aseCrystal(s) })));
  Object.entries(crystals).forEach(([name, s], k) => {
    it(`agrees on ${name}: energy, forces and stress to 1e-8 relative`, () => {
      const ours = lennardJonesEvaluation(s, LJ);
      const ref = ase[k]!;
      expect(Math.abs(ours.energy - ref.energy) / Math.abs(ref.energy)).toBeLessThan(1e-8);
      expect(relativeError(ours.forces, ref.forces)).toBeLessThan(1e-8);
      expect(relativeError(ours.stress.map((v) => v / GPA_PER_EV_PER_A3), ref.stress)).toBeLessThan(1e-8);
      expect(Math.max(...ref.stress.map(Math.abs))).toBeGreaterThan(1e-4); // a stressed cell, so the check means something
    });
  });
});

// Crystals for the relaxation tests: fcc and bcc argon-like cells, strained and rattled reproducibly.
import { cartToFrac, latticeFromMatrix } from "../../src/crystal/lattice.js";
import { mul3 } from "../../src/crystal/math3.js";
import { type Structure, cartCoords, makeStructure, supercell } from "../../src/crystal/structure.js";
import { rng } from "../../src/util/random.js";
import type { LennardJonesParameters } from "./lennard-jones.js";

/** Argon (Z 18) Lennard-Jones: σ 2 Å, ε 0.1 eV, ASE's default cutoff 3σ; atoms closer than 1 Å are refused. */
export const LJ: LennardJonesParameters = { sigma: 2, epsilon: 0.1, rc: 6, elements: [18], minDistance: 1 };

/** Conventional fcc cell (4 atoms of Z) with edge a (Å), repeated reps times. */
export function fcc(a: number, reps: [number, number, number] = [1, 1, 1], z = 18): Structure {
  const cell = makeStructure({
    lattice: latticeFromMatrix([a, 0, 0, 0, a, 0, 0, 0, a]), species: [z, z, z, z],
    fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
  });
  return supercell(cell, reps);
}

/** Conventional bcc cell (2 atoms) with edge a (Å), repeated reps times. */
export function bcc(a: number, reps: [number, number, number] = [1, 1, 1]): Structure {
  return supercell(makeStructure({ lattice: latticeFromMatrix([a, 0, 0, 0, a, 0, 0, 0, a]), species: [18, 18], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] }), reps);
}

/** The crystal with its lattice rows multiplied by `deformation` (3×3 row-major), fractional coordinates kept. */
export function strained(s: Structure, deformation: readonly number[]): Structure {
  return makeStructure({ ...s, lattice: latticeFromMatrix(mul3(s.lattice.matrix, deformation)) });
}

/** The crystal with every Cartesian coordinate moved by a normal deviate of `amplitude` Å (seeded). */
export function rattled(s: Structure, amplitude: number, seed: number): Structure {
  const r = rng(seed);
  const cart = cartCoords(s).map((v) => v + amplitude * r.normal());
  return makeStructure({ ...s, fracCoords: cartToFrac(s.lattice, cart) });
}

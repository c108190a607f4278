// A periodic Lennard-Jones Potential for the relaxation tests, defined as ASE 3.22's ase.calculators.lj.LennardJones
// (smooth=False): pairs within rc, each pair energy shifted by −u(rc), E = ½ Σ_i Σ_j≠i u'_ij, F_i = Σ_j du_ij d_ij,
// σ = (1/2V) Σ f_ij ⊗ d_ij (here in GPa). Species are ignored beyond the refusal of unknown elements.
import { cartCoords } from "../../src/crystal/structure.js";
import { latticeVolume } from "../../src/crystal/lattice.js";
import { neighbourList } from "../../src/crystal/neighbours.js";
import type { Structure } from "../../src/crystal/structure.js";
import { type Potential, type PotentialEvaluation, PotentialInputError } from "../../src/stability/potential.js";
import { structureRefusal } from "../../src/stability/relax/structure-refusal.js";
import { GPA_PER_EV_PER_A3 } from "../../src/stability/relax/units.js";

/** Parameters of the Lennard-Jones potential (ASE's names). */
export interface LennardJonesParameters {
  /** Length scale σ (Å); the pair minimum is at 2^(1/6) σ. */
  sigma: number;
  /** Well depth ε (eV). */
  epsilon: number;
  /** Cutoff (Å); ASE's default 3σ. */
  rc: number;
  /** Atomic numbers the potential accepts. */
  elements: readonly number[];
  /** Refuse atoms closer than this (Å). */
  minDistance: number;
}

/** Energy, forces and stress (GPa) of one crystal under Lennard-Jones, as ASE's LennardJones.calculate. */
export function lennardJonesEvaluation(s: Structure, p: LennardJonesParameters): PotentialEvaluation {
  const n = s.species.length;
  const x = cartCoords(s);
  const m = s.lattice.matrix;
  const rc2 = p.rc * p.rc;
  const e0 = 4 * p.epsilon * ((p.sigma / p.rc) ** 12 - (p.sigma / p.rc) ** 6);
  const forces = new Float64Array(3 * n);
  const stress = new Float64Array(9);
  let energy = 0;
  const nl = neighbourList(s, p.rc);
  for (let q = 0; q < nl.centers.length; q++) {
    const i = nl.centers[q]!, j = nl.neighbors[q]!;
    const a = nl.images[3 * q]!, b = nl.images[3 * q + 1]!, c = nl.images[3 * q + 2]!;
    const d = [0, 1, 2].map((k) => x[3 * j + k]! + (a * m[k]! + b * m[3 + k]! + c * m[6 + k]!) - x[3 * i + k]!);
    const r2 = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2;
    if (r2 > rc2) continue;
    const c6 = (p.sigma ** 2 / r2) ** 3, c12 = c6 * c6;
    energy += 0.5 * (4 * p.epsilon * (c12 - c6) - e0);
    const du = (-24 * p.epsilon * (2 * c12 - c6)) / r2;
    for (let k = 0; k < 3; k++) {
      forces[3 * i + k]! += du * d[k]!;
      for (let l = 0; l < 3; l++) stress[3 * k + l]! += 0.5 * du * d[k]! * d[l]!;
    }
  }
  const volume = latticeVolume(s.lattice);
  for (let k = 0; k < 9; k++) stress[k] = (stress[k]! / volume) * GPA_PER_EV_PER_A3;
  return { energy, forces, stress };
}

/** The Lennard-Jones Potential (refusing unknown elements, atoms closer than minDistance and non-finite numbers). */
export function lennardJones(p: LennardJonesParameters): Potential {
  const known = new Set(p.elements);
  const refusal = (s: Structure) => structureRefusal(s, known, p.minDistance);
  return {
    name: `LJ(σ=${p.sigma}, ε=${p.epsilon}, rc=${p.rc})`,
    refusal,
    evaluate: async (structures) =>
      structures.map((s, i) => {
        const reason = refusal(s);
        if (reason !== null) throw new PotentialInputError(i, reason);
        return lennardJonesEvaluation(s, p);
      }),
  };
}

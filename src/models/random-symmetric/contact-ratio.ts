// How close the atoms of a crystal come relative to their covalent radii: the rejection test of random structure search.
import { element } from "../../crystal/elements.js";
import { distanceMatrix } from "../../crystal/distances.js";
import { niggliReducedRows } from "../../crystal/niggli.js";
import type { Structure } from "../../crystal/structure.js";

/**
 * Default smallest accepted contact ratio: pyxtal's `Tol_matrix(prototype="atomic")` rejects a pair closer than
 * 0.5 × (r₁ + r₂) with covalent radii r (pyxtal/tolerance.py; Fredericks et al., Comput. Phys. Commun. 261, 107810 (2021)).
 */
export const PYXTAL_ATOMIC_TOLERANCE_FACTOR = 0.5;

/**
 * The smallest periodic distance of two sites divided by the sum of their covalent radii (dimensionless), over all
 * pairs of sites and every site with its own periodic images (the shortest lattice vector, from the Niggli-reduced
 * cell).
 */
export function minimumContactRatio(structure: Structure): number {
  const n = structure.species.length;
  const r = Array.from(structure.species, (z) => element(z).covalentRadius);
  const d = distanceMatrix(structure);
  const rows = niggliReducedRows(structure.lattice);
  const shortest = Math.hypot(rows[0]!, rows[1]!, rows[2]!);
  let best = shortest / (2 * Math.max(...r));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) best = Math.min(best, d[i * n + j]! / (r[i]! + r[j]!));
  return best;
}

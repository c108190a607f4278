// spglib's acceptance test for a symmetry operation at distance tolerance symprec (symmetry.c, get_translation /
// is_overlap_all_atoms): the translation is fixed by mapping one pivot atom exactly (the first atom of the least
// frequent species), and then every atom's image must lie within symprec of an atom of the same species, the
// difference being reduced to [-½, ½) per fractional component before measuring its Cartesian length.
// moyo instead accepts an operation when *some* translation brings every atom within symprec, which is more
// lenient for slightly distorted cells (perovskites with ~0.05 Å displacements found cubic instead of tetragonal).
import type { Structure } from "../structure.js";
import type { SymmetryOperation } from "./types.js";

/** Index of spglib's pivot: the first atom of the species with the fewest atoms. */
export function spglibPivotAtom(species: ArrayLike<number>): number {
  const count = new Map<number, number>();
  for (let i = 0; i < species.length; i++) count.set(species[i]!, (count.get(species[i]!) ?? 0) + 1);
  const least = Math.min(...count.values());
  for (let i = 0; i < species.length; i++) if (count.get(species[i]!) === least) return i;
  return -1;
}

/** Cartesian length (Å) of the fractional difference d after rounding each component to [-½, ½], as spglib. */
function roundedDistance(m: Float64Array | readonly number[], d0: number, d1: number, d2: number): number {
  d0 -= Math.round(d0);
  d1 -= Math.round(d1);
  d2 -= Math.round(d2);
  const x = d0 * m[0]! + d1 * m[3]! + d2 * m[6]!;
  const y = d0 * m[1]! + d1 * m[4]! + d2 * m[7]!;
  const z = d0 * m[2]! + d1 * m[5]! + d2 * m[8]!;
  return Math.hypot(x, y, z);
}

/**
 * True when every operation passes spglib's pivot test at tolerance `symprec` (Å): with the translation that maps the
 * pivot atom exactly onto the atom the operation sends it to, every atom lands within symprec of a same-species atom.
 */
export function operationsPassSpglibTest(s: Structure, operations: readonly SymmetryOperation[], symprec: number): boolean {
  const n = s.species.length;
  const f = s.fracCoords;
  const m = s.lattice.matrix;
  const pivot = spglibPivotAtom(s.species);
  const image = new Float64Array(3 * n);
  for (const { rotation: R, translation: t } of operations) {
    for (let i = 0; i < n; i++) {
      const x = f[3 * i]!, y = f[3 * i + 1]!, z = f[3 * i + 2]!;
      image[3 * i] = R[0]! * x + R[1]! * y + R[2]! * z + t[0];
      image[3 * i + 1] = R[3]! * x + R[4]! * y + R[5]! * z + t[1];
      image[3 * i + 2] = R[6]! * x + R[7]! * y + R[8]! * z + t[2];
    }
    // The atom the operation sends the pivot to, and the correction that makes the pivot map exactly.
    let target = -1;
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      if (s.species[j] !== s.species[pivot]) continue;
      const d = roundedDistance(m, image[3 * pivot]! - f[3 * j]!, image[3 * pivot + 1]! - f[3 * j + 1]!, image[3 * pivot + 2]! - f[3 * j + 2]!);
      if (d < best) [best, target] = [d, j];
    }
    const c0 = f[3 * target]! - image[3 * pivot]!, c1 = f[3 * target + 1]! - image[3 * pivot + 1]!, c2 = f[3 * target + 2]! - image[3 * pivot + 2]!;
    for (let i = 0; i < n; i++) {
      let ok = false;
      for (let k = 0; k < n && !ok; k++)
        ok = s.species[k] === s.species[i] && roundedDistance(m, image[3 * i]! + c0 - f[3 * k]!, image[3 * i + 1]! + c1 - f[3 * k + 1]!, image[3 * i + 2]! + c2 - f[3 * k + 2]!) < symprec;
      if (!ok) return false;
    }
  }
  return true;
}

// How many distinct sites an orbit has for given free-parameter values: fewer than the letter's multiplicity when the
// values put its representative on a symmetry element (the orbit then collapses onto a more special position).
import { applyOperation, spaceGroupWyckoffTable, wyckoffPoint } from "../../crystal/symmetry/index.js";

/** Fractional distance below which two images of an orbit are the same site. */
const SAME_SITE = 1e-6;

/** Distinct sites of the orbit of Wyckoff letter `letter` of space group `spaceGroup` at free-variable values `params` [x, y, z]. */
export function orbitSize(spaceGroup: number, letter: string, params: readonly number[]): number {
  const table = spaceGroupWyckoffTable(spaceGroup);
  const point = wyckoffPoint(table.positions.get(letter)!.affine, params);
  const sites: number[][] = [];
  for (const op of table.operations) {
    const p = Array.from(applyOperation(op, point));
    const same = sites.some((q) => q.every((x, k) => {
      const d = x - p[k]!;
      return Math.abs(d - Math.round(d)) < SAME_SITE;
    }));
    if (!same) sites.push(p);
  }
  return sites.length;
}

// The distinct sites of an orbit for given free-parameter values: fewer than the letter's multiplicity when the
// values put its representative on a symmetry element (the orbit then collapses onto a more special position).
import { applyOperation, spaceGroupWyckoffTable, wyckoffPoint } from "../../crystal/symmetry/index.js";

/** Fractional distance below which two images of an orbit are the same site. */
const SAME_SITE = 1e-6;

/** Distinct sites (conventional-cell fractional coordinates, n×3 flat) of the orbit of Wyckoff letter `letter` of space group `spaceGroup` at free-variable values `params` [x, y, z]. */
export function orbitSites(spaceGroup: number, letter: string, params: readonly number[]): number[] {
  const table = spaceGroupWyckoffTable(spaceGroup);
  const point = wyckoffPoint(table.positions.get(letter)!.affine, params);
  const sites: number[] = [];
  for (const op of table.operations) {
    const p = applyOperation(op, point);
    let same = false;
    for (let s = 0; s < sites.length && !same; s += 3) {
      same = true;
      for (let k = 0; k < 3; k++) {
        const d = sites[s + k]! - p[k]!;
        if (Math.abs(d - Math.round(d)) >= SAME_SITE) same = false;
      }
    }
    if (!same) sites.push(p[0]!, p[1]!, p[2]!);
  }
  return sites;
}

/** Number of distinct sites of the orbit (see orbitSites). */
export function orbitSize(spaceGroup: number, letter: string, params: readonly number[]): number {
  return orbitSites(spaceGroup, letter, params).length / 3;
}

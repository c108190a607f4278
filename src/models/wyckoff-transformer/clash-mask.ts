// The distance mask, an opt-in sampler setting (minDistance, Å), used by the grammar (grammar.ts) at an orbit's last two
// free coordinates: a value of the last is left out when the orbit's sites would come closer than minDistance to each
// other or to a site already fixed in the drawn cell; a value of the one before when no grid value of the last would
// then do. Fixed sites are those of the orbits whose coordinates are all drawn and of the orbits without free
// coordinates (their positions follow from the letter alone). Clashes the mask cannot prevent remain possible: between
// orbits without free coordinates, from an orbit's first of three free coordinates, or when every value clashes.
//
// Only the orbit's representative point is measured: every site of the orbit is its image under an operation of the
// group, which maps the fixed sites (whole orbits) onto themselves and keeps distances in a cell of the group's crystal
// system, so each site sees the same distances as the representative.
import { periodicDistancesFrom } from "../../crystal/distances.js";
import { latticeFromParameters } from "../../crystal/lattice.js";
import { applyOperation, spaceGroupWyckoffTable, wyckoffPoint } from "../../crystal/symmetry/index.js";
import { orbitSites } from "./orbit-size.js";
import { type SequenceState, stateLattice } from "./sequence-state.js";
import { COORD_BINS, type LatticeBinning, tokenCoord } from "./vocabulary.js";

/** Distance (Å) below which an image of the representative point is the point itself (an operation of its site symmetry). */
const SAME_POINT = 1e-4;

/**
 * A test of free-variable values [x, y, z] of orbit `orbit` (whose coordinates are being drawn, after every lattice
 * token): true when the orbit keeps its multiplicity and its sites keep at least `minDistance` Å from each other and
 * from every fixed site.
 */
export function clashTest(state: SequenceState, binning: LatticeBinning, orbit: number, minDistance: number): (params: readonly number[]) => boolean {
  const p = stateLattice(state, binning)!;
  const distances2 = periodicDistancesFrom(latticeFromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma));
  const table = spaceGroupWyckoffTable(state.spaceGroup!);
  const { letter, multiplicity } = state.orbits[orbit]!.position;
  const affine = table.positions.get(letter)!.affine;
  const fixed = fixedSites(state, orbit);
  const ops = table.operations.length;
  const stabiliser = ops / multiplicity;
  const limit = minDistance * minDistance, same = SAME_POINT * SAME_POINT;
  return (params) => {
    const point = wyckoffPoint(affine, params);
    const others: number[] = [];
    for (const op of table.operations) others.push(...applyOperation(op, point));
    others.push(...fixed);
    const d2 = distances2(point, others);
    let onPoint = 0;
    for (let k = 0; k < ops; k++) {
      if (d2[k]! < same) onPoint++;
      else if (d2[k]! < limit) return false;
    }
    if (onPoint !== stabiliser) return false; // the orbit collapses onto a more special position
    for (let k = ops; k < d2.length; k++) if (d2[k]! < limit) return false;
    return true;
  };
}

/** Whether some grid value k/120 of free variable `variable` (0, 1, 2 for x, y, z) passes `test`; `params` is overwritten there. */
export function someGridValue(test: (params: readonly number[]) => boolean, params: number[], variable: number): boolean {
  for (let k = 0; k < COORD_BINS; k++) {
    params[variable] = k / COORD_BINS;
    if (test(params)) return true;
  }
  return false;
}

/** Sites (n×3 flat) of the orbits before `orbit` (coordinates all drawn) and of every other orbit without free coordinates. */
function fixedSites(state: SequenceState, orbit: number): number[] {
  const out: number[] = [];
  let c = 0;
  state.orbits.forEach((o, i) => {
    const free = o.position.freeVariables;
    if (i !== orbit && (i < orbit || free.length === 0)) {
      const params = [0, 0, 0];
      free.forEach((j, k) => (params[j] = tokenCoord(state.coordTokens[c + k]!)));
      out.push(...orbitSites(state.spaceGroup!, o.position.letter, params));
    }
    c += free.length;
  });
  return out;
}

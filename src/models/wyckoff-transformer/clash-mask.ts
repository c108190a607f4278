// The distance mask, an opt-in sampler setting (minDistance, Å), used by the grammar (grammar.ts) at an orbit's last two
// free coordinates: a value of the last is left out when the orbit's sites would come closer than minDistance to each
// other or to a site already fixed in the drawn cell; a value of the one before when no grid value of the last would
// then do. Fixed sites are those of the orbits whose coordinates are all drawn and of the orbits without free
// coordinates (their positions follow from the letter alone). Clashes the mask cannot prevent remain possible: between
// orbits without free coordinates, from an orbit's first of three free coordinates, or when every value clashes.
import { pbcShortestVectors } from "../../crystal/distances.js";
import { latticeFromParameters } from "../../crystal/lattice.js";
import { orbitSites } from "./orbit-size.js";
import { type SequenceState, stateLattice } from "./sequence-state.js";
import { COORD_BINS, type LatticeBinning, tokenCoord } from "./vocabulary.js";

/**
 * A test of free-variable values [x, y, z] of orbit `orbit` (whose coordinates are being drawn, after every lattice
 * token): true when the orbit keeps its multiplicity and its sites keep at least `minDistance` Å from each other and
 * from every fixed site.
 */
export function clashTest(state: SequenceState, binning: LatticeBinning, orbit: number, minDistance: number): (params: readonly number[]) => boolean {
  const p = stateLattice(state, binning)!;
  const lattice = latticeFromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma);
  const fixed = fixedSites(state, orbit);
  const { letter, multiplicity } = state.orbits[orbit]!.position;
  const limit = minDistance * minDistance;
  return (params) => {
    const sites = orbitSites(state.spaceGroup!, letter, params);
    const n = sites.length / 3;
    if (n !== multiplicity) return false;
    const within = pbcShortestVectors(lattice, sites, sites).d2;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (within[i * n + j]! < limit) return false;
    return fixed.length === 0 || pbcShortestVectors(lattice, sites, fixed).d2.every((d2) => d2 >= limit);
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

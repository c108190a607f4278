// Sites that share one position (a disordered site written as several partially occupied rows), grouped as pymatgen
// counts them: one pymatgen site per position, holding several species.
import type { Structure } from "./structure.js";

/** Default fractional distance (periodic, per axis) below which two sites share a position: pymatgen's CifParser's. */
export const SHARED_POSITION_TOLERANCE = 1e-4;

/** Whether two fractional coordinates are within `tol` of each other modulo 1. */
function periodicClose(a: number, b: number, tol: number): boolean {
  const d = a - b - Math.round(a - b);
  return d <= tol && d >= -tol;
}

/**
 * The structure's sites grouped by position, in order of each group's first site: groups[k] lists the indices of the
 * sites at position k. An ordered structure has one site per group.
 */
export function sharedPositions(s: Structure, tol = SHARED_POSITION_TOLERANCE): number[][] {
  const f = s.fracCoords;
  const groups: number[][] = [];
  for (let i = 0; i < s.species.length; i++) {
    const group = groups.find((g) => {
      const j = g[0]!;
      return periodicClose(f[3 * i]!, f[3 * j]!, tol) && periodicClose(f[3 * i + 1]!, f[3 * j + 1]!, tol) && periodicClose(f[3 * i + 2]!, f[3 * j + 2]!, tol);
    });
    if (group) group.push(i);
    else groups.push([i]);
  }
  return groups;
}

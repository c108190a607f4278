// The space groups of training crystals, as the search families detect them, and draws from a histogram.
import type { Structure } from "../../crystal/structure.js";
import { SymmetryError, analyzeSymmetry } from "../../crystal/symmetry/index.js";
import type { Rng } from "../../util/random.js";

/** Distance tolerance (Å) of the search families' symmetry detection (0.1 Å, the tolerance CDVAE/DiffCSP evaluations use). */
export const SEARCH_SYMPREC = 0.1;

/** The space-group number moyo finds at SEARCH_SYMPREC, or null when it rejects the cell (overlapping atoms). */
export function detectedSpaceGroup(structure: Structure): number | null {
  try {
    return analyzeSymmetry(structure, { symprec: SEARCH_SYMPREC }).number;
  } catch (e) {
    if (e instanceof SymmetryError) return null;
    throw e;
  }
}

/** (space group, number of crystals) of the crystals whose group is detected, ascending by group. */
export function spaceGroupHistogram(structures: readonly Structure[]): [number, number][] {
  const counts = new Map<number, number>();
  for (const s of structures) {
    const g = detectedSpaceGroup(s);
    if (g !== null) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]);
}

/** An index drawn with probability proportional to its non-negative weight (at least one positive). */
export function drawWeighted(weights: readonly number[], random: Rng): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random.next() * total;
  let last = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! > 0) last = i;
    if ((u -= weights[i]!) < 0) return i;
  }
  return last; // u fell on the total through rounding
}

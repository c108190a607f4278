// A sanity gate for sampled cells before structure matching: exploded or collapsed lattices from an unconverged
// sampler are counted as failed samples (the reference counts any matcher exception as "not matched").
import { latticeParameters, latticeVolume } from "../crystal/lattice.js";
import type { Structure } from "../crystal/structure.js";

/** What CSP scoring does with implausible cells: count them as unmatched samples, or hand them to the matcher. */
export type ImplausibleCellPolicy = "unmatched" | "keep";

/** True when the cell is finite, has 0.5–1000 Å³ per atom, angles in 10–170° and lengths within a factor 20. */
export function isPlausibleCell(s: Structure): boolean {
  if (!Array.from(s.lattice.matrix).every(Number.isFinite)) return false;
  const perAtom = latticeVolume(s.lattice) / Math.max(1, s.species.length);
  if (!(perAtom >= 0.5 && perAtom <= 1000)) return false;
  const p = latticeParameters(s.lattice);
  if (![p.alpha, p.beta, p.gamma].every((x) => x >= 10 && x <= 170)) return false;
  return Math.max(p.a, p.b, p.c) <= 20 * Math.min(p.a, p.b, p.c);
}

/** The prediction lists under a policy ("unmatched" drops implausible cells from each list) and how many were dropped. */
export function applyCellPolicy(predictions: readonly (readonly Structure[])[], policy: ImplausibleCellPolicy): { predictions: Structure[][]; implausible: number } {
  if (policy === "keep") return { predictions: predictions.map((p) => [...p]), implausible: 0 };
  let implausible = 0;
  const kept = predictions.map((list) => {
    const ok = list.filter(isPlausibleCell);
    implausible += list.length - ok.length;
    return ok;
  });
  return { predictions: kept, implausible };
}

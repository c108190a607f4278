// Greedy grouping of crystals into graphs of bounded size.
import type { Structure } from "../../crystal/structure.js";

/** Consecutive groups of crystals with at most `atomsPerBatch` atoms each (a larger crystal forms its own group). */
export function crystalBatches(structures: readonly Structure[], atomsPerBatch: number): Structure[][] {
  const batches: Structure[][] = [];
  let current: Structure[] = [];
  let atoms = 0;
  for (const s of structures) {
    if (current.length && atoms + s.species.length > atomsPerBatch) {
      batches.push(current);
      current = [];
      atoms = 0;
    }
    current.push(s);
    atoms += s.species.length;
  }
  if (current.length) batches.push(current);
  return batches;
}

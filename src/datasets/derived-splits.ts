// Splits derived from a published one by a stable hash of the row id, so they never change: `fit` (90 % of val) to
// train on and `select` (the other 10 %) to make every choice on, for datasets whose train split is not at hand.
import { fnv1a32 } from "../util/fnv1a.js";

/** How a derived split is made: the published split it comes from and which ids it keeps. */
export interface DerivedSplit {
  readonly from: string;
  /** Human-readable rule, recorded in the provenance. */
  readonly rule: string;
  keeps(id: string): boolean;
}

const selectBucket = (id: string) => fnv1a32(new TextEncoder().encode(id)) % 10 === 0;

/** The derived splits by name. */
export const DERIVED_SPLITS: Readonly<Record<string, DerivedSplit>> = {
  fit: { from: "val", rule: "val rows whose FNV-1a 32-bit hash of the id (UTF-8) is not 0 mod 10 (≈ 90 %)", keeps: (id) => !selectBucket(id) },
  select: { from: "val", rule: "val rows whose FNV-1a 32-bit hash of the id (UTF-8) is 0 mod 10 (≈ 10 %)", keeps: selectBucket },
};

/** The derived split of that name, or undefined for a published split. */
export function derivedSplit(split: string): DerivedSplit | undefined {
  return Object.hasOwn(DERIVED_SPLITS, split) ? DERIVED_SPLITS[split] : undefined;
}

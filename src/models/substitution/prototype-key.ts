// Structure prototypes for mining substitutions, cheaply: two crystals share a prototype when they have the same
// space group (detected at SEARCH_SYMPREC) and the same anonymous formula; their elements correspond rank by rank,
// ranks ordered by (reduced count, Pauling electronegativity, Z), so cations map to cations and anions to anions.
import { composition, reducedComposition } from "../../crystal/composition.js";
import { element } from "../../crystal/elements.js";

/** A crystal's prototype: the key shared by crystals of the same prototype, and its elements in rank order. */
export interface Prototype {
  /** "space group|reduced counts in rank order", e.g. "225|1,1" for rock salt. */
  readonly key: string;
  /** Distinct atomic numbers in rank order (ascending reduced count, then electronegativity, then Z). */
  readonly elements: readonly number[];
}

/** The prototype of a crystal of species `species` in space group `spaceGroup`. */
export function prototypeOf(species: ArrayLike<number>, spaceGroup: number): Prototype {
  const c = reducedComposition(composition(species));
  const chi = (z: number) => (Number.isFinite(element(z).pauling) ? element(z).pauling : Infinity);
  const ranked = c.elements.map((z, i) => ({ z, n: c.amounts[i]! })).sort((a, b) => a.n - b.n || chi(a.z) - chi(b.z) || a.z - b.z);
  return { key: `${spaceGroup}|${ranked.map((r) => r.n).join(",")}`, elements: ranked.map((r) => r.z) };
}

// Look-ahead for the composition stage: can further elements (later in the canonical order, within the atoms and
// elements left) make the composition charge-balanced with SMACT's oxidation states, or an all-metal alloy? A
// necessary condition of SMACT validity (the Pauling test and Wyckoff feasibility are checked when the composition
// closes), cheap enough to prune the additions that lead into dead ends.
import { SMACT_MAX_Z, SMACT_METALS, SMACT_OXIDATION_STATES } from "../../metrics/data/smact.js";

type Counts = readonly (readonly [z: number, count: number])[];

/** The element counts an addition may use (e.g. those some Wyckoff orbits of the space group add up to), with a cache tag. */
export interface AllowedCounts {
  readonly tag: string | number;
  readonly counts: ReadonlySet<number>;
}

/** Charge-balance look-ahead over an ordered list of allowed elements. */
export class ChargeLookahead {
  /** Per start index i: the distinct non-zero oxidation states of the elements at index ≥ i. */
  private readonly statesFrom: number[][];
  /** Per start index i: whether a metal is at index ≥ i. */
  private readonly metalFrom: boolean[];
  private readonly cache = new Map<string, boolean>();

  /**
   * @param elements allowed atomic numbers in the canonical order
   * @param minElements fewest distinct elements of a closed composition
   */
  constructor(private readonly elements: readonly number[], private readonly minElements: number) {
    const n = elements.length;
    this.statesFrom = new Array<number[]>(n + 1);
    this.metalFrom = new Array<boolean>(n + 1);
    this.statesFrom[n] = [];
    this.metalFrom[n] = false;
    for (let i = n - 1; i >= 0; i--) {
      const z = elements[i]!;
      this.statesFrom[i] = [...new Set([...this.statesFrom[i + 1]!, ...statesOf(z).filter((q) => q !== 0)])];
      this.metalFrom[i] = this.metalFrom[i + 1]! || SMACT_METALS.has(z);
    }
  }

  /**
   * True when adding 1 … `more` elements of index ≥ `from`, each with an allowed count, `room` atoms in all, can give a
   * composition of at least minElements elements with Σ qᵢnᵢ = 0 for some choice of SMACT oxidation states, or an
   * all-metal one (a SMACT alloy).
   */
  canBalance(counts: Counts, from: number, room: number, more: number, allowed: AllowedCounts): boolean {
    if (more < 1 || room < 1 || from >= this.elements.length) return false;
    const key = `${allowed.tag}|${counts.join(";")}|${from}|${room}|${more}`;
    let ok = this.cache.get(key);
    if (ok === undefined) {
      ok = this.search(counts, from, room, more, allowed);
      if (this.cache.size > 1_000_000) this.cache.clear();
      this.cache.set(key, ok);
    }
    return ok;
  }

  /** One more element balances (the arithmetic form of the search at depth one). */
  private oneMore(counts: Counts, from: number, room: number, allowed: AllowedCounts): boolean {
    const fits = (k: number) => k >= 1 && k <= room && allowed.counts.has(k);
    if (counts.every(([z]) => SMACT_METALS.has(z)) && this.metalFrom[from]! && [...allowed.counts].some(fits)) return true;
    for (const c of charges(counts))
      for (const q of this.statesFrom[from]!) {
        const k = -c / q;
        if (Number.isInteger(k) && fits(k)) return true;
      }
    return false;
  }

  private search(counts: Counts, from: number, room: number, more: number, allowed: AllowedCounts): boolean {
    if (counts.length + 1 >= this.minElements && this.oneMore(counts, from, room, allowed)) return true;
    if (more === 1) return false;
    for (let e = from; e < this.elements.length; e++)
      for (let k = 1; k <= room; k++)
        if (allowed.counts.has(k) && this.canBalance([...counts, [this.elements[e]!, k]], e + 1, room - k, more - 1, allowed)) return true;
    return false;
  }
}

function statesOf(z: number): readonly number[] {
  return z >= 1 && z <= SMACT_MAX_Z ? SMACT_OXIDATION_STATES[z]! : [];
}

/** Every Σ qᵢnᵢ over choices of SMACT oxidation states. */
function charges(counts: Counts): Set<number> {
  let out = new Set([0]);
  for (const [z, n] of counts) {
    const next = new Set<number>();
    for (const c of out) for (const q of statesOf(z)) next.add(c + q * n);
    out = next;
  }
  return out;
}

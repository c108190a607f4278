// Can a partial list of occupied orbits still be completed? A depth-first search for the remaining orbits, in canonical
// order (element by element, letters in non-decreasing ITA order within an element), each letter without free parameters
// used at most once, within a budget of tokens.
import { spaceGroupWyckoffTable } from "../../crystal/symmetry/index.js";
import { WYCKOFF_LETTERS } from "./vocabulary.js";

/** A Wyckoff position of a space group as the grammar sees it. */
export interface GrammarPosition {
  readonly letter: string;
  /** Index of the letter in WYCKOFF_LETTERS (the canonical order). */
  readonly index: number;
  /** Sites of the orbit in the conventional cell. */
  readonly multiplicity: number;
  /** Indices (0 = x, 1 = y, 2 = z) of the free variables of its coordinate triplet. */
  readonly freeVariables: readonly number[];
  /** Tokens an orbit on it takes: element, letter and one per free variable. */
  readonly cost: number;
}

const positionCache = new Map<number, readonly GrammarPosition[]>();

/** The Wyckoff positions of space group 1–230 in canonical (ITA letter) order. */
export function grammarPositions(spaceGroup: number): readonly GrammarPosition[] {
  let p = positionCache.get(spaceGroup);
  if (!p) {
    p = [...spaceGroupWyckoffTable(spaceGroup).positions.values()]
      .map((w) => ({ letter: w.letter, index: WYCKOFF_LETTERS.indexOf(w.letter), multiplicity: w.multiplicity, freeVariables: w.affine.freeVariables, cost: 2 + w.affine.freeVariables.length }))
      .sort((x, y) => x.index - y.index);
    positionCache.set(spaceGroup, p);
  }
  return p;
}

/** Atoms still to place for one element, and the smallest letter index it may still use. */
export interface ElementNeed {
  readonly remaining: number;
  readonly minIndex: number;
}

/** Search nodes visited before a completion search gives up (counted as "cannot be completed"). */
const NODE_BUDGET = 20_000;

/**
 * True when orbits of `positions` can place every element's remaining atoms (elements in the order given, letters
 * from the element's minIndex on, in non-decreasing order), letters without free variables not in `used` and each
 * used once, with the orbits' tokens within `tokenBudget`. A search that exceeds 20 000 nodes answers false, so a
 * true answer always has a witness.
 */
export function canComplete(positions: readonly GrammarPosition[], needs: readonly ElementNeed[], used: ReadonlySet<string>, tokenBudget: number): boolean {
  if (tokenBudget < 0) return false;
  const taken = new Set(used);
  let nodes = 0;
  const failed = new Set<string>();
  const fill = (k: number, remaining: number, start: number, budget: number): boolean => {
    if (remaining === 0) return k + 1 === needs.length || fill(k + 1, needs[k + 1]!.remaining, needs[k + 1]!.minIndex, budget);
    const key = `${k}|${remaining}|${start}|${budget}|${[...taken].join("")}`;
    if (failed.has(key) || ++nodes > NODE_BUDGET) return false;
    // The largest orbits first: a witness for many atoms is found quickly; the order does not change the answer.
    for (let i = positions.length - 1; i >= 0; i--) {
      const p = positions[i]!;
      if (p.index < start || p.multiplicity > remaining || p.cost > budget) continue;
      const free = p.freeVariables.length > 0;
      if (!free && taken.has(p.letter)) continue;
      if (!free) taken.add(p.letter);
      const ok = fill(k, remaining - p.multiplicity, free ? p.index : p.index + 1, budget - p.cost);
      if (!free) taken.delete(p.letter);
      if (ok) return true;
    }
    failed.add(key);
    return false;
  };
  return needs.length === 0 || fill(0, needs[0]!.remaining, needs[0]!.minIndex, tokenBudget);
}

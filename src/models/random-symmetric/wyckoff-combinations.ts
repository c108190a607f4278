// Which Wyckoff positions can hold a composition: per element a multiset of letters whose multiplicities add up to the
// element's count in the conventional cell, a letter without free parameters used at most once overall.
import { elementSymbol } from "../../crystal/elements.js";
import { spaceGroupWyckoffTable } from "../../crystal/symmetry/index.js";

/** One occupied orbit of an assignment: an element on a Wyckoff letter of the given multiplicity. */
export interface WyckoffSlot {
  /** Atomic number Z. */
  readonly element: number;
  /** Wyckoff letter (ITA standard setting). */
  readonly letter: string;
  /** Sites of the orbit in the conventional cell. */
  readonly multiplicity: number;
}

/** A composition's atoms distributed over Wyckoff orbits of one space group, element by element. */
export type WyckoffAssignment = readonly WyckoffSlot[];

/** Search nodes visited before the enumeration gives up (a composition with many atoms in a group with many letters). */
const NODE_BUDGET = 200_000;

/**
 * Wyckoff assignments of space group `spaceGroup` that hold exactly `counts` (atomic number → atoms in the conventional
 * cell), in a fixed depth-first order, at most `limit` of them (and none found after 200 000 search nodes counts as
 * none). Elements are placed in the order given; each element's letters are listed in the table's order.
 */
export function wyckoffAssignments(counts: readonly (readonly [z: number, count: number])[], spaceGroup: number, limit = 1000): WyckoffAssignment[] {
  const positions = [...spaceGroupWyckoffTable(spaceGroup).positions.values()].map((p) => ({ letter: p.letter, multiplicity: p.multiplicity, free: p.affine.freeVariables.length > 0 }));
  const out: WyckoffAssignment[] = [];
  const slots: WyckoffSlot[] = [];
  const used = new Set<string>();
  let nodes = 0;
  const place = (k: number): void => {
    if (k === counts.length) out.push([...slots]);
    else fill(k, 0, counts[k]![1]);
  };
  const fill = (k: number, start: number, remaining: number): void => {
    if (out.length >= limit || ++nodes > NODE_BUDGET) return;
    if (remaining === 0) return place(k + 1);
    for (let i = start; i < positions.length; i++) {
      const p = positions[i]!;
      if (p.multiplicity > remaining || (!p.free && used.has(p.letter))) continue;
      if (!p.free) used.add(p.letter);
      slots.push({ element: counts[k]![0], letter: p.letter, multiplicity: p.multiplicity });
      fill(k, p.free ? i : i + 1, remaining - p.multiplicity);
      slots.pop();
      used.delete(p.letter);
    }
  };
  place(0);
  return out;
}

/**
 * The numbers of formula units Z = 1 … maxFormulaUnits for which some Wyckoff assignment of the space group holds Z
 * times the reduced composition `formula` (atomic number → count) in the conventional cell, ascending.
 */
export function feasibleFormulaUnits(formula: readonly (readonly [z: number, count: number])[], spaceGroup: number, maxFormulaUnits: number): number[] {
  const zs: number[] = [];
  for (let z = 1; z <= maxFormulaUnits; z++) if (wyckoffAssignments(scaledCounts(formula, z), spaceGroup, 1).length > 0) zs.push(z);
  return zs;
}

/** The counts of `formula` times `formulaUnits`. */
export function scaledCounts(formula: readonly (readonly [z: number, count: number])[], formulaUnits: number): [number, number][] {
  return formula.map(([z, n]) => [z, n * formulaUnits]);
}

/** An assignment as text, e.g. "Na:4a Cl:4b" (multiplicity and letter per orbit, in assignment order). */
export function assignmentLabel(assignment: WyckoffAssignment): string {
  return assignment.map((s) => `${elementSymbol(s.element)}:${s.multiplicity}${s.letter}`).join(" ");
}

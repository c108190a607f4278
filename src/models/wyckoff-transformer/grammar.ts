// The grammar mask: the tokens that may follow a sequence prefix so that the finished sequence is a crystal the
// structure-from-Wyckoff builder can make — a space group allowed by the prompt; that group's letters only; orbits in
// canonical order; each letter without free parameters at most once; the composition prompt's counts (Z formula units)
// still reachable; the crystal system's lattice parameters; the orbits' free coordinates; a stop token; all within the
// context length; a triclinic γ that makes a cell with α and β; the last free coordinate of an orbit never collapses it
// onto a more special position (unless every value would) and, opt-in, keeps its sites apart (clash-mask.ts).
import { type ElementNeed, type GrammarPosition, canComplete, grammarPositions } from "./completion.js";
import { latticeSlots } from "./lattice-slots.js";
import { clashTest, someGridValue } from "./clash-mask.js";
import { orbitSize } from "./orbit-size.js";
import { type SequenceState, readSequence, slotKind } from "./sequence-state.js";
import {
  ANGLE_BASE, ANGLE_BINS, COORD_BASE, COORD_BINS, EOS, LENGTH_BASE, LENGTH_BINS, type LatticeBinning, SEP, elementToken, letterToken, sgToken, tokenAngle, tokenCoord, tokenRange,
} from "./vocabulary.js";

/** A composition prompt: its reduced formula and how many formula units a conventional cell may hold. */
export interface CompositionPrompt {
  /** (atomic number, count) pairs of the reduced formula, ascending Z. */
  readonly formula: readonly (readonly [z: number, count: number])[];
  /** Largest number of formula units per conventional cell. */
  readonly maxFormulaUnits: number;
}

/** What the mask enforces beyond the grammar itself. */
export interface GrammarConstraints {
  /** Atomic numbers a sequence may use (the model's elements). */
  readonly elements: readonly number[];
  /** Space groups allowed after BOS. */
  readonly spaceGroups: readonly number[];
  /** Largest number of atoms in the conventional cell. */
  readonly maxCellAtoms: number;
  /** Longest sequence in tokens, BOS and EOS included. */
  readonly contextLength: number;
  /** The lattice bins (the triclinic γ is restricted to angles that make a cell with α and β). */
  readonly binning: LatticeBinning;
  readonly composition?: CompositionPrompt;
  /** With a value (Å), the distance mask of src/models/wyckoff-transformer/clash-mask.ts; absent or 0: off. */
  readonly minDistance?: number;
}

/** Smallest (V / abc)² = 1 − cos²α − cos²β − cos²γ + 2 cos α cos β cos γ of a triclinic cell the grammar allows. */
export const MIN_TRICLINIC_SHAPE = 0.01;

/** Tokens after the orbits besides the lattice: SEP and EOS (BOS and SG come before). */
const FIXED_TOKENS = 4;

/**
 * The tokens allowed after `prefix` (which starts with BOS), ascending; empty only when the prefix itself is a dead end.
 * @throws SequenceGrammarError when the prefix breaks the grammar
 */
export function allowedTokens(prefix: ArrayLike<number>, c: GrammarConstraints): Int32Array {
  const state = readSequence(prefix);
  switch (state.phase) {
    case "sg":
      return Int32Array.from(c.spaceGroups.filter((g) => spaceGroupFeasible(g, c)).sort((a, b) => a - b).map(sgToken));
    case "element-or-sep":
    case "letter":
      return Int32Array.from(orbitTokens(state, c));
    case "lattice": {
      const slot = state.latticeSlots[state.latticeTokens.length]!;
      if (slotKind(slot) === "length") return Int32Array.from(tokenRange(LENGTH_BASE, LENGTH_BINS));
      return Int32Array.from(angleTokens(slot, state.latticeTokens.slice(3).map((t) => tokenAngle(t, c.binning)), c.binning));
    }
    case "coord":
      return Int32Array.from(coordTokens(state, c));
    case "eos":
      return Int32Array.of(EOS);
    case "done":
      return new Int32Array(0);
  }
}

/** Whether a sequence in space group g can satisfy the constraints (a composition prompt: some Z fits). */
export function spaceGroupFeasible(g: number, c: GrammarConstraints): boolean {
  const budget = c.contextLength - FIXED_TOKENS - latticeSlots(g).length;
  const positions = grammarPositions(g);
  if (!c.composition) return budget >= Math.min(...positions.map((p) => p.cost)) && c.maxCellAtoms >= Math.min(...positions.map((p) => p.multiplicity));
  const { formula, maxFormulaUnits } = c.composition;
  for (let z = 1; z <= maxFormulaUnits; z++) {
    if (formula.reduce((n, [, k]) => n + z * k, 0) > c.maxCellAtoms) break;
    if (canComplete(positions, formula.map(([, k]) => ({ remaining: z * k, minIndex: 0 })), new Set(), budget)) return true;
  }
  return false;
}

/** The orbit part: elements or SEP (after a letter or the SG), or letters (after an element). */
function orbitTokens(state: SequenceState, c: GrammarConstraints): number[] {
  const sg = state.spaceGroup!;
  const positions = grammarPositions(sg);
  const last = state.orbits[state.orbits.length - 1];
  const used = new Set(state.orbits.filter((o) => o.position.freeVariables.length === 0).map((o) => o.position.letter));
  const budget = c.contextLength - FIXED_TOKENS - latticeSlots(sg).length - state.orbits.reduce((n, o) => n + o.position.cost, 0);
  const atoms = state.orbits.reduce((n, o) => n + o.position.multiplicity, 0);
  const counts = new Map<number, number>();
  for (const o of state.orbits) counts.set(o.z, (counts.get(o.z) ?? 0) + o.position.multiplicity);
  const letterOk = (z: number, p: GrammarPosition): boolean => {
    if (last && (z < last.z || (z === last.z && p.index < last.position.index))) return false;
    const free = p.freeVariables.length > 0;
    if ((!free && used.has(p.letter)) || p.cost > budget || atoms + p.multiplicity > c.maxCellAtoms) return false;
    if (!c.composition) return true;
    const after = new Map(counts).set(z, (counts.get(z) ?? 0) + p.multiplicity);
    const usedAfter = free ? used : new Set(used).add(p.letter);
    return formulaUnitsToTry(c.composition, after).some((units) => {
      const needs = compositionNeeds(c.composition!, after, units, z, free ? p.index : p.index + 1);
      return needs !== null && canComplete(positions, needs, usedAfter, budget - p.cost);
    });
  };
  if (state.phase === "letter") return positions.filter((p) => letterOk(state.pendingZ!, p)).map((p) => letterToken(p.letter));
  const candidates = c.composition ? c.composition.formula.map(([z]) => z) : c.elements;
  const out = candidates.filter((z) => (!last || z >= last.z) && positions.some((p) => letterOk(z, p))).sort((a, b) => a - b).map(elementToken);
  const complete = !c.composition || formulaUnitsToTry(c.composition, counts).some((u) => c.composition!.formula.every(([z, k]) => counts.get(z) === u * k));
  return state.orbits.length > 0 && complete ? [SEP, ...out] : out;
}

/** Formula units Z = 1 … maxFormulaUnits whose counts are at least the atoms placed so far. */
function formulaUnitsToTry(p: CompositionPrompt, counts: ReadonlyMap<number, number>): number[] {
  const out: number[] = [];
  for (let u = 1; u <= p.maxFormulaUnits; u++) if (p.formula.every(([z, k]) => (counts.get(z) ?? 0) <= u * k)) out.push(u);
  return out;
}

/**
 * What remains to place for Z = `units` formula units after an orbit of element `z` (canonical order: elements below z
 * must be complete, z continues from letter index `minIndex`, later elements start afresh); null when an element
 * below z is incomplete.
 */
function compositionNeeds(p: CompositionPrompt, counts: ReadonlyMap<number, number>, units: number, z: number, minIndex: number): ElementNeed[] | null {
  const needs: ElementNeed[] = [];
  for (const [e, k] of p.formula) {
    const remaining = units * k - (counts.get(e) ?? 0);
    if (e < z) {
      if (remaining !== 0) return null;
    } else needs.push({ remaining, minIndex: e === z ? minIndex : 0 });
  }
  return needs;
}

/**
 * The coordinate tokens allowed next: all grid points, except at an orbit's last free variable, where the values that
 * make the orbit smaller than its multiplicity are left out (all stay allowed when every value would), and, with
 * `minDistance`, at its last two, where values that bring sites too close are left out (clash-mask.ts; left in when
 * every value would).
 */
function coordTokens(state: SequenceState, c: GrammarConstraints): number[] {
  const all = tokenRange(COORD_BASE, COORD_BINS);
  let first = 0;
  for (const [i, o] of state.orbits.entries()) {
    const free = o.position.freeVariables;
    const index = state.coordTokens.length - first;
    if (index < free.length) {
      const later = free.length - 1 - index;
      if (later > (c.minDistance ? 1 : 0)) return all;
      const params = [0, 0, 0];
      free.slice(0, index).forEach((j, k) => (params[j] = tokenCoord(state.coordTokens[first + k]!)));
      const withValue = (t: number) => ((params[free[index]!] = tokenCoord(t)), params);
      const keep = later > 0 ? all : all.filter((t) => orbitSize(state.spaceGroup!, o.position.letter, withValue(t)) === o.position.multiplicity);
      if (keep.length === 0) return all;
      if (!c.minDistance) return keep;
      const clear = clashTest(state, c.binning, i, c.minDistance);
      const roomy = keep.filter((t) => (later === 0 ? clear(withValue(t)) : someGridValue(clear, withValue(t), free[index + 1]!)));
      return roomy.length > 0 ? roomy : keep;
    }
    first += free.length;
  }
  return all;
}

/**
 * The angle tokens allowed for a free angle. Monoclinic β: all. Triclinic, so that every prefix can be completed into a
 * cell with (V/abc)² ≥ MIN_TRICLINIC_SHAPE: α where β = γ = the bin nearest 90° would do (that choice maximises the
 * shape for a given α up to the bins' rounding); β where some γ bin does; γ where the cell is made.
 */
function angleTokens(slot: string, earlier: readonly number[], b: LatticeBinning): number[] {
  const all = tokenRange(ANGLE_BASE, ANGLE_BINS);
  if (slot === "beta" && earlier.length === 0) return all; // monoclinic
  const ok = (alpha: number, beta: number, gamma: number) => triclinicShape(alpha, beta, gamma) >= MIN_TRICLINIC_SHAPE;
  const angles = all.map((t) => tokenAngle(t, b));
  const right = angles.reduce((best, x) => (Math.abs(x - 90) < Math.abs(best - 90) ? x : best));
  if (slot === "alpha") return all.filter((_, i) => ok(angles[i]!, right, right));
  if (slot === "beta") return all.filter((_, i) => angles.some((g) => ok(earlier[0]!, angles[i]!, g)));
  return all.filter((_, i) => ok(earlier[0]!, earlier[1]!, angles[i]!));
}

/** (V / abc)² of a cell with angles α, β, γ (degrees): zero for a flat cell, negative when no cell has them. */
function triclinicShape(alpha: number, beta: number, gamma: number): number {
  const [ca, cb, cg] = [alpha, beta, gamma].map((x) => Math.cos((x * Math.PI) / 180)) as [number, number, number];
  return 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
}

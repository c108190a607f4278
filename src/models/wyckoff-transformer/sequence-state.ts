// Reading a (partial) Wyckoff sequence: where it is in the grammar BOS, SG, (element, letter)…, SEP, free lattice
// parameters…, free coordinates…, EOS, and what it holds so far.
import { type GrammarPosition, grammarPositions } from "./completion.js";
import type { LatticeParameters } from "../../crystal/lattice.js";
import { type LatticeSlot, latticeFromSlots, latticeSlots } from "./lattice-slots.js";
import { BOS, EOS, type LatticeBinning, SEP, tokenAngle, tokenKind, tokenLength, tokenLetter, tokenSg, tokenZ } from "./vocabulary.js";

/** One occupied orbit of a sequence. */
export interface SequenceOrbit {
  /** Atomic number. */
  readonly z: number;
  readonly position: GrammarPosition;
}

/** What comes next in a sequence. */
export type SequencePhase = "sg" | "element-or-sep" | "letter" | "lattice" | "coord" | "eos" | "done";

/** A read sequence prefix. */
export interface SequenceState {
  readonly phase: SequencePhase;
  /** Space group (null before its token). */
  readonly spaceGroup: number | null;
  /** Complete (element, letter) orbits. */
  readonly orbits: readonly SequenceOrbit[];
  /** The element whose letter comes next (phase "letter"). */
  readonly pendingZ: number | null;
  /** Free lattice parameters of the group, and the values' tokens read so far. */
  readonly latticeSlots: readonly LatticeSlot[];
  readonly latticeTokens: readonly number[];
  /** Free coordinates the orbits need in all, and the tokens read so far. */
  readonly coordCount: number;
  readonly coordTokens: readonly number[];
}

/** Thrown when a token sequence breaks the grammar; names the position and the token. */
export class SequenceGrammarError extends Error {
  constructor(readonly position: number, message: string) {
    super(`Wyckoff sequence, token ${position}: ${message}`);
    this.name = "SequenceGrammarError";
  }
}

/**
 * Reads tokens from the start (BOS) as far as they go. Checks the block of each token and that letters exist in the
 * space group; the finer rules (order, special positions once, compositions) are the grammar mask's.
 * @throws SequenceGrammarError naming the first token out of place
 */
export function readSequence(tokens: ArrayLike<number>): SequenceState {
  let phase: SequencePhase = "sg";
  let spaceGroup: number | null = null;
  const orbits: SequenceOrbit[] = [];
  let pendingZ: number | null = null;
  let slots: readonly LatticeSlot[] = [];
  const latticeTokens: number[] = [];
  const coordTokens: number[] = [];
  let coordCount = 0;
  if (tokens.length === 0 || tokens[0] !== BOS) throw new SequenceGrammarError(0, "a sequence starts with BOS");
  const expect = (i: number, ok: boolean, what: string) => {
    if (!ok) throw new SequenceGrammarError(i, `expected ${what}, got token ${tokens[i]} (${tokenKind(tokens[i]!)})`);
  };
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const kind = tokenKind(t);
    switch (phase) {
      case "sg":
        expect(i, kind === "sg", "a space-group token");
        spaceGroup = tokenSg(t);
        slots = latticeSlots(spaceGroup);
        phase = "element-or-sep";
        break;
      case "element-or-sep":
        if (t === SEP) {
          expect(i, orbits.length > 0, "at least one orbit before SEP");
          coordCount = orbits.reduce((n, o) => n + o.position.freeVariables.length, 0);
          phase = "lattice";
        } else {
          expect(i, kind === "element", "an element or SEP");
          pendingZ = tokenZ(t);
          phase = "letter";
        }
        break;
      case "letter": {
        expect(i, kind === "letter", "a Wyckoff letter");
        const position = grammarPositions(spaceGroup!).find((p) => p.letter === tokenLetter(t));
        expect(i, position !== undefined, `a Wyckoff letter of space group ${spaceGroup}`);
        orbits.push({ z: pendingZ!, position: position! });
        pendingZ = null;
        phase = "element-or-sep";
        break;
      }
      case "lattice":
        expect(i, kind === slotKind(slots[latticeTokens.length]!), `a lattice ${slotKind(slots[latticeTokens.length]!)} token`);
        latticeTokens.push(t);
        break;
      case "coord":
        expect(i, kind === "coord", "a coordinate token");
        coordTokens.push(t);
        break;
      case "eos":
        expect(i, t === EOS, "EOS");
        phase = "done";
        break;
      case "done":
        throw new SequenceGrammarError(i, "tokens after EOS");
    }
    if (phase === "lattice" && latticeTokens.length === slots.length) phase = coordCount > 0 ? "coord" : "eos";
    if (phase === "coord" && coordTokens.length === coordCount) phase = "eos";
  }
  return { phase, spaceGroup, orbits, pendingZ, latticeSlots: slots, latticeTokens, coordCount, coordTokens };
}

/** Whether a lattice slot takes a length or an angle token. */
export function slotKind(slot: LatticeSlot): "length" | "angle" {
  return slot === "a" || slot === "b" || slot === "c" ? "length" : "angle";
}

/** The conventional lattice (Å, degrees; bin centres) of a state whose lattice tokens are all read, else null. */
export function stateLattice(state: SequenceState, binning: LatticeBinning): LatticeParameters | null {
  if (state.spaceGroup === null || state.latticeTokens.length < state.latticeSlots.length) return null;
  const values = state.latticeTokens.map((t, i) => (slotKind(state.latticeSlots[i]!) === "length" ? tokenLength(t, binning) : tokenAngle(t, binning)));
  return latticeFromSlots(state.spaceGroup, values);
}

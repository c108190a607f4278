// Crystal ⇄ Wyckoff sequence. A sequence is
//   BOS, SG, (element, letter) × orbits, SEP, free lattice parameters, free coordinates of each orbit, EOS.
// Canonical orbit order: ascending atomic number, then ascending ITA letter (a, b, …, z, A), then the orbit's free
// parameters (x, y, z) ascending; within a letter, the free parameters are the smallest (x, y, z) that put a member
// of the orbit on the letter's representative triplet (src/representations/wyckoff.ts). The lattice comes before the
// coordinates, so coordinates are drawn knowing the cell; only the crystal system's free parameters are tokens
// (cubic a; tetragonal and hexagonal a, c; orthorhombic a, b, c; monoclinic a, b, c, β; triclinic all six).
import { atomicNumber, elementSymbol } from "../../crystal/elements.js";
import type { LatticeParameters } from "../../crystal/lattice.js";
import { type Structure, withStructure } from "../../crystal/structure.js";
import { type WyckoffSite, structureFromWyckoff } from "../../crystal/symmetry/index.js";
import { type WyckoffRepresentation, wyckoffRepresentation } from "../../representations/wyckoff.js";
import { latticeSlots } from "./lattice-slots.js";
import { SequenceGrammarError, readSequence, slotKind, stateLattice } from "./sequence-state.js";
import {
  BOS, EOS, type LatticeBinning, SEP, WYCKOFF_LETTERS, angleToken, coordToken, elementToken, lengthToken, letterToken, sgToken, tokenCoord,
} from "./vocabulary.js";
import { grammarPositions } from "./completion.js";

/** A Wyckoff representation's orbits in canonical order (Z, letter, free parameters). */
export function canonicalSites(rep: WyckoffRepresentation): WyckoffRepresentation["sites"] {
  const key = (s: WyckoffRepresentation["sites"][number]) => [atomicNumber(s.element), WYCKOFF_LETTERS.indexOf(s.wyckoff), ...s.params];
  return [...rep.sites].sort((x, y) => {
    const a = key(x), b = key(y);
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
    return 0;
  });
}

/** The token sequence of a Wyckoff representation with the given lattice bins. */
export function encodeWyckoff(rep: WyckoffRepresentation, binning: LatticeBinning): Int32Array {
  const sites = canonicalSites(rep);
  const positions = grammarPositions(rep.spaceGroup);
  const tokens = [BOS, sgToken(rep.spaceGroup)];
  for (const s of sites) tokens.push(elementToken(atomicNumber(s.element)), letterToken(s.wyckoff));
  tokens.push(SEP);
  for (const slot of latticeSlots(rep.spaceGroup)) tokens.push(slotKind(slot) === "length" ? lengthToken(rep.lattice[slot], binning) : angleToken(rep.lattice[slot], binning));
  for (const s of sites) for (const j of positions.find((p) => p.letter === s.wyckoff)!.freeVariables) tokens.push(coordToken(s.params[j]));
  tokens.push(EOS);
  return Int32Array.from(tokens);
}

/**
 * The token sequence of a crystal: its Wyckoff representation at `symprec` (Å, default 0.01) encoded.
 * @throws SymmetryError when the symmetry analysis fails
 */
export function encodeCrystal(structure: Structure, binning: LatticeBinning, symprec = 0.01): Int32Array {
  return encodeWyckoff(wyckoffRepresentation(structure, { symprec }), binning);
}

/** What a complete sequence describes: space group, conventional lattice (Å, degrees) and occupied orbits. */
export interface DecodedSequence {
  readonly spaceGroup: number;
  readonly lattice: LatticeParameters;
  readonly sites: readonly (WyckoffSite & { readonly element: string })[];
}

/**
 * The Wyckoff description held by a complete sequence (values at their bins' centres).
 * @throws SequenceGrammarError when the sequence breaks the grammar or stops before EOS
 */
export function decodeSequence(tokens: ArrayLike<number>, binning: LatticeBinning): DecodedSequence {
  const state = readSequence(tokens);
  if (state.phase !== "done") throw new SequenceGrammarError(tokens.length, `the sequence stops before EOS (expecting ${state.phase})`);
  let c = 0;
  const sites = state.orbits.map((o) => {
    const params: [number, number, number] = [0, 0, 0];
    for (const j of o.position.freeVariables) params[j] = tokenCoord(state.coordTokens[c++]!);
    return { element: elementSymbol(o.z), wyckoff: o.position.letter, params };
  });
  return { spaceGroup: state.spaceGroup!, lattice: stateLattice(state, binning)!, sites };
}

/**
 * The conventional cell of a complete sequence, built by the structure-from-Wyckoff builder (every orbit expanded with
 * the group's operations: symmetric by construction), with properties `spaceGroup` and `wyckoff` (e.g. "Na:4a Cl:4b").
 * @throws SequenceGrammarError as decodeSequence
 */
export function structureFromSequence(tokens: ArrayLike<number>, binning: LatticeBinning): Structure {
  const d = decodeSequence(tokens, binning);
  const s = structureFromWyckoff(d);
  const label = d.sites.map((x) => `${x.element}:${grammarPositions(d.spaceGroup).find((p) => p.letter === x.wyckoff)!.multiplicity}${x.wyckoff}`).join(" ");
  return withStructure(s, { properties: { ...s.properties, spaceGroup: d.spaceGroup, wyckoff: label } });
}

// The formula grammar of the CIF transformer: once a generated CIF's data_ line names a cell formula, (1) the values of
// the three items that follow from it (_chemical_formula_structural, _chemical_formula_sum, _cell_formula_units_Z) are
// written for the model, token by token, as the canonical CIF writer prints them, and (2) after the
// _atom_site_type_symbol tag only the formula's elements may be written. The model still chooses the space group, the
// cell, the multiplicities and the coordinates. An opt-in sampler setting (`formulaGrammar`); CrystaLLM samples without it.
// With `sites` (sampler setting `siteGrammar`, site-grammar.ts) the space group and the rows' multiplicities must also
// add up to the formula, and the coordinates stay on orbits of the stated multiplicities; with `minBondRatio` as well
// (sampler setting `bondGrammar`), each row's z keeps its atoms clear of the atoms written before; with `cell` as well
// (sampler setting `cellGrammar`, cell-grammar.ts), the cell lines the stated space group fixes are written for the model.
import { elementSymbol } from "../../crystal/elements.js";
import { FormulaError } from "../../crystal/errors.js";
import { parseFormula, speciesFromFormula } from "../../crystal/formula.js";
import { formulaItemLines } from "../../crystal/io/cif-write.js";
import { cifTokenType } from "../../representations/cif-tokens.js";
import { cellContinuations } from "./cell-grammar.js";
import { type TagContinuations, idsText, specialIds, tagContinuations } from "./sequences.js";
import { type SiteGrammarOptions, type SiteGrammarTokens, siteGrammarTokens, siteGrammarTokensAfter } from "./site-grammar.js";

/** Token continuations (model-vocabulary ids) after each formula tag's token, through the end of its line. */
export type FormulaContinuations = TagContinuations;

/**
 * The tokens that follow each formula tag when the cell holds `species`, up to and including the newline; a line with
 * a token the vocabulary lacks (e.g. a Z never seen in training) is left out, so the model writes it freely.
 */
export function formulaContinuations(species: ArrayLike<number>, vocabulary: readonly string[]): FormulaContinuations {
  return tagContinuations(Object.values(formulaItemLines(species)), vocabulary);
}

/** More atoms than any cell a CIF within the context can list: a data_ name beyond it is left alone. */
const MAX_CELL_ATOMS = 1000;

/** The cell species named by a data_ line ("data_Sr1Ti1O3"), or null when the name is not a formula of a plausible cell. */
function dataLineSpecies(line: string): number[] | null {
  const name = /^data_(\S+)/.exec(line.trim())?.[1];
  if (!name) return null;
  try {
    let atoms = 0;
    for (const amount of parseFormula(name).values()) atoms += amount;
    return atoms <= MAX_CELL_ATOMS ? speciesFromFormula(name) : null;
  } catch (e) {
    if (e instanceof FormulaError) return null;
    throw e;
  }
}

/**
 * The next token forced by the continuations after `prefix`, or null when the prefix is not inside a formula line
 * (the last formula tag is followed by anything other than the start of its continuation, or by all of it).
 */
export function forcedToken(prefix: Int32Array, continuations: FormulaContinuations): number | null {
  let longest = 0;
  for (const c of continuations.values()) longest = Math.max(longest, c.length);
  for (let p = prefix.length - 1; p >= 0 && p >= prefix.length - 1 - longest; p--) {
    const next = continuations.get(prefix[p]!);
    if (!next) continue;
    const written = prefix.length - 1 - p;
    if (written >= next.length) return null;
    for (let j = 0; j < written; j++) if (prefix[p + 1 + j] !== next[j]) return null;
    return next[written]!;
  }
  return null;
}

/** What the grammar knows of one sequence once its data_ line is complete. */
interface SequenceGrammar {
  /** The formula lines' continuations, and the cell lines' once the space group and a are written (`cell`). */
  continuations: FormulaContinuations;
  /** Whether the a line has been seen complete (the cell lines' continuations, if any, are then added). */
  cellWritten: boolean;
  /** Atoms of each element in the cell (atomic number → count). */
  counts: Map<number, number>;
  /** Every token but the elements absent from the formula (the atom-site section's choices). */
  siteTokens: Int32Array;
}

function sequenceGrammar(species: readonly number[], vocabulary: readonly string[]): SequenceGrammar {
  const symbols = new Set(species.map(elementSymbol));
  const siteTokens = Int32Array.from(vocabulary.flatMap((t, id) => (cifTokenType(t) === "element" && !symbols.has(t) ? [] : [id])));
  const counts = new Map<number, number>();
  for (const z of species) counts.set(z, (counts.get(z) ?? 0) + 1);
  return { continuations: formulaContinuations(species, vocabulary), cellWritten: false, counts, siteTokens };
}

/**
 * A grammar for `generate`'s allowedTokens: inside a formula line the one forced token; with `sites`, the site grammar's
 * tokens where it has a rule (given the model's `contextLength` and, for bond clearance, `minBondRatio`); with `cell` (and
 * `sites`), the forced tokens of the cell lines the stated space group fixes; in the atom-site section every token but the elements absent from the formula; elsewhere,
 * and before the data_ line is complete or when it is not a formula, null (every token allowed). Keeps per-sequence
 * state: make one per generate call.
 */
export function formulaGrammar(vocabulary: readonly string[], options: { sites?: boolean; cell?: boolean } & SiteGrammarOptions = {}): (seq: number, prefix: Int32Array) => Int32Array | null {
  const known = new Map<number, SequenceGrammar | null>();
  const siteTag = vocabulary.indexOf("_atom_site_type_symbol");
  const sites: SiteGrammarTokens | null = options.sites ? siteGrammarTokens(vocabulary, specialIds().eos) : null;
  return (seq, prefix) => {
    if (!known.has(seq)) {
      const end = prefix.findIndex((t) => vocabulary[t]?.includes("\n"));
      if (end < 0) return null; // the data_ line is not complete yet
      const species = dataLineSpecies(idsText(prefix.subarray(0, end), vocabulary));
      known.set(seq, species ? sequenceGrammar(species, vocabulary) : null);
    }
    const grammar = known.get(seq);
    if (!grammar) return null;
    if (options.cell && sites && !grammar.cellWritten) addCellLines(grammar, prefix, sites, vocabulary);
    const token = forcedToken(prefix, grammar.continuations);
    if (token !== null) return Int32Array.of(token);
    const site = sites ? siteGrammarTokensAfter(prefix, grammar.counts, sites, options) : null;
    if (site) return site;
    return siteTag >= 0 && prefix.includes(siteTag) ? grammar.siteTokens : null;
  };
}

/** Adds the cell lines' continuations to a sequence's once its text states a known space group and a complete a. */
function addCellLines(grammar: SequenceGrammar, prefix: Int32Array, t: SiteGrammarTokens, vocabulary: readonly string[]): void {
  const sgAt = prefix.indexOf(t.spaceGroupTag);
  const aAt = t.cellTags[0]! < 0 ? -1 : prefix.indexOf(t.cellTags[0]!);
  if (sgAt < 0 || aAt < 0 || prefix[aAt + 1] !== t.tagSeparator) return;
  const end = prefix.indexOf(t.newline, aAt + 2);
  if (end < 0) return;
  grammar.cellWritten = true;
  const sg = t.spaceGroups.get(prefix[sgAt + 2]!);
  if (sg === undefined || end === aAt + 2) return;
  grammar.continuations = new Map([...grammar.continuations, ...cellContinuations(sg, prefix.subarray(aAt + 2, end), vocabulary)]);
}

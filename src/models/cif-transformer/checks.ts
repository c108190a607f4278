// CrystaLLM's consistency checks of a generated CIF (Antunes et al. 2024, crystallm/_metrics.py), on our CIF reader and
// moyo: the text parses (with the operations of its space group restored); the formulas agree (data_ name,
// _chemical_formula_sum, _chemical_formula_structural and the prompt's, reduced); the Wyckoff multiplicities of the
// atom sites add up to _chemical_formula_sum and the expanded cell has that composition; the space group moyo finds
// (symprec as the canonical CIF) is the one stated; and every atom's nearest neighbour lies within the bond-length
// bounds. Where CrystaLLM scores bonds with CrystalNN and ionic or covalent radii (all within ±32 %), we bound the
// nearest-neighbour distance by covalent radii (bounds chosen on the training data; see DEFAULT_BOND_LENGTH).
import { composition, reducedFormula } from "../../crystal/composition.js";
import { element } from "../../crystal/elements.js";
import { cifItem, cifLoopColumn, cifString, cifTag, parseCifBlocksTransient } from "../../crystal/io/cif-blocks.js";
import { readCif } from "../../crystal/io/cif-read.js";
import { parseFormula } from "../../crystal/formula.js";
import { kNearestNeighbours } from "../../crystal/neighbours.js";
import type { Structure } from "../../crystal/structure.js";
import { analyzeSymmetry } from "../../crystal/symmetry/index.js";
import { restoreSymmetryOperations, spaceGroupNumberOfSymbol } from "../../representations/cif-canonical.js";
import type { BondLengthBounds } from "./config.js";

/** Why a generated CIF is rejected, in the order the checks run. */
export const CIF_REJECTIONS = ["truncated", "parse", "formula", "multiplicity", "space_group", "bond_length"] as const;
/** A reason of CIF_REJECTIONS. */
export type CifRejection = (typeof CIF_REJECTIONS)[number];

/** A checked generation: the crystal read from it (null when it does not parse) and the first failed check (null: accepted). */
export interface CheckedCif {
  structure: Structure | null;
  rejection: CifRejection | null;
  /** The space group the text states, when it parses. */
  spaceGroup?: number;
}

/** What the checks compare against: the prompt's formula (CSP) and the symmetry tolerance (Å). */
export interface CheckContext {
  /** Species of the prompt (CSP), null for de novo. */
  species: ArrayLike<number> | null;
  symprec: number;
  bondLength: BondLengthBounds;
}

type Reduced = string | null;

function reducedOf(formula: string | undefined): Reduced {
  if (!formula) return null;
  try {
    const amounts = parseFormula(formula);
    return reducedFormula([...amounts].flatMap(([z, n]) => (Number.isInteger(n) ? new Array<number>(n).fill(z) : [])));
  } catch {
    return null;
  }
}

/** The smallest and largest nearest-neighbour distance / (sum of covalent radii) over the atoms of a crystal. */
export function nearestNeighbourRatios(s: Structure): { min: number; max: number } {
  const nn = kNearestNeighbours(s, 1);
  let min = Infinity, max = 0;
  for (let q = 0; q < nn.centers.length; q++) {
    const r = element(s.species[nn.centers[q]!]!).covalentRadius + element(s.species[nn.neighbors[q]!]!).covalentRadius;
    const ratio = nn.distances[q]! / r;
    if (ratio < min) min = ratio;
    if (ratio > max) max = ratio;
  }
  return { min, max };
}

/**
 * Checks generated CIF text (without <bos>/<eos>); `complete` is false when generation stopped without <eos>.
 * Returns the crystal read from it and the first failed check, or rejection null when it passes them all.
 */
export function checkGeneratedCif(text: string, complete: boolean, ctx: CheckContext): CheckedCif {
  if (!complete) return { structure: null, rejection: "truncated" };
  let structure: Structure, stated: number, block;
  try {
    const restored = restoreSymmetryOperations(text);
    block = parseCifBlocksTransient(restored)[0]!;
    const sg = cifString(block.tokens, cifItem(block, cifTag("_symmetry_space_group_name_H-M"))!)!;
    stated = spaceGroupNumberOfSymbol(sg)!;
    structure = readCif(restored);
  } catch {
    return { structure: null, rejection: "parse" };
  }
  const item = (tag: string) => {
    const k = cifItem(block, cifTag(tag));
    return k === undefined ? undefined : cifString(block.tokens, k);
  };
  const sum = item("_chemical_formula_sum");
  const formulas = [reducedOf(block.name), reducedOf(sum), reducedOf(item("_chemical_formula_structural"))];
  if (ctx.species !== null) formulas.push(reducedFormula(ctx.species));
  if (formulas.some((f) => f === null || f !== formulas[0])) return { structure, rejection: "formula", spaceGroup: stated };
  const expected = parseFormula(sum!);
  const symbols = cifLoopColumn(block, cifTag("_atom_site_type_symbol"));
  const mults = cifLoopColumn(block, cifTag("_atom_site_symmetry_multiplicity"));
  if (!symbols || !mults || symbols.loop !== mults.loop) return { structure, rejection: "multiplicity", spaceGroup: stated };
  const loop = block.loops[symbols.loop]!;
  const declared = new Map<number, number>();
  for (let r = 0; r < loop.rows; r++) {
    const at = (col: number) => cifString(block.tokens, loop.first + r * loop.tags.length + col) ?? "";
    const z = [...parseFormulaSafe(at(symbols.column)).keys()][0];
    const m = Number(at(mults.column));
    if (z === undefined || !Number.isInteger(m)) return { structure, rejection: "multiplicity", spaceGroup: stated };
    declared.set(z, (declared.get(z) ?? 0) + m);
  }
  const c = composition(structure.species);
  const actual = new Map(c.elements.map((z, k) => [z, c.amounts[k]!]));
  const same = (a: ReadonlyMap<number, number>) => a.size === expected.size && [...expected].every(([z, n]) => a.get(z) === n);
  if (!same(declared) || !same(actual)) return { structure, rejection: "multiplicity", spaceGroup: stated };
  let found: number;
  try {
    found = analyzeSymmetry(structure, { symprec: ctx.symprec }).number;
  } catch {
    return { structure, rejection: "space_group", spaceGroup: stated };
  }
  if (found !== stated) return { structure, rejection: "space_group", spaceGroup: stated };
  const { min, max } = nearestNeighbourRatios(structure);
  if (!(min >= ctx.bondLength.minRatio && max <= ctx.bondLength.maxRatio)) return { structure, rejection: "bond_length", spaceGroup: stated };
  return { structure, rejection: null, spaceGroup: stated };
}

function parseFormulaSafe(symbol: string): Map<number, number> {
  try {
    return parseFormula(symbol);
  } catch {
    return new Map();
  }
}

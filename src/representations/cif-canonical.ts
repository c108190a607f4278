// Canonical CIF text for language models, as CrystaLLM prepares its training data (Antunes et al. 2024, bin/preprocess.py):
// pymatgen's symmetrised CifWriter layout (our writeCif with symprec: the standard conventional cell in spglib's setting,
// its asymmetric unit with Wyckoff multiplicities), then (1) the `data_` name replaced by the cell's full formula without
// spaces ("data_Sr1Ti1O3"), (2) the symmetry-operation loop cut to the identity `x, y, z` ("semi-symmetrised"; the
// operations are restored from the space group when the text is read back), (3) every decimal number with more than
// 4 decimals rounded to 4. Not done here: CrystaLLM's atomic-property block (electronegativity and radii per element)
// and the "# generated using" comment line, which we drop.
import { CifParseError } from "../crystal/errors.js";
import { cifItem, cifString, cifTag, parseCifBlocksTransient } from "../crystal/io/cif-blocks.js";
import { writeCif } from "../crystal/io/cif-write.js";
import { formatXyzOperation } from "../crystal/io/symmetry-ops.js";
import type { Structure } from "../crystal/structure.js";
import { spaceGroupInfo, spaceGroupOperations } from "../crystal/symmetry/index.js";

/** Symmetry tolerance (Å) of the canonical CIF, as CrystaLLM's CifWriter(symprec=0.1). */
export const CANONICAL_CIF_SYMPREC = 0.1;
/** Decimals kept by roundCifNumbers (CrystaLLM's default). */
export const CANONICAL_CIF_DECIMALS = 4;

/** The identity-only operation loop body of a semi-symmetrised CIF. */
const IDENTITY_ROW = "  1  'x, y, z'";
const OPS_BODY = /(_symmetry_equiv_pos_as_xyz\n)([\s\S]*?)(?=\n(?:\S| \S))/;

/**
 * Rounds every decimal number (`[-+]?\d*\.\d+` with an optional exponent) that has more than `decimals` decimals to
 * `decimals` (CrystaLLM's round_numbers); shorter numbers and integers are left as written.
 */
export function roundCifNumbers(text: string, decimals = CANONICAL_CIF_DECIMALS): string {
  return text.replace(/[-+]?\d*\.\d+([eE][-+]?\d+)?/g, (s) => (s.split(".").pop()!.length <= decimals ? s : Number(s).toFixed(decimals)));
}

/**
 * The canonical CIF of a crystal (see the file comment), ending with a newline.
 * @throws SymmetryError for a disordered structure or when symmetry analysis fails
 */
export function canonicalCif(structure: Structure, symprec = CANONICAL_CIF_SYMPREC): string {
  const text = writeCif(structure, { symprec }).split("\n").filter((l) => !l.startsWith("#")).join("\n");
  const sum = /_chemical_formula_sum\s+'([^']+)'|_chemical_formula_sum\s+(\S+)/.exec(text)!;
  const formula = (sum[1] ?? sum[2]!).replace(/\s+/g, "");
  return roundCifNumbers(text.replace(/^data_.*$/m, `data_${formula}`).replace(OPS_BODY, `$1${IDENTITY_ROW}`));
}

/** Space-group numbers by compact short Hermann–Mauguin symbol ("Pm-3m" → 221). */
let numbersBySymbol: Map<string, number> | undefined;

/** The space-group number of a compact short H-M symbol as canonical CIFs write it ("P6_3/mmc"), or undefined. */
export function spaceGroupNumberOfSymbol(symbol: string): number | undefined {
  numbersBySymbol ??= new Map(Array.from({ length: 230 }, (_, k) => [spaceGroupInfo(k + 1).hmShort.replace(/ /g, ""), k + 1]));
  return numbersBySymbol.get(symbol.replace(/ /g, ""));
}

/** The compact short H-M symbol canonical CIFs write for space group `number` ("Fm-3m"). */
export function canonicalSpaceGroupSymbol(number: number): string {
  return spaceGroupInfo(number).hmShort.replace(/ /g, "");
}

/**
 * A semi-symmetrised CIF with its operation loop restored: the identity row becomes every operation of the space group
 * named by `_symmetry_space_group_name_H-M` in spglib's setting (CrystaLLM's replace_symmetry_operators), so any CIF
 * reader expands the asymmetric unit. Text without the identity-only loop is returned unchanged.
 * @throws CifParseError when the text has no data block, no space-group symbol or an unknown one
 */
export function restoreSymmetryOperations(text: string, file = "<generated>"): string {
  const block = parseCifBlocksTransient(text, file)[0];
  if (!block) throw new CifParseError(file, 0, "no data_ block");
  const k = cifItem(block, cifTag("_symmetry_space_group_name_H-M"));
  const symbol = k === undefined ? undefined : cifString(block.tokens, k);
  if (symbol === undefined) throw new CifParseError(file, block.line, "no _symmetry_space_group_name_H-M");
  const number = spaceGroupNumberOfSymbol(symbol);
  if (number === undefined) throw new CifParseError(file, block.line, `unknown space-group symbol ${JSON.stringify(symbol)}`);
  const m = OPS_BODY.exec(text);
  if (!m || m[2]!.trim() !== IDENTITY_ROW.trim()) return text;
  const rows = spaceGroupOperations(number, { setting: "Spglib" }).map((op, i) => `  ${i + 1}  '${formatXyzOperation(op)}'`);
  return text.replace(OPS_BODY, `$1${rows.join("\n")}`);
}

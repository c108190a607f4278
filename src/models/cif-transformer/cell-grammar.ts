// The cell grammar of the CIF transformer, an opt-in extension of the bond grammar (`cellGrammar`): once the text has
// stated its space group and written _cell_length_a, the cell lines that the group's crystal system fixes are written
// for the model, as the canonical CIF prints them: b = a (tetragonal, trigonal, hexagonal, cubic), c = a (cubic),
// α = 90° (all but triclinic), β = 90° (all but triclinic and monoclinic, unique axis b), γ = 90°, or 120° on the
// hexagonal axes of trigonal and hexagonal groups (spglib's setting, as the canonical CIF).
import { spaceGroupInfo } from "../../crystal/symmetry/index.js";
import { type TagContinuations, idsText, tagContinuations } from "./sequences.js";

/** The values a crystal system fixes, by cell tag: "a" (a's value as written) or the angle text. */
const FIXED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Triclinic: {},
  Monoclinic: { _cell_angle_alpha: "90.0000", _cell_angle_gamma: "90.0000" },
  Orthorhombic: { _cell_angle_alpha: "90.0000", _cell_angle_beta: "90.0000", _cell_angle_gamma: "90.0000" },
  Tetragonal: { _cell_length_b: "a", _cell_angle_alpha: "90.0000", _cell_angle_beta: "90.0000", _cell_angle_gamma: "90.0000" },
  Trigonal: { _cell_length_b: "a", _cell_angle_alpha: "90.0000", _cell_angle_beta: "90.0000", _cell_angle_gamma: "120.0000" },
  Hexagonal: { _cell_length_b: "a", _cell_angle_alpha: "90.0000", _cell_angle_beta: "90.0000", _cell_angle_gamma: "120.0000" },
  Cubic: { _cell_length_b: "a", _cell_length_c: "a", _cell_angle_alpha: "90.0000", _cell_angle_beta: "90.0000", _cell_angle_gamma: "90.0000" },
};

/**
 * The cell continuations of a text in space group `spaceGroup` (1–230) whose _cell_length_a value is written as
 * `aTokens` (model-vocabulary ids, without the separator and newline); a line with a token the vocabulary lacks is left
 * out, so the model writes it.
 */
export function cellContinuations(spaceGroup: number, aTokens: ArrayLike<number>, vocabulary: readonly string[]): TagContinuations {
  const a = idsText(aTokens, vocabulary);
  const lines = Object.entries(FIXED[spaceGroupInfo(spaceGroup).crystalSystem] ?? {}).map(([tag, value]) => `${tag}   ${value === "a" ? a : value}`);
  return tagContinuations(lines, vocabulary);
}

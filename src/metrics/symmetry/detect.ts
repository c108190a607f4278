// Space-group detection of one crystal for the symmetry diagnostics: moyo through the crystal core's analyzeSymmetry,
// with spglib's tolerance test, and a failure reason instead of an exception.
import type { Structure } from "../../crystal/structure.js";
import { isDisordered } from "../../crystal/structure.js";
import { SymmetryError, analyzeSymmetry } from "../../crystal/symmetry/index.js";
import { isPlausibleCell } from "../plausible-cell.js";

/**
 * Distance tolerance (Å) of the symmetry diagnostics: 0.1 Å, the spglib setting of the DiffCSP and CrystalFormer
 * evaluations (metrics-spec.md prescribes none).
 */
export const SYMMETRY_SYMPREC = 0.1;

/** The detected space group of a crystal (ITA number 1–230), or null with the reason detection failed. */
export interface SpaceGroupDetection {
  readonly number: number | null;
  /** Why `number` is null: "empty", "non_finite", "disordered", "implausible_cell" (isPlausibleCell), or "moyo: " and moyo's error (e.g. "moyo: WyckoffPositionAssignmentError"). */
  readonly failure?: string;
}

/**
 * The space group of `structure` at `symprec` (Å) as analyzeSymmetry finds it (moyo with spglib's tolerance test).
 * Never throws for bad crystals: an empty, non-finite or disordered crystal, an exploded or collapsed cell
 * (isPlausibleCell: moyo is not asked), or one moyo rejects (overlapping atoms), gets `number: null` and the reason.
 * @throws whatever is not a SymmetryError (a bug, not bad input)
 */
export function detectSpaceGroup(structure: Structure, symprec = SYMMETRY_SYMPREC): SpaceGroupDetection {
  if (structure.species.length === 0) return { number: null, failure: "empty" };
  if (!structure.fracCoords.every(Number.isFinite) || !structure.lattice.matrix.every(Number.isFinite)) return { number: null, failure: "non_finite" };
  if (isDisordered(structure)) return { number: null, failure: "disordered" };
  if (!isPlausibleCell(structure)) return { number: null, failure: "implausible_cell" };
  try {
    return { number: analyzeSymmetry(structure, { symprec }).number };
  } catch (e) {
    if (!(e instanceof SymmetryError)) throw e;
    return { number: null, failure: `moyo: ${(e.moyoMessage ?? e.message).replace(/^moyo error: /, "").replace(/ \(atoms closer.*$/, "")}` };
  }
}

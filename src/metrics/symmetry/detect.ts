// Space-group detection of one crystal for the symmetry diagnostics: moyo through the crystal core's analyzeSymmetry,
// with spglib's tolerance test, and a failure reason instead of an exception.
import { latticeLengths } from "../../crystal/lattice.js";
import { lllReduce } from "../../crystal/lll.js";
import type { Structure } from "../../crystal/structure.js";
import { isDisordered } from "../../crystal/structure.js";
import { SymmetryError, analyzeSymmetry } from "../../crystal/symmetry/index.js";

/**
 * Distance tolerance (Å) of the symmetry diagnostics: 0.1 Å, the spglib setting of the DiffCSP and CrystalFormer
 * evaluations (metrics-spec.md prescribes none).
 */
export const SYMMETRY_SYMPREC = 0.1;

/**
 * Shortest allowed lattice vector, as a multiple of symprec and at least 0.5 Å (the structure-validity distance):
 * moyo's search does not finish on cells with a shorter one (measured: a 0.14 Å vector at symprec 0.1 Å ran past 20 s,
 * 0.2 Å took 0.13 s).
 */
const MIN_LATTICE_VECTOR_PER_SYMPREC = 4;
const MIN_LATTICE_VECTOR = 0.5;

/** The detected space group of a crystal (ITA number 1–230), or null with the reason detection failed. */
export interface SpaceGroupDetection {
  readonly number: number | null;
  /** Why `number` is null: "empty", "non_finite", "disordered", "degenerate_lattice" (a lattice vector shorter than
   * max(0.5 Å, 4·symprec): every atom sits on its own image), or "moyo: " and moyo's error (e.g. "moyo: WyckoffPositionAssignmentError"). */
  readonly failure?: string;
}

/**
 * The space group of `structure` at `symprec` (Å) as analyzeSymmetry finds it (moyo with spglib's tolerance test).
 * Never throws for bad crystals: an empty, non-finite or disordered crystal, or one moyo rejects (overlapping atoms),
 * gets `number: null` and the reason; so does a cell whose LLL-reduced basis has a vector shorter than max(0.5 Å,
 * 4·symprec), on which moyo does not finish. Other exploded or skewed cells are analysed like any other (real
 * crystals with acute rhombohedral cells fail isPlausibleCell, so that is no filter here).
 * @throws whatever is not a SymmetryError (a bug, not bad input)
 */
export function detectSpaceGroup(structure: Structure, symprec = SYMMETRY_SYMPREC): SpaceGroupDetection {
  if (structure.species.length === 0) return { number: null, failure: "empty" };
  if (!structure.fracCoords.every(Number.isFinite) || !structure.lattice.matrix.every(Number.isFinite)) return { number: null, failure: "non_finite" };
  if (isDisordered(structure)) return { number: null, failure: "disordered" };
  if (Math.min(...latticeLengths(lllReduce(structure.lattice).lattice)) < Math.max(MIN_LATTICE_VECTOR, MIN_LATTICE_VECTOR_PER_SYMPREC * symprec))
    return { number: null, failure: "degenerate_lattice" };
  try {
    return { number: analyzeSymmetry(structure, { symprec }).number };
  } catch (e) {
    if (!(e instanceof SymmetryError)) throw e;
    return { number: null, failure: `moyo: ${(e.moyoMessage ?? e.message).replace(/^moyo error: /, "").replace(/ \(atoms closer.*$/, "")}` };
  }
}

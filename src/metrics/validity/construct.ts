// The "constructed" rules of the research codebases: raw model output arrays → a Structure or a named failure (metrics-spec §1.2).
import { latticeFromParameters, latticeVolume } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";

/** Raw crystal arrays as generative models emit them (CDVAE/DiffCSP/FlowMM `Crystal` inputs). */
export interface RawCrystal {
  /** Fractional coordinates, n×3 flat or n rows of 3. */
  fracCoords: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Atomic numbers (n), or per-site type scores (n rows; atom type = argmax + 1). */
  atomTypes: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Lattice lengths a, b, c (Å). */
  lengths: ArrayLike<number>;
  /** Lattice angles α, β, γ (degrees). */
  angles: ArrayLike<number>;
}

/** Which codebase's construction rules to follow. */
export type ConstructionVariant = "cdvae" | "diffcsp" | "flowmm";

/** Why a crystal was not constructed. */
export type ConstructionFailure =
  | "non_positive_lattice"
  | "nan_value"
  | "atom_type_out_of_range"
  | "absurd_angles"
  | "build_failed"
  | "small_volume";

/** Outcome of constructing a raw crystal. */
export interface ConstructedCrystal {
  /** True when the crystal was built (struct validity is then computed on `structure`). */
  constructed: boolean;
  /** The built structure (absent when construction failed). */
  structure?: Structure;
  /** Atomic numbers per site as decoded (used for composition validity even when not constructed). */
  atomTypes: number[];
  /** Why construction failed. */
  failure?: ConstructionFailure;
  /**
   * FlowMM only: the crystal was replaced by a dummy because an angle is outside (50°, 130°) or a type is outside
   * 1..104; it then counts as invalid for composition validity too.
   */
  dummy?: boolean;
}

function flat(values: ArrayLike<number> | ArrayLike<ArrayLike<number>>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v === "number") out.push(v);
    else for (let j = 0; j < v.length; j++) out.push(v[j]!);
  }
  return out;
}

function decodeAtomTypes(types: ArrayLike<number> | ArrayLike<ArrayLike<number>>): number[] {
  const out: number[] = [];
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    if (typeof t === "number") out.push(t);
    else {
      let best = 0;
      for (let j = 1; j < t.length; j++) if (t[j]! > t[best]!) best = j;
      out.push(best + 1);
    }
  }
  return out;
}

/**
 * Builds a crystal from raw arrays following CDVAE (`min(lengths) < 0` ⇒ not constructed; build failure or
 * volume < 0.1 Å³ ⇒ not constructed), DiffCSP (adds: any NaN ⇒ not constructed; its negative-length quirk is
 * replicated: a negative length without NaNs is still built) or FlowMM (adds: types outside 1..104 and angles outside
 * (50°, 130°) ⇒ dummy invalid crystal). Never throws.
 */
export function constructCrystal(raw: RawCrystal, variant: ConstructionVariant = "cdvae"): ConstructedCrystal {
  const atomTypes = decodeAtomTypes(raw.atomTypes);
  const frac = flat(raw.fracCoords);
  const lengths = Array.from(raw.lengths);
  const angles = Array.from(raw.angles);
  const fail = (failure: ConstructionFailure, dummy = false): ConstructedCrystal => ({ constructed: false, atomTypes, failure, ...(dummy ? { dummy } : {}) });
  if (variant === "flowmm") {
    if (atomTypes.some((z) => !(z >= 1 && z <= 104))) return fail("atom_type_out_of_range", true);
    if (angles.some((a) => !(a > 50 && a < 130))) return fail("absurd_angles", true);
  }
  const anyNaN = [...lengths, ...angles, ...frac].some(Number.isNaN);
  if (variant !== "cdvae" && anyNaN) return fail("nan_value");
  if (variant !== "diffcsp" && Math.min(...lengths) < 0) return fail("non_positive_lattice");
  let structure: Structure;
  try {
    const lattice = latticeFromParameters(lengths[0]!, lengths[1]!, lengths[2]!, angles[0]!, angles[1]!, angles[2]!);
    if (!(latticeVolume(lattice) >= 0.1)) return fail("small_volume");
    structure = makeStructure({ lattice, species: atomTypes, fracCoords: frac });
  } catch {
    return fail("build_failed");
  }
  return { constructed: true, structure, atomTypes };
}

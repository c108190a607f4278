// Everything the de novo metrics need from one crystal (CDVAE `Crystal`: validity, density, fingerprints), metrics-spec §1–5.
//
// Bad input (metrics-spec §15.14: the reference crashes on these) gets an explicit invalid record, never an exception:
// - an element beyond Z = 103 (no SMACT or Magpie data): compValid false ("unsupported-element"), fingerprints null;
// - a non-finite coordinate or lattice entry: structValid false ("non_finite"), fingerprints null, density NaN;
// - a zero or tiny cell (volume < 0.1 Å³): structValid false ("small_volume"), density NaN when the volume is 0;
// - an empty structure: structValid false ("empty"), compValid false ("empty"), fingerprints null;
// - a CrystalNN failure: valid false and both fingerprints null (as CDVAE).
// Every such crystal stays in all denominators (validity rates, COV precision); only its fingerprints drop out of COV.
import { numElements } from "../../crystal/composition.js";
import { density } from "../../crystal/structure.js";
import type { Structure } from "../../crystal/structure.js";
import { magpieFingerprint, scaleCompositionFingerprint } from "../composition-fingerprint/magpie.js";
import { type SmactOptions, type SmactReason, smactValidity } from "./smact.js";
import { type ConstructionVariant, type RawCrystal, constructCrystal } from "./construct.js";
import { type StructureValidityReason, structureValidity } from "./structure-validity.js";

/** A structure fingerprint function (Float64Array(61) for CrystalNN); throws when a site cannot be fingerprinted. */
export type StructFingerprintFn = (s: Structure) => Float64Array;

/** Per-crystal metric inputs. */
export interface CrystalRecord {
  /** Structural validity (min distance ≥ 0.5 Å and volume ≥ 0.1 Å³). */
  structValid: boolean;
  /** Why (in)valid; "not_constructed" for raw crystals that failed the construction rules (rawCrystalRecord). */
  structReason: StructureValidityReason | "not_constructed";
  /** SMACT compositional validity. */
  compValid: boolean;
  /** SMACT reason; "flowmm_dummy" for FlowMM's replaced crystals (rawCrystalRecord). */
  compReason: SmactReason | "flowmm_dummy";
  /** comp ∧ struct ∧ fingerprints computed (CDVAE `Crystal.valid`). */
  valid: boolean;
  /** Density (g/cm³); NaN for a degenerate cell. */
  density: number;
  /** Number of distinct elements. */
  numElements: number;
  /** CompScaler-scaled Magpie fingerprint (132), or null when a fingerprint failed. */
  compFp: Float64Array | null;
  /** Raw mean CrystalNN fingerprint (61), or null when it failed or was not computed. */
  structFp: Float64Array | null;
  /** Why a fingerprint is null (a failure makes the crystal invalid; "not computed" does not). */
  fingerprintError?: string;
}

/** Options of crystalRecord. */
export interface CrystalRecordOptions extends SmactOptions {
  /** Structure fingerprint to compute (absent: structFp stays null and does not affect validity). */
  structFingerprint?: StructFingerprintFn;
}

/**
 * Computes validity, density, #elements and fingerprints of one crystal. Never throws: bad input (empty structure,
 * non-finite coordinates, degenerate cell, Z > 103) yields an invalid record with the reasons (metrics-spec §15.14).
 */
export function crystalRecord(s: Structure, options: CrystalRecordOptions = {}): CrystalRecord {
  const sv = structureValidity(s);
  const cv = smactValidity(s.species, options);
  let compFp: Float64Array | null = null;
  let structFp: Float64Array | null = null;
  let fingerprintError: string | undefined;
  let fingerprintFailed = false;
  try {
    if (sv.reason === "empty" || sv.reason === "non_finite") throw new Error(`structure is ${sv.reason === "empty" ? "empty" : "not finite"}`);
    if (options.structFingerprint) structFp = options.structFingerprint(s);
    compFp = scaleCompositionFingerprint(magpieFingerprint(s.species));
  } catch (e) {
    structFp = compFp = null;
    fingerprintFailed = true;
    fingerprintError = (e as Error).message;
  }
  if (!fingerprintFailed && !options.structFingerprint) fingerprintError = "structure fingerprint not computed";
  const rho = sv.volume > 0 && Number.isFinite(sv.volume) ? density(s) : Number.NaN;
  return {
    structValid: sv.valid,
    structReason: sv.reason,
    compValid: cv.valid,
    compReason: cv.reason,
    valid: sv.valid && cv.valid && !fingerprintFailed,
    density: rho,
    numElements: numElements(s.species),
    compFp,
    structFp,
    ...(fingerprintError ? { fingerprintError } : {}),
  };
}

/**
 * Record of raw model output (lengths, angles, fractional coordinates, atom types) under a codebase's construction
 * rules: a constructed crystal is evaluated as usual; an unconstructed one is structurally invalid with null
 * fingerprints (CDVAE: the fingerprint step fails without a structure), its composition validity still computed from
 * the atom types — except FlowMM's dummy crystals (absurd angles or types), which are compositionally invalid too.
 */
export function rawCrystalRecord(raw: RawCrystal, variant: ConstructionVariant = "cdvae", options: CrystalRecordOptions = {}): CrystalRecord & { constructed: boolean } {
  const c = constructCrystal(raw, variant);
  if (c.constructed) return { ...crystalRecord(c.structure!, options), constructed: true };
  const cv: { valid: boolean; reason: SmactReason | "flowmm_dummy" } = c.dummy ? { valid: false, reason: "flowmm_dummy" } : smactValidity(c.atomTypes, options);
  return {
    constructed: false,
    structValid: false,
    structReason: "not_constructed",
    compValid: cv.valid,
    compReason: cv.reason,
    valid: false,
    density: Number.NaN,
    numElements: new Set(c.atomTypes).size,
    compFp: null,
    structFp: null,
    fingerprintError: `not constructed (${c.failure})`,
  };
}

// Magpie composition fingerprint (matminer ElementProperty "magpie", 22 properties × 6 statistics = 132), metrics-spec §5.2.
import { CrystalError } from "../../crystal/errors.js";
import { composition } from "../../crystal/composition.js";
import { COMP_SCALER_MEANS, COMP_SCALER_STDS } from "../data/comp-scaler.js";
import { MAGPIE_MAX_Z, MAGPIE_PROPERTIES, MAGPIE_TABLE } from "../data/magpie.js";

/** Number of Magpie composition features. */
export const MAGPIE_FEATURE_COUNT = 132;

/** The six statistics per property, in matminer's order. */
export const MAGPIE_STATISTICS = ["minimum", "maximum", "range", "mean", "avg_dev", "mode"] as const;

/** Feature labels as matminer names them ("MagpieData minimum Number", …), property-major. */
export const MAGPIE_FEATURE_LABELS: readonly string[] = MAGPIE_PROPERTIES.flatMap((p) => MAGPIE_STATISTICS.map((s) => `MagpieData ${s} ${p}`));

/** A composition that has no Magpie fingerprint (empty, or an element beyond Z = 103). */
export class CompositionFingerprintError extends CrystalError {
  override name = "CompositionFingerprintError";
}

function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/**
 * Raw Magpie fingerprint (132 numbers, NaN where an elemental value is missing) of a composition given as atomic
 * numbers and amounts (atom counts or fractions: the statistics are weight-normalised). Statistics as matminer
 * PropertyStats: minimum/maximum/range unweighted, mean and avg_dev weighted, mode = smallest value among the
 * maximum-weight elements. Throws CompositionFingerprintError for an empty composition or Z outside 1–103.
 */
export function magpieFingerprintOfComposition(elements: readonly number[], amounts: readonly number[]): Float64Array {
  if (elements.length === 0) throw new CompositionFingerprintError("Magpie fingerprint: empty composition");
  const bad = elements.find((z) => !Number.isInteger(z) || z < 1 || z > MAGPIE_MAX_Z);
  if (bad !== undefined) throw new CompositionFingerprintError(`Magpie fingerprint: element Z=${bad} has no Magpie data (Z 1–${MAGPIE_MAX_Z})`);
  const k = elements.length;
  const wsum = amounts.reduce((s, a) => s + a, 0);
  const wmax = Math.max(...amounts);
  const out = new Float64Array(MAGPIE_FEATURE_COUNT);
  for (let p = 0; p < MAGPIE_TABLE.length; p++) {
    const table = MAGPIE_TABLE[p]!;
    let min = Infinity, max = -Infinity, mean = 0, anyNaN = false;
    for (let i = 0; i < k; i++) {
      const x = table[elements[i]!]!;
      if (Number.isNaN(x)) anyNaN = true;
      if (x < min) min = x;
      if (x > max) max = x;
      mean += amounts[i]! * x;
    }
    mean /= wsum;
    let dev = 0;
    let mode = Infinity;
    for (let i = 0; i < k; i++) {
      const x = table[elements[i]!]!;
      dev += amounts[i]! * Math.abs(x - mean);
      if (isClose(amounts[i]!, wmax)) mode = Number.isNaN(x) || Number.isNaN(mode) ? Number.NaN : Math.min(mode, x);
    }
    dev /= wsum;
    if (anyNaN) min = max = Number.NaN;
    const o = 6 * p;
    out[o] = min;
    out[o + 1] = max;
    out[o + 2] = max - min;
    out[o + 3] = mean;
    out[o + 4] = dev;
    out[o + 5] = mode;
  }
  return out;
}

/** Raw Magpie fingerprint of a crystal's species (atomic numbers per site), weights = atom counts. */
export function magpieFingerprint(species: ArrayLike<number>): Float64Array {
  const c = composition(species);
  return magpieFingerprintOfComposition(c.elements, c.amounts);
}

/** CDVAE CompScaler: z-score with CDVAE's fixed 132 means and standard deviations, then NaN → 0. Returns a new array. */
export function scaleCompositionFingerprint(raw: ArrayLike<number>): Float64Array {
  if (raw.length !== MAGPIE_FEATURE_COUNT) throw new RangeError(`CompScaler: expected ${MAGPIE_FEATURE_COUNT} features, got ${raw.length}`);
  const out = new Float64Array(MAGPIE_FEATURE_COUNT);
  for (let i = 0; i < MAGPIE_FEATURE_COUNT; i++) {
    const v = (raw[i]! - COMP_SCALER_MEANS[i]!) / COMP_SCALER_STDS[i]!;
    out[i] = Number.isNaN(v) ? 0 : v;
  }
  return out;
}

// The composition-only input of the ridge baseline: each crystal's raw Magpie fingerprint (132 numbers), standardised
// with the training data's column means and stds; a missing elemental value (NaN) becomes the mean (0 after scaling).
import type { Structure } from "../../crystal/structure.js";
import { MAGPIE_FEATURE_COUNT, magpieFingerprint } from "../../metrics/composition-fingerprint/index.js";
import type { Design } from "../../util/ridge.js";

/** Column means and stds of the training fingerprints (std 1 for a constant or all-missing column). */
export interface FeatureScaling {
  readonly mean: number[];
  readonly std: number[];
}

/** Raw Magpie fingerprints of the crystals as the rows of a design matrix. */
export function rawFingerprints(structures: readonly Structure[]): Design {
  const d = MAGPIE_FEATURE_COUNT;
  const x = new Float64Array(structures.length * d);
  structures.forEach((s, i) => x.set(magpieFingerprint(s.species), i * d));
  return { x, n: structures.length, d };
}

/** Means and (population) stds of each column over its finite values. */
export function fitScaling(raw: Design): FeatureScaling {
  const mean: number[] = [], std: number[] = [];
  for (let j = 0; j < raw.d; j++) {
    let s = 0, s2 = 0, c = 0;
    for (let i = 0; i < raw.n; i++) {
      const v = raw.x[i * raw.d + j]!;
      if (!Number.isFinite(v)) continue;
      s += v;
      s2 += v * v;
      c++;
    }
    const m = c ? s / c : 0;
    const sd = c ? Math.sqrt(Math.max(0, s2 / c - m * m)) : 0;
    mean.push(m);
    std.push(sd > 1e-12 ? sd : 1);
  }
  return { mean, std };
}

/** (x − mean) / std per column, non-finite values → 0 (a new design). */
export function scaleFingerprints(raw: Design, scaling: FeatureScaling): Design {
  const x = new Float64Array(raw.x.length);
  for (let i = 0; i < raw.n; i++)
    for (let j = 0; j < raw.d; j++) {
      const v = (raw.x[i * raw.d + j]! - scaling.mean[j]!) / scaling.std[j]!;
      x[i * raw.d + j] = Number.isFinite(v) ? v : 0;
    }
  return { x, n: raw.n, d: raw.d };
}

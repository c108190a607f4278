// Scoring a latent model's two own tasks: reconstruction (encode a crystal, decode its posterior mean, match the result
// against the input with the CSP matcher: match rate and RMSE with 95 % intervals) and property optimisation (CDVAE's
// SR5/SR10/SR15: the share of crystals whose property, judged by an independent predictor, lies in the best 5/10/15 %
// of a reference set's values).
import type { Structure } from "../../crystal/structure.js";
import { type MetricRow, type StructFingerprintChoice, evaluateCsp, metricRows } from "../../metrics/evaluate.js";
import { wilsonInterval } from "../../metrics/intervals.js";
import { reconstructCrystals } from "../common/latent-space.js";
import type { ParallelSamplingOptions } from "../parallel/sample-crystals.js";
import type { DecodeOptions, LatentModel } from "../types.js";

/** A reconstruction evaluation: the decoded crystals (input order), match rate and RMSE rows, wall times (s). */
export interface ReconstructionEvaluation {
  reconstructions: Structure[];
  rows: MetricRow[];
  sampleSeconds: number;
  matchSeconds: number;
}

/**
 * Options of evaluateReconstruction: the decoding (seed, sampler settings, batch size, progress), the chunked decoding
 * (workers, chunkSize, singleStream; with `checkpoint`, the directory the model was loaded from and is unchanged since,
 * chunks run on worker threads; `workers` also governs the matching), the validity gate and the matching's progress.
 */
export interface ReconstructionOptions extends DecodeOptions, Omit<ParallelSamplingOptions, "onProgress"> {
  checkpoint?: string;
  structFingerprint?: StructFingerprintChoice;
  onMatchProgress?: (done: number, total: number) => void;
}

/**
 * Reconstructs every target (decoding the posterior mean with the options' seed and settings, in seeded chunks) and
 * matches each reconstruction against its input with the CSP matcher (stol 0.5, ltol 0.3, angle_tol 10; invalid
 * reconstructions do not match, as in CDVAE's evaluation).
 */
export async function evaluateReconstruction(model: LatentModel, targets: readonly Structure[], options: ReconstructionOptions = {}): Promise<ReconstructionEvaluation> {
  const { structFingerprint, onMatchProgress, checkpoint, workers, chunkSize: _c, singleStream: _s, onWarning: _w, ...decode } = options;
  const t0 = performance.now();
  const reconstructions = await reconstructCrystals(checkpoint ? { model, checkpoint } : model, targets, decode, options);
  const t1 = performance.now();
  const table = await evaluateCsp(reconstructions.map((s) => [s]), targets, {
    ...(structFingerprint ? { structFingerprint } : {}), ...(onMatchProgress ? { onProgress: onMatchProgress } : {}), ...(workers !== undefined ? { workers } : {}),
  });
  return { reconstructions, rows: metricRows(table), sampleSeconds: (t1 - t0) / 1000, matchSeconds: (performance.now() - t1) / 1000 };
}

/** One success rate: the threshold of the best `percent` % of the reference and the share of values beyond it. */
export interface SuccessRate {
  percent: number;
  /** The reference's `percent`-th percentile (min) or (100 − percent)-th (max), in the property's unit. */
  threshold: number;
  successes: number;
  n: number;
  rate: number;
  /** Wilson 95 % interval of the rate. */
  ci95: [number, number];
}

/**
 * CDVAE's SR_p: the share of `values` at or below the reference's p-th percentile (direction "min") or at or above its
 * (100 − p)-th percentile ("max"). Non-finite values (crystals the judge could not take) count as failures.
 */
export function successRates(values: readonly number[], reference: readonly number[], direction: "min" | "max", percents: readonly number[] = [5, 10, 15]): SuccessRate[] {
  const sorted = reference.filter(Number.isFinite).sort((a, b) => a - b);
  const quantile = (q: number) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    return sorted[lo]! + (pos - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
  };
  return percents.map((percent) => {
    const threshold = quantile(direction === "min" ? percent / 100 : 1 - percent / 100);
    const successes = values.filter((v) => Number.isFinite(v) && (direction === "min" ? v <= threshold : v >= threshold)).length;
    return { percent, threshold, successes, n: values.length, rate: values.length ? successes / values.length : NaN, ci95: wilsonInterval(successes, values.length) };
  });
}

// Crystal structure prediction with any registered model or baseline: k samples per target composition, then the
// match rate and RMSE of the metric suite. The CLI (`xtal evaluate`) and the notebooks call these functions.
import type { Structure } from "../../crystal/structure.js";
import { type MetricRow, type StructFingerprintChoice, evaluateCsp, metricRows } from "../../metrics/evaluate.js";
import type { ImplausibleCellPolicy } from "../../metrics/plausible-cell.js";
import { latticeVolume } from "../../crystal/lattice.js";
import type { OptionValue } from "../options-schema.js";
import { modelFamily } from "../registry.js";
import { type ParallelSamplingOptions, sampleCrystals } from "../parallel/sample-crystals.js";
import type { GenerativeModel } from "../types.js";

/**
 * How to draw CSP samples: k per target, seed, the family's sampler settings, batch size, progress (crystals), and the
 * chunked sampling (workers, chunkSize, singleStream; with `checkpoint`, the directory the model was loaded from and is
 * unchanged since, chunks run on worker threads).
 */
export interface CspSamplingOptions extends ParallelSamplingOptions {
  /** Samples per target (default 1). */
  k?: number;
  seed?: number;
  /** The family's sampler settings, e.g. `{ steps: 100 }`. */
  settings?: Readonly<Record<string, OptionValue>>;
  batchSize?: number;
  checkpoint?: string;
}

/**
 * k samples per target, each with the target's exact species list: result[i][j] is sample j of target i. The targets'
 * cell volumes go with the request when the model's family reads them (the random-coordinates baseline).
 */
export async function cspSamplesForTargets(model: GenerativeModel, targets: readonly Structure[], options: CspSamplingOptions = {}): Promise<Structure[][]> {
  const k = options.k ?? 1;
  const repeat = <T>(f: (t: Structure) => T) => Array.from({ length: k }, () => targets.map(f)).flat();
  const volumes = modelFamily(model.config.family).requestFields.includes("cellVolumes");
  const flat = await sampleCrystals(options.checkpoint ? { model, checkpoint: options.checkpoint } : model, {
    compositions: repeat((t) => t.species),
    ...(volumes ? { cellVolumes: repeat((t) => latticeVolume(t.lattice)) } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  }, options);
  return targets.map((_, i) => Array.from({ length: k }, (_, j) => flat[j * targets.length + i]!));
}

/** Options of evaluateCspModel: the sampling, the implausible-cell policy (default "unmatched") and the validity gate. */
export interface CspEvaluationOptions extends CspSamplingOptions {
  implausibleCells?: ImplausibleCellPolicy;
  /** Fingerprint of the validity gate (default "crystalnn", as the reference; "none" is faster). */
  structFingerprint?: StructFingerprintChoice;
  onMatchProgress?: (done: number, total: number) => void;
}

/** A CSP evaluation: the samples (samples[i][j]: sample j of target i), the metric rows and the wall times (s). */
export interface CspEvaluation {
  samples: Structure[][];
  rows: MetricRow[];
  sampleSeconds: number;
  matchSeconds: number;
}

/**
 * Samples k structures per target with the model and scores them (match rate, RMSE with 95 % intervals); `workers`
 * governs the sampling and the metrics' worker threads.
 */
export async function evaluateCspModel(model: GenerativeModel, targets: readonly Structure[], options: CspEvaluationOptions = {}): Promise<CspEvaluation> {
  const t0 = performance.now();
  const samples = await cspSamplesForTargets(model, targets, options);
  const t1 = performance.now();
  const table = await evaluateCsp(samples, targets, {
    ...(options.implausibleCells ? { implausibleCells: options.implausibleCells } : {}),
    ...(options.structFingerprint ? { structFingerprint: options.structFingerprint } : {}),
    ...(options.onMatchProgress ? { onProgress: options.onMatchProgress } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  });
  return { samples, rows: metricRows(table), sampleSeconds: (t1 - t0) / 1000, matchSeconds: (performance.now() - t1) / 1000 };
}

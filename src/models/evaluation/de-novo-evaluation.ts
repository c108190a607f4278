// De novo generation with any registered model or baseline: n samples scored by the generation suite (validity, COV,
// W1, diversity) against a reference split and the property of the samples: by a property predictor when one is given
// (with its uncertainty, and the W1 of predicted values against the predicted reference, as CDVAE), else, for a
// conditioned model, by the nearest-composition proxy.
import type { Structure } from "../../crystal/structure.js";
import type { Dataset } from "../../datasets/load.js";
import { type MetricRow, type StructFingerprintChoice, evaluateGeneration, metricRows } from "../../metrics/evaluate.js";
import { isPlausibleCell } from "../../metrics/plausible-cell.js";
import { nearestCompositionProperty, summariseProxy } from "../../metrics/property-proxy.js";
import { type SymmetryDiagnostics, evaluateSymmetry } from "../../metrics/symmetry/index.js";
import type { OptionValue } from "../options-schema.js";
import { type ParallelSamplingOptions, sampleCrystals } from "../parallel/sample-crystals.js";
import type { GenerativeModel, PropertyPredictor, PropertyTarget } from "../types.js";
import { predictBothSides, predictedPropertyRows, predictionSubset } from "./predicted-property.js";

/**
 * Options of evaluateDeNovoModel; the chunked sampling (workers, chunkSize, singleStream) as sampleCrystals, its progress
 * as onSampleProgress (crystals); `workers` also governs the metrics' worker threads.
 */
export interface DeNovoEvaluationOptions extends Omit<ParallelSamplingOptions, "onProgress"> {
  /** Crystals to sample (default 1000; the published tables use 10,000). */
  n?: number;
  seed?: number;
  target?: PropertyTarget;
  guidance?: number;
  /** The family's sampler settings, e.g. `{ steps: 100 }`. */
  settings?: Readonly<Record<string, OptionValue>>;
  batchSize?: number;
  /** The directory `model` was loaded from (and is unchanged since): sampling chunks then run on worker threads. */
  checkpoint?: string;
  /** Fingerprint of validity and COV (default "crystalnn"; "none" skips COV). */
  structFingerprint?: StructFingerprintChoice;
  /**
   * A property predictor: the samples' predicted property (mean with its interval, median, mean uncertainty) replaces the
   * nearest-composition proxy, and the W1 between predicted values of the samples and of the reference is added.
   */
  predictor?: PropertyPredictor;
  onSampleProgress?: (done: number, total: number) => void;
  onPredictProgress?: (done: number, total: number) => void;
  onEvaluateProgress?: (done: number, total: number) => void;
}

/** A de novo evaluation: the samples, the metric rows, the symmetry diagnostics (with histograms) and the wall times (s). */
export interface DeNovoEvaluation {
  samples: Structure[];
  rows: MetricRow[];
  symmetry: SymmetryDiagnostics;
  sampleSeconds: number;
  evaluateSeconds: number;
}

/**
 * Samples n crystals and scores them against `reference` (usually the test split). With `predictor`, adds the
 * predicted property rows of the samples with a plausible cell and `wdist_predicted_<property>`; otherwise, when the
 * model is conditioned on a property the reference has, `<property>_mean`, `_median` and `_known_fraction` rows by the
 * nearest-composition proxy.
 */
export async function evaluateDeNovoModel(model: GenerativeModel, reference: Dataset, options: DeNovoEvaluationOptions = {}): Promise<DeNovoEvaluation> {
  const t0 = performance.now();
  const { workers } = options;
  const samples = await sampleCrystals(options.checkpoint ? { model, checkpoint: options.checkpoint } : model, {
    n: options.n ?? 1000,
    seed: options.seed ?? 0,
    ...(options.target ? { target: options.target } : {}),
    ...(options.guidance !== undefined ? { guidance: options.guidance } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.onSampleProgress ? { onProgress: options.onSampleProgress } : {}),
  }, options);
  const t1 = performance.now();
  const predicted = options.predictor ? await predictBothSides(options.predictor, samples, reference.structures, options.onPredictProgress) : null;
  const generated = predicted?.generated ?? samples;
  const table = await evaluateGeneration(generated, predicted ? { ...reference, structures: predicted.reference } : reference, {
    seed: options.seed ?? 0,
    ...(predicted ? { properties: [predicted.column] } : {}),
    ...(options.structFingerprint ? { structFingerprint: options.structFingerprint } : {}),
    ...(options.onEvaluateProgress ? { onProgress: options.onEvaluateProgress } : {}),
    ...(workers !== undefined ? { workers } : {}),
  });
  // The space groups were detected for the symmetry rows of the table: this returns them with the histograms.
  const symmetry = await evaluateSymmetry(generated, predicted?.reference ?? reference.structures);
  const plausible = samples.flatMap((s, i) => (isPlausibleCell(s) ? [i] : []));
  const rows = [
    ...metricRows(table),
    ...(predicted
      ? predictedPropertyRows(predictionSubset(predicted.onGenerated, plausible), `${plausible.length} samples with a plausible cell`)
      : proxyRows(model.config.condition?.property, samples, reference)),
  ];
  return { samples, rows, symmetry, sampleSeconds: (t1 - t0) / 1000, evaluateSeconds: (performance.now() - t1) / 1000 };
}

function proxyRows(property: string | undefined, samples: readonly Structure[], ds: Dataset): MetricRow[] {
  if (!property || !ds.structures.some((s) => typeof s.properties?.[property] === "number")) return [];
  const valid = samples.filter(isPlausibleCell);
  const summary = summariseProxy(valid, nearestCompositionProperty(ds.structures, property));
  const ref = ds.structures.map((s) => s.properties?.[property]).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  const where = `nearest-composition proxy over ${ds.name}/${ds.split}, ${valid.length} samples with a plausible cell`;
  return [
    { metric: `${property}_mean`, value: summary.mean, notes: `${where}; split mean ${(ref.reduce((a, b) => a + b, 0) / ref.length).toFixed(4)}`, n: summary.n },
    { metric: `${property}_median`, value: summary.median, notes: where, n: summary.n },
    { metric: `${property}_known_fraction`, value: summary.knownFraction, notes: "fraction of samples whose reduced composition is in the split (proxy = known value)", n: summary.n },
  ];
}

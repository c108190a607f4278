// Mode-collapse diagnostics of a GAN, recorded during training: both players' losses, the Wasserstein estimate, and of a
// small sample the uniqueness, validity, COV-R/P against a reference and the element histogram.
import type { Structure } from "../../crystal/structure.js";
import { type ReferenceSet, evaluateGeneration, metricRows } from "../../metrics/evaluate.js";
import { uniquenessNovelty } from "../../metrics/sun.js";

/** Means of the training losses over a window of steps. */
export interface LossMeans {
  criticLoss: number;
  generatorLoss: number;
  /** E[D(real)] − E[D(fake)] of the critic batches. */
  wasserstein: number;
  gradientPenalty: number;
}

/** One diagnostics record (fractions in [0, 1]; null where the reference gives no COV). */
export interface GanDiagnosticsRecord extends LossMeans {
  /** Steps done (generator updates). */
  step: number;
  /** Steps the loss means are taken over. */
  window: number;
  /** Crystals sampled from the EMA generator. */
  samples: number;
  /** Fraction unique within the sample (StructureMatcher with pymatgen defaults, within each reduced formula). */
  uniqueness: number;
  structValidity: number;
  compValidity: number;
  covRecall: number | null;
  covPrecision: number | null;
  /** Atoms of each element (atomic number → count) over the sample. */
  elementCounts: Record<string, number>;
}

/** The diagnostics of a training run, as saved in diagnostics.json. */
export interface GanDiagnostics {
  /** What COV is measured against ("perov_5:select", or "training data"). */
  reference: string;
  every: number;
  samples: number;
  records: GanDiagnosticsRecord[];
}

/** The sample part of a record: uniqueness, validity, COV against `reference` (when it has COV cutoffs) and the element histogram. */
export async function sampleDiagnostics(samples: readonly Structure[], reference: ReferenceSet): Promise<Pick<GanDiagnosticsRecord, "samples" | "uniqueness" | "structValidity" | "compValidity" | "covRecall" | "covPrecision" | "elementCounts">> {
  const withCov = reference.covCutoffs !== undefined;
  const rows = metricRows(await evaluateGeneration(samples, reference, { parallel: false, structFingerprint: withCov ? "crystalnn" : "none" }));
  const value = (metric: string) => rows.find((r) => r.metric === metric)!.value;
  const cov = (metric: string) => (withCov && Number.isFinite(value(metric)) ? value(metric) : null);
  const { isUnique } = uniquenessNovelty(samples, []);
  const elementCounts: Record<string, number> = {};
  for (const s of samples) for (const z of s.species) elementCounts[z] = (elementCounts[z] ?? 0) + 1;
  return {
    samples: samples.length, uniqueness: isUnique.filter(Boolean).length / samples.length, structValidity: value("struct_validity"), compValidity: value("comp_validity"),
    covRecall: cov("cov_recall"), covPrecision: cov("cov_precision"), elementCounts,
  };
}

// One numeric sampler setting swept (e.g. a token model's temperature): at each value the same request is sampled and
// its crystals scored for validity, uniqueness and novelty, so a figure can show the trade-off.
import type { Structure } from "../../crystal/structure.js";
import { uniquenessNovelty } from "../../metrics/sun.js";
import { structureValidity } from "../../metrics/validity/structure-validity.js";
import { type ParallelSamplingOptions, type SampleSource, sampleCrystals } from "../parallel/sample-crystals.js";
import type { SampleRequest } from "../types.js";

/** Scores of the samples drawn at one value of the setting (fractions of all n samples). */
export interface SamplerSweepRow {
  value: number;
  n: number;
  /** Share valid: passed the model's own checks (property `accepted`, when it reports one) and structurally valid (distances ≥ 0.5 Å). */
  validity: number;
  /** Share valid and unique (first of its class among the valid samples; pymatgen-default `fit`, same reduced formula). */
  uniqueness: number;
  /** Share valid, unique and novel (no reference crystal matches). */
  novelty: number;
  /** The crystals drawn at this value. */
  samples: Structure[];
}

/** Sampled crystals that are valid: the model accepted them (when it says) and their atoms are ≥ 0.5 Å apart. */
export function validSamples(samples: readonly Structure[]): Structure[] {
  return samples.filter((s) => s.properties?.accepted !== false && structureValidity(s).valid);
}

/**
 * Samples `request` once per value of the numeric sampler setting `setting` (same seed; chunked as sampleCrystals with
 * `options`) and scores each set against `reference` (e.g. the training crystals).
 * @throws ModelRequestError when the family has no such setting
 */
export async function samplerSettingSweep(model: SampleSource, setting: string, values: readonly number[], request: SampleRequest, reference: readonly Structure[], options: ParallelSamplingOptions = {}): Promise<SamplerSweepRow[]> {
  const rows: SamplerSweepRow[] = [];
  for (const value of values) {
    const samples = await sampleCrystals(model, { ...request, settings: { ...request.settings, [setting]: value } }, options);
    const valid = validSamples(samples);
    const { isUnique, isNovel } = uniquenessNovelty(valid, reference);
    const n = samples.length;
    rows.push({
      value, n, samples, validity: valid.length / n,
      uniqueness: isUnique.filter(Boolean).length / n,
      novelty: valid.filter((_, i) => isUnique[i] && isNovel[i]).length / n,
    });
  }
  return rows;
}

// The screening pipeline: candidates → structural validity → SMACT → property predictor → criterion → uniqueness and
// novelty → ranked hits, with what every stage kept and dropped, why, and how long it took.
import { reducedFormula } from "../crystal/composition.js";
import type { Structure } from "../crystal/structure.js";
import type { MatcherOptions } from "../metrics/structure-matcher/index.js";
import { uniquenessNovelty } from "../metrics/sun.js";
import { type SmactOptions, smactValidity } from "../metrics/validity/smact.js";
import { structureValidity } from "../metrics/validity/structure-validity.js";
import { criterionScore, meetsCriterion, resolveCriterion } from "./criterion.js";
import type { PredictedValue, PropertyCriterion, PropertyPredictorFn, ScreeningResult, ScreeningRow, ScreeningStage, StageReport } from "./types.js";

/** What the stages judge with. */
export interface ScreeningStages {
  /** The property predictor (stage 3). */
  readonly predictor: PropertyPredictorFn;
  /** The property criterion (stage 4). */
  readonly criterion: PropertyCriterion;
  /** Known (training) crystals: a hit matching one of the same reduced formula is dropped as "known" (default none). */
  readonly reference?: readonly Structure[];
  /** Structural validity: smallest allowed interatomic distance (Å, default 0.5, as the validity metric). */
  readonly minDistance?: number;
  /** SMACT settings (default: the validity metric's, SMACT 2.2.1). */
  readonly smact?: SmactOptions;
  /** StructureMatcher settings for uniqueness and novelty (default pymatgen's 0.2/0.3/5°). */
  readonly matcher?: MatcherOptions;
}

/** Options of screenCandidates. */
export interface ScreeningOptions {
  /** One id per candidate (default: each structure's `id` property, else "#INDEX"). */
  readonly ids?: readonly string[];
  /** Crystals per predictor call (default 256). */
  readonly batchSize?: number;
  /** Progress within each stage: (stage, done, total); every stage reports done = total once at its end. */
  readonly onProgress?: (stage: ScreeningStage, done: number, total: number) => void;
}

type MutableRow = { -readonly [K in keyof ScreeningRow]: ScreeningRow[K] };
/** Decides the candidates given as indices: a drop reason per candidate, or null to keep it. */
type Judge = (indices: readonly number[], tick: (done: number) => void) => Promise<(string | null)[]> | (string | null)[];

const usable = (p: PredictedValue | undefined) => p !== undefined && Number.isFinite(p.value) && Number.isFinite(p.std) && p.std >= 0;

/** Predictions of `structures` in batches; a batch the predictor refuses is retried crystal by crystal. */
async function predictInBatches(predictor: PropertyPredictorFn, structures: readonly Structure[], batchSize: number, tick: (done: number) => void): Promise<(PredictedValue | string)[]> {
  const out: (PredictedValue | string)[] = [];
  const call = async (batch: readonly Structure[]) => {
    const predictions = await predictor(batch);
    if (predictions.length !== batch.length) throw new RangeError(`screenCandidates: the predictor returned ${predictions.length} predictions for ${batch.length} crystals`);
    return predictions;
  };
  for (let start = 0; start < structures.length; start += batchSize) {
    const batch = structures.slice(start, start + batchSize);
    try {
      out.push(...(await call(batch)));
    } catch (e) {
      if (e instanceof RangeError) throw e;
      for (const s of batch) {
        try {
          out.push((await call([s]))[0]!);
        } catch (single) {
          if (single instanceof RangeError) throw single;
          out.push(`predictor_refused: ${single instanceof Error ? single.message.split("\n")[0] : String(single)}`);
        }
      }
    }
    tick(out.length);
  }
  return out;
}

/**
 * Screens candidate crystals (from any source: an enumeration, a search, a generative model's samples) through
 * (1) structural validity, (2) SMACT charge neutrality, (3) the property predictor, (4) the property criterion and
 * (5) uniqueness among the hits and novelty against `stages.reference` (StructureMatcher within a reduced formula, as
 * S.U.N.); hits are ranked by the criterion's score (lowest first for `below`, highest first for `above`).
 * A batch the predictor throws on is retried per crystal and the crystals it still refuses are dropped with the reason;
 * non-finite predictions are dropped as "non_finite_prediction".
 * @throws ScreeningInputError for a bad criterion; RangeError for ids of the wrong length, a bad batch size, or a
 * predictor returning the wrong number of predictions
 */
export async function screenCandidates(candidates: readonly Structure[], stages: ScreeningStages, options: ScreeningOptions = {}): Promise<ScreeningResult> {
  const criterion = resolveCriterion(stages.criterion);
  const batchSize = options.batchSize ?? 256;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`screenCandidates: batchSize must be a positive integer (got ${batchSize})`);
  if (options.ids && options.ids.length !== candidates.length) throw new RangeError(`screenCandidates: ${options.ids.length} ids for ${candidates.length} candidates`);
  const rows: MutableRow[] = candidates.map((s, i) => ({
    id: options.ids?.[i] ?? (s.properties?.id !== undefined && s.properties.id !== null ? String(s.properties.id) : `#${i}`),
    formula: reducedFormula(s.species),
    nsites: s.species.length,
    droppedAt: null, reason: null, prediction: null, std: null, score: null, novel: null, rank: null,
  }));
  const reports: StageReport[] = [];
  const run = async (stage: ScreeningStage, input: readonly number[], judge: Judge): Promise<number[]> => {
    const started = performance.now();
    let last = -1;
    const tick = (done: number) => {
      last = done;
      options.onProgress?.(stage, done, input.length);
    };
    const verdicts = await judge(input, tick);
    if (last !== input.length) tick(input.length);
    const kept: number[] = [];
    const reasons: Record<string, number> = {};
    input.forEach((i, k) => {
      const reason = verdicts[k]!;
      if (reason === null) kept.push(i);
      else {
        rows[i]!.droppedAt = stage;
        rows[i]!.reason = reason;
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    });
    reports.push({ stage, input: input.length, kept: kept.length, dropped: input.length - kept.length, reasons, seconds: (performance.now() - started) / 1000 });
    return kept;
  };
  const each = (decide: (s: Structure) => string | null): Judge => (indices, tick) =>
    indices.map((i, k) => {
      const reason = decide(candidates[i]!);
      tick(k + 1);
      return reason;
    });

  const valid = await run("validity", candidates.map((_, i) => i), each((s) => {
    const v = structureValidity(s, stages.minDistance);
    return v.valid ? null : v.reason;
  }));
  const neutral = await run("charge_neutrality", valid, each((s) => {
    const v = smactValidity(s.species, stages.smact);
    return v.valid ? null : v.reason;
  }));
  const predicted = await run("prediction", neutral, async (indices, tick) => {
    const predictions = await predictInBatches(stages.predictor, indices.map((i) => candidates[i]!), batchSize, tick);
    return indices.map((i, k) => {
      const p = predictions[k]!;
      if (typeof p === "string") return p;
      if (!usable(p)) return "non_finite_prediction";
      const row = rows[i]!;
      row.prediction = p.value;
      row.std = p.std;
      row.score = criterionScore(criterion, p);
      return null;
    });
  });
  const miss = criterion.direction === "below" ? "score_above_threshold" : "score_below_threshold";
  const passing = await run("criterion", predicted, (indices) => indices.map((i) => (meetsCriterion(criterion, rows[i]!.score!) ? null : miss)));
  const hits = await run("uniqueness_novelty", passing, (indices, tick) => {
    const structures = indices.map((i) => candidates[i]!);
    const sun = uniquenessNovelty(structures, stages.reference ?? [], { ...(stages.matcher ? { matcher: stages.matcher } : {}), onProgress: tick });
    return indices.map((i, k) => {
      rows[i]!.novel = sun.isNovel[k]!;
      return !sun.isUnique[k] ? "duplicate" : !sun.isNovel[k] ? "known" : null;
    });
  });
  const sign = criterion.direction === "below" ? 1 : -1;
  const ranked = [...hits].sort((a, b) => sign * (rows[a]!.score! - rows[b]!.score!) || a - b);
  ranked.forEach((i, r) => (rows[i]!.rank = r + 1));
  return { rows, hits: ranked.map((i) => rows[i]!), hitStructures: ranked.map((i) => candidates[i]!), stages: reports };
}

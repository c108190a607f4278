// Match rate and RMSE for crystal structure prediction / reconstruction (metrics-spec §10).
import type { Structure } from "../crystal/structure.js";
import { CSP_MATCHER, type MatcherOptions, getRmsDist } from "./structure-matcher/index.js";
import { matchPairs } from "./structure-matcher/batch.js";

/**
 * Which validity gate the single-sample match rate applies (`valid` = SMACT ∧ struct ∧ fingerprint ok, §4):
 * "cdvae" gates on the prediction only; "diffcsp" (also FlowMM) on prediction AND target. The k-sample
 * ("multi-eval") rate always gates on the prediction only.
 */
export type CspGating = "cdvae" | "diffcsp";

/** Options of the CSP match metrics. */
export interface CspOptions {
  /** Validity gate of the single-sample rate (default "diffcsp"). */
  gating?: CspGating;
  /** StructureMatcher settings (default CSP_MATCHER: ltol 0.3, stol 0.5, angle_tol 10°). */
  matcher?: MatcherOptions;
  /** Progress in matched pairs. */
  onProgress?: (done: number, total: number) => void;
}

/** Result of a match-rate evaluation. RMS values are dimensionless (divided by (V/N)^(1/3)). */
export interface MatchRateResult {
  /** Fraction of targets matched. */
  matchRate: number;
  /** Mean RMS over matched targets (NaN if none). */
  rmse: number;
  /** Per target: best RMS among its matched samples, or null. */
  rms: (number | null)[];
  /** Number of targets. */
  n: number;
}

function rmsOrNull(p: Structure, t: Structure, matcher: MatcherOptions): number | null {
  try {
    return getRmsDist(p, t, matcher)?.rms ?? null;
  } catch {
    return null; // the reference treats any exception as "not matched"
  }
}

function summarise(rms: (number | null)[]): MatchRateResult {
  const matched = rms.filter((r): r is number => r !== null);
  return {
    matchRate: rms.length ? matched.length / rms.length : NaN,
    rmse: matched.length ? matched.reduce((s, r) => s + r, 0) / matched.length : NaN,
    rms,
    n: rms.length,
  };
}

/**
 * Single-sample match rate (CDVAE/DiffCSP `RecEval`): prediction i vs target i; a gated-out pair is unmatched.
 * `predValid`/`targetValid` are the CDVAE `valid` flags (see crystalRecord).
 */
export function matchRate(
  predictions: readonly Structure[],
  targets: readonly Structure[],
  predValid: readonly boolean[],
  targetValid: readonly boolean[],
  options: CspOptions = {},
): MatchRateResult {
  if (predictions.length !== targets.length) throw new RangeError(`matchRate: ${predictions.length} predictions for ${targets.length} targets`);
  const gating = options.gating ?? "diffcsp";
  const matcher = options.matcher ?? CSP_MATCHER;
  const rms = targets.map((t, i) => {
    const r = predValid[i] && (gating === "cdvae" || targetValid[i]) ? rmsOrNull(predictions[i]!, t, matcher) : null;
    options.onProgress?.(i + 1, targets.length);
    return r;
  });
  return summarise(rms);
}

/**
 * k-sample match rate (DiffCSP/FlowMM `RecEvalBatch`, multi-eval): target i is matched if any of its valid samples
 * matches; its RMS is the minimum over matched samples. `predValid[i][j]` gates sample j of target i.
 */
export function matchRateMulti(
  predictions: readonly (readonly Structure[])[],
  targets: readonly Structure[],
  predValid: readonly (readonly boolean[])[],
  options: CspOptions = {},
): MatchRateResult {
  if (predictions.length !== targets.length) throw new RangeError(`matchRateMulti: ${predictions.length} prediction lists for ${targets.length} targets`);
  const matcher = options.matcher ?? CSP_MATCHER;
  const total = predictions.reduce((s, p) => s + p.length, 0);
  let done = 0;
  const rms = targets.map((t, i) => {
    let best: number | null = null;
    predictions[i]!.forEach((p, j) => {
      if (predValid[i]![j]) {
        const r = rmsOrNull(p, t, matcher);
        if (r !== null && (best === null || r < best)) best = r;
      }
      options.onProgress?.(++done, total);
    });
    return best;
  });
  return summarise(rms);
}

/** Options of cspRmsTable. */
export interface CspRmsTableOptions {
  /** StructureMatcher settings (default CSP_MATCHER). */
  matcher?: MatcherOptions;
  /** Use worker threads (default true). */
  parallel?: boolean;
  /** Number of worker threads (default: all cores). */
  workers?: number;
  /** Progress in matched pairs. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * get_rms_dist of every valid sample against its target, on the worker pool: rms[i][j] for sample j of target i, null
 * when the sample is gated out (`predValid[i][j]` false), does not match, or is not a matchable structure.
 */
export async function cspRmsTable(
  predictions: readonly (readonly Structure[])[],
  targets: readonly Structure[],
  predValid: readonly (readonly boolean[])[],
  options: CspRmsTableOptions = {},
): Promise<(number | null)[][]> {
  const where: [number, number][] = [];
  predictions.forEach((p, i) => p.forEach((_, j) => predValid[i]![j] && where.push([i, j])));
  const results = await matchPairs(
    where.map(([i, j]) => ({ a: predictions[i]![j]!, b: targets[i]! })),
    options.matcher ?? CSP_MATCHER,
    {
      onInvalid: "null",
      ...(options.parallel !== undefined ? { parallel: options.parallel } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  const table = predictions.map((p) => p.map((): number | null => null));
  where.forEach(([i, j], k) => (table[i]![j] = results[k]?.rms ?? null));
  return table;
}

/**
 * Match rates from a precomputed rms table (cspRmsTable): the single-sample rate uses sample 0 of each target with the
 * chosen gating (a target without samples is unmatched); the k-sample rate takes the minimum over each target's samples.
 */
export function matchRatesFromTable(table: readonly (readonly (number | null)[])[], targetValid: readonly boolean[], gating: CspGating): { one: MatchRateResult; multi: MatchRateResult } {
  const one = table.map((row, i) => (gating === "cdvae" || targetValid[i] ? (row[0] ?? null) : null));
  const multi = table.map((row) => row.reduce<number | null>((best, r) => (r !== null && (best === null || r < best) ? r : best), null));
  return { one: summarise(one), multi: summarise(multi) };
}

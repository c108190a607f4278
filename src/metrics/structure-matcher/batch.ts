// Many pairs at once on all cores (metrics/parallel pool), results in input order.
import { CrystalError } from "../../crystal/errors.js";
import { runParallel } from "../parallel/pool.js";
import type { MatchResult } from "./matcher.js";
import { type MatcherOptions, resolveMatcherOptions } from "./options.js";
import type { PairOutcome, StructurePair } from "./worker-tasks.js";

/** A pair of matchPairs whose structure is invalid (empty, non-finite, degenerate cell); `index` is the pair's position. */
export class MatcherPairError extends CrystalError {
  override name = "MatcherPairError";
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`pair ${index}: ${reason}`);
  }
}

/** Options of matchPairs. */
export interface MatchPairsOptions {
  /** Use worker threads (default true; needs `npm run build`, falls back to this thread otherwise). */
  parallel?: boolean;
  /** Number of worker threads (default: all cores). */
  workers?: number;
  /** Batches smaller than this run in the calling thread: worker start-up and cold JIT cost more (default 2000). */
  minParallel?: number;
  /** Progress in pairs: (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** "throw" (default): an invalid pair rejects with MatcherPairError; "null": it counts as not matched. */
  onInvalid?: "throw" | "null";
}

const TASKS = new URL("./worker-tasks.js", import.meta.url);

/**
 * get_rms_dist for every pair (pymatgen StructureMatcher semantics, dimensionless rms and max distance), in input
 * order: null where the pair does not match. Structures may be raw or prepared (prepareForMatching).
 */
export async function matchPairs(
  pairs: readonly StructurePair[],
  options: MatcherOptions = {},
  run: MatchPairsOptions = {},
): Promise<(MatchResult | null)[]> {
  const resolved = resolveMatcherOptions(options);
  const outcomes = await runParallel<PairOutcome>(TASKS, "structure-matcher.rms-dist", pairs, {
    context: resolved,
    ...(run.parallel !== undefined ? { parallel: run.parallel } : {}),
    ...(run.workers !== undefined ? { workers: run.workers } : {}),
    minItems: run.minParallel ?? 2000,
    ...(run.onProgress ? { onProgress: run.onProgress } : {}),
  });
  return outcomes.map((o, i) => {
    if (o !== null && "error" in o) {
      if (run.onInvalid === "null") return null;
      throw new MatcherPairError(i, o.error);
    }
    return o;
  });
}

// StructureMatcher tasks for the parallel pool (loaded in worker threads from dist/…/worker-tasks.js).
import { CrystalError } from "../../crystal/errors.js";
import type { Structure } from "../../crystal/structure.js";
import { type MatchResult, getRmsDist } from "./matcher.js";
import type { MatcherOptions } from "./options.js";
import type { PreparedStructure } from "./prepare.js";

/** One pair to compare. */
export interface StructurePair {
  readonly a: Structure | PreparedStructure;
  readonly b: Structure | PreparedStructure;
}

/** A pair's outcome inside a worker: the match, null (no match), or the reason the input was rejected. */
export type PairOutcome = MatchResult | null | { readonly error: string };

/** get_rms_dist of one pair; invalid structures give `{error}` instead of throwing, so one bad pair cannot stop a batch. */
function rmsDistTask(pair: StructurePair, options: MatcherOptions): PairOutcome {
  try {
    return getRmsDist(pair.a, pair.b, options);
  } catch (e) {
    if (e instanceof CrystalError) return { error: e.message };
    throw e;
  }
}

/** Task registry of this module (see metrics/parallel). */
export const tasks = {
  "structure-matcher.rms-dist": rmsDistTask,
};

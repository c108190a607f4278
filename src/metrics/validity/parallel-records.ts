// Per-crystal records on the worker pool (metrics/parallel), falling back to the calling thread for small runs.
import type { Structure } from "../../crystal/structure.js";
import { runParallel } from "../parallel/index.js";
import type { CrystalRecord } from "./crystal-record.js";
import type { CrystalRecordTaskContext } from "./worker-tasks.js";

/** Options of parallelCrystalRecords. */
export interface ParallelRecordsOptions extends CrystalRecordTaskContext {
  /** Number of worker threads (default: all cores). */
  workers?: number;
  /** Progress in crystals. */
  onProgress?: (done: number, total: number) => void;
}

/** crystalRecord for every structure on worker threads (results in input order). Needs `npm run build` for workers. */
export function parallelCrystalRecords(structures: readonly Structure[], options: ParallelRecordsOptions): Promise<CrystalRecord[]> {
  const { workers, onProgress, ...context } = options;
  return runParallel<CrystalRecord>(new URL("./worker-tasks.js", import.meta.url), "metrics.crystal-record", structures, {
    context,
    ...(workers !== undefined ? { workers } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
}

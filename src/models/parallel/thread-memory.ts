// Memory of the pool's worker threads after chunked sampling (each keeps its loaded checkpoint), for reports and benches.
import { runParallel } from "../../metrics/parallel/index.js";
import type { ThreadMemory } from "./sample-task.js";

export type { ThreadMemory };

/**
 * The memory each of `workers` pooled worker threads reports (one item per worker; a thread that answers twice appears
 * twice). In the calling thread when workers < 2 or the built files are missing.
 */
export function samplingThreadMemory(workers: number): Promise<ThreadMemory[]> {
  return runParallel<ThreadMemory>(new URL("./sample-task.js", import.meta.url), "threadMemory", Array.from({ length: workers }, (_, i) => i), { workers, chunkSize: 1, minItems: 2 });
}

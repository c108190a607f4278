// Generic worker-thread pool for pure per-item tasks (matcher, fingerprints, …).
export type { ChunkReply, ChunkRequest, ParallelTask, TaskModule } from "./protocol.js";
export { type ParallelOptions, ParallelTaskError, builtModuleUrl, closeParallelPool, parallelPoolSize, runParallel } from "./pool.js";

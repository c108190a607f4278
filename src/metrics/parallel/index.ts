// Generic worker-thread pool for pure per-item tasks (matcher, fingerprints, …).
export type { ChunkReply, ChunkRequest, ParallelTask, TaskModule } from "./protocol.js";
export { type ParallelOptions, ParallelTaskError, WORKERS_ENV, WorkerCountError, builtModuleUrl, defaultWorkerCount, closeParallelPool, parallelPoolSize, runParallel } from "./pool.js";

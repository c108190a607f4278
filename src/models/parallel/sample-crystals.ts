// Sampling a request in seeded chunks (sample-chunks.ts) on the worker threads of the parallel pool, or in the calling
// thread: the crystals are the same either way, whatever the number of workers. A checkpoint directory is loaded once
// per worker thread; a model only in memory, or a request with an onTrajectory callback (functions cannot cross
// threads), samples the same chunks in the calling thread.
import { resolve } from "node:path";
import type { Structure } from "../../crystal/structure.js";
import { ParallelTaskError, builtModuleUrl, defaultWorkerCount, runParallel } from "../../metrics/parallel/index.js";
import { checkpointFamily, readCheckpoint } from "../common/checkpoint-format.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { ModelRequestError, SampleChunkError } from "../errors.js";
import { loadModel } from "../load-model.js";
import { modelFamily } from "../registry.js";
import type { GenerativeModel, ModelConfig, SampleRequest } from "../types.js";
import { type SampleChunk, DEFAULT_SAMPLE_CHUNK_SIZE, sampleChunks } from "./sample-chunks.js";
import type { SampleChunkItem, SampleChunkReply } from "./sample-task.js";

/**
 * What to sample from: a checkpoint directory (loaded by each worker thread, and in this thread when needed), a model in
 * memory (sampled in this thread), or a model together with the directory it was loaded from and is unchanged since.
 */
export type SampleSource = string | GenerativeModel | { readonly model: GenerativeModel; readonly checkpoint: string };

/** How to run a sample request: threads, chunk size, the one-stream path, progress. */
export interface ParallelSamplingOptions {
  /** Worker threads (default CRYSTAL_WORKERS, else the cores); 1 samples in the calling thread. Results do not depend on it. */
  workers?: number;
  /** Crystals per seeded chunk (default 256). The results depend on it (each chunk has its own random stream). */
  chunkSize?: number;
  /**
   * One random stream over the whole request, no split, in the calling thread: `model.sample(request)` as before chunked
   * seeding (reproduces files recorded with it).
   */
  singleStream?: boolean;
  /** Progress in crystals (done, total), after every chunk; default the request's onProgress. */
  onProgress?: (done: number, total: number) => void;
  /** Told why a request that could use workers samples in this thread (no built worker files). */
  onWarning?: (message: string) => void;
}

/** The task module of the chunk tasks (sample-task.ts), built. */
export const CHUNK_TASK_MODULE = new URL("./sample-task.js", import.meta.url);

/**
 * Samples `request` from `source` in seeded chunks of `chunkSize` crystals, on worker threads when the source has a
 * checkpoint directory (and no onTrajectory callback), else in the calling thread; the crystals are identical for every
 * worker count. With `singleStream`, calls `model.sample(request)` unchanged.
 * @throws ModelRequestError for a request the model refuses (before any work when the common checks catch it) or a bad
 * `workers` value; SampleChunkError naming the chunk that failed otherwise
 */
export async function sampleCrystals(source: SampleSource, request: SampleRequest, options: ParallelSamplingOptions = {}): Promise<Structure[]> {
  const { workers, chunkSize } = chunkLayout(options);
  const model = typeof source === "string" ? undefined : "sample" in source ? source : source.model;
  const checkpoint = typeof source === "string" ? source : "sample" in source ? undefined : source.checkpoint;
  const progress = options.onProgress ?? request.onProgress;
  if (options.singleStream) return withModel(model, checkpoint!, (m) => m.sample(progress ? { ...request, onProgress: progress } : request));
  const config: ModelConfig = model ? model.config : readCheckpoint(checkpoint!, modelFamily(checkpointFamily(checkpoint!).family)).config;
  checkSampleRequest(request, modelFamily(config.family), config);
  const chunks = sampleChunks(request, chunkSize);
  const total = chunks.reduce((a, c) => a + (c.request.compositions?.length ?? c.request.n ?? 0), 0);
  const useWorkers = checkpoint !== undefined && !request.onTrajectory && Math.min(workers, chunks.length) >= 2;
  if (useWorkers && builtModuleUrl(CHUNK_TASK_MODULE)) return onWorkers(checkpoint, chunks, total, workers, chunkSize, progress);
  if (useWorkers) options.onWarning?.("chunked sampling: built worker files not found (run `npm run build`); sampling in this thread");
  const trajectory = request.onTrajectory;
  return withModel(model, checkpoint!, (m) => chunksInThread(chunks.map((chunk) => ({
    start: chunk.start,
    run: () => m.sample(trajectory ? { ...chunk.request, onTrajectory: (time: number, crystals: Structure[], first: number) => trajectory(time, crystals, chunk.start + first) } : chunk.request),
  })), total, progress));
}

/**
 * The worker count and chunk size of parallel options, defaults filled in.
 * @throws ModelRequestError for a `workers` value that is not a positive integer; RangeError for such a `chunkSize`
 */
export function chunkLayout(options: ParallelSamplingOptions): { workers: number; chunkSize: number } {
  const workers = options.workers ?? defaultWorkerCount();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new ModelRequestError("workers", `workers must be a positive integer (got ${workers})`);
  const chunkSize = options.chunkSize ?? DEFAULT_SAMPLE_CHUNK_SIZE;
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1)) throw new RangeError(`chunkSize must be a positive integer (got ${chunkSize})`);
  return { workers, chunkSize };
}

/**
 * Runs chunks one after another in this thread (chunk c starts at crystal `start`) and concatenates their crystals,
 * reporting progress in crystals after each.
 * @throws ModelRequestError from a chunk the model refused, unchanged; SampleChunkError naming a chunk that failed otherwise
 */
export async function chunksInThread(chunks: readonly { readonly start: number; readonly run: () => Promise<Structure[]> }[], total: number, progress?: (done: number, total: number) => void): Promise<Structure[]> {
  const out: Structure[] = [];
  for (const [c, chunk] of chunks.entries()) {
    try {
      out.push(...(await chunk.run()));
    } catch (e) {
      if (e instanceof ModelRequestError) throw e;
      throw new SampleChunkError(c, chunk.start, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    progress?.(out.length, total);
  }
  return out;
}

/** Runs `f` with the in-memory model, or with the checkpoint loaded in this thread (disposed afterwards). */
async function withModel<T>(model: GenerativeModel | undefined, checkpoint: string, f: (m: GenerativeModel) => Promise<T>): Promise<T> {
  if (model) return f(model);
  const loaded = await loadModel(checkpoint);
  try {
    return await f(loaded);
  } finally {
    loaded.dispose();
  }
}

function onWorkers(checkpoint: string, chunks: SampleChunk[], total: number, workers: number, chunkSize: number, progress?: (done: number, total: number) => void): Promise<Structure[]> {
  const dir = resolve(checkpoint);
  const items: SampleChunkItem[] = chunks.map((c) => ({ checkpoint: dir, request: c.request }));
  return chunksOnWorkers("sampleChunk", items, chunks.map((c) => c.start), total, workers, chunkSize, progress);
}

/**
 * Runs the chunk task `task` of sample-task.ts over `items` (chunk c starts at crystal `starts[c]`) on worker threads and
 * concatenates the crystals in chunk order, reporting progress in crystals.
 * @throws ModelRequestError re-raised from a chunk the model refused; SampleChunkError naming a chunk that failed
 */
export async function chunksOnWorkers(task: "sampleChunk" | "decodeChunk", items: readonly unknown[], starts: readonly number[], total: number, workers: number, chunkSize: number, progress?: (done: number, total: number) => void): Promise<Structure[]> {
  let replies: SampleChunkReply[];
  try {
    replies = await runParallel<SampleChunkReply>(CHUNK_TASK_MODULE, task, items, {
      workers, chunkSize: 1, minItems: 2,
      ...(progress ? { onProgress: (done: number) => progress(Math.min(total, done * chunkSize), total) } : {}),
    });
  } catch (e) {
    if (!(e instanceof ParallelTaskError)) throw e;
    throw new SampleChunkError(e.index, starts[e.index] ?? -1, e.reason);
  }
  return replies.flatMap((r) => {
    if ("refused" in r) throw new ModelRequestError(r.refused.field, r.refused.message);
    return r.structures;
  });
}

// Decoding latent vectors in seeded chunks, on the worker threads of the parallel pool or in the calling thread: the
// crystals are the same whatever the number of workers (chunk c decodes with chunkSeed(seed, c), like sampling).
import { resolve } from "node:path";
import type { Structure } from "../../crystal/structure.js";
import { builtModuleUrl } from "../../metrics/parallel/index.js";
import type { DecodeOptions, LatentModel } from "../types.js";
import { chunkSeed } from "./sample-chunks.js";
import { CHUNK_TASK_MODULE, type ParallelSamplingOptions, chunkLayout, chunksInThread, chunksOnWorkers } from "./sample-crystals.js";
import type { DecodeChunkItem } from "./sample-task.js";

/** A latent model in memory, or together with the checkpoint directory it was loaded from and is unchanged since. */
export type LatentSource = LatentModel | { readonly model: LatentModel; readonly checkpoint: string };

/**
 * Decodes `latents` (one crystal each) in seeded chunks of `chunkSize` vectors: on worker threads when the source has a
 * checkpoint directory, else in the calling thread; identical crystals for every worker count. With `singleStream`,
 * calls `model.decode(latents, options)` unchanged (one random stream; reproduces files recorded with it).
 * Progress is in decoded crystals (chunked) or in Langevin steps × crystals (single stream).
 * @throws ModelRequestError for latents or options the model refuses; SampleChunkError naming a chunk that failed
 */
export async function decodeLatents(source: LatentSource, latents: readonly (readonly number[])[], options: DecodeOptions = {}, parallel: ParallelSamplingOptions = {}): Promise<Structure[]> {
  const model = "model" in source ? source.model : source;
  const checkpoint = "model" in source ? source.checkpoint : undefined;
  const { onProgress: _own, ...decode } = options;
  const progress = parallel.onProgress ?? options.onProgress;
  if (parallel.singleStream) return model.decode(latents, { ...decode, ...(progress ? { onProgress: progress } : {}) });
  const { workers, chunkSize } = chunkLayout(parallel);
  const seed = options.seed ?? 0;
  const chunks = Array.from({ length: Math.ceil(latents.length / chunkSize) }, (_, c) => ({
    start: c * chunkSize, latents: latents.slice(c * chunkSize, (c + 1) * chunkSize), options: { ...decode, seed: chunkSeed(seed, c) },
  }));
  const useWorkers = checkpoint !== undefined && Math.min(workers, chunks.length) >= 2;
  if (useWorkers && builtModuleUrl(CHUNK_TASK_MODULE)) {
    const dir = resolve(checkpoint);
    const items: DecodeChunkItem[] = chunks.map((c) => ({ checkpoint: dir, latents: c.latents, options: c.options }));
    return chunksOnWorkers("decodeChunk", items, chunks.map((c) => c.start), latents.length, workers, chunkSize, progress);
  }
  if (useWorkers) parallel.onWarning?.("chunked decoding: built worker files not found (run `npm run build`); decoding in this thread");
  return chunksInThread(chunks.map((c) => ({ start: c.start, run: () => model.decode(c.latents, c.options) })), latents.length, progress);
}

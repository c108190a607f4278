// Cutting a sample request into seeded chunks of a fixed size: chunk c is an ordinary request for its slice of the
// crystals with its own seed derived from (seed, c), so the concatenated result does not depend on which thread (or how
// many) samples which chunk.
import { mixSeed } from "../training/schedule.js";
import type { SampleRequest } from "../types.js";

/** Crystals per chunk when none is given (independent of the worker count): the default batch of a model call, so a request of up to 256 crystals is one batch. */
export const DEFAULT_SAMPLE_CHUNK_SIZE = 256;

/** One chunk: its request (callbacks removed) and the index of its first crystal in the whole request. */
export interface SampleChunk {
  readonly index: number;
  readonly start: number;
  readonly request: SampleRequest;
}

/** The seed of chunk `index` of a request with seed `seed` (a 32-bit integer). */
export function chunkSeed(seed: number, index: number): number {
  return mixSeed(seed, 0x5a4d, index);
}

/**
 * The chunks of a checked request: CSP requests split their compositions (and cellVolumes), de novo requests their n, into
 * slices of `chunkSize` crystals; each chunk carries chunkSeed(seed, c). `onProgress` and `onTrajectory` are dropped
 * (the caller reports progress per chunk).
 * @throws RangeError when chunkSize is not a positive integer
 */
export function sampleChunks(request: SampleRequest, chunkSize = DEFAULT_SAMPLE_CHUNK_SIZE): SampleChunk[] {
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1)) throw new RangeError(`chunkSize must be a positive integer (got ${chunkSize})`);
  const { onProgress: _p, onTrajectory: _t, ...base } = request;
  const seed = request.seed ?? 0;
  const total = request.compositions ? request.compositions.length : request.n ?? 0;
  const chunks: SampleChunk[] = [];
  for (let start = 0, c = 0; start < total; start += chunkSize, c++) {
    const end = Math.min(total, start + chunkSize);
    const slice: SampleRequest = request.compositions
      ? { ...base, compositions: request.compositions.slice(start, end), ...(request.cellVolumes ? { cellVolumes: request.cellVolumes.slice(start, end) } : {}) }
      : { ...base, n: end - start };
    chunks.push({ index: c, start, request: { ...slice, seed: chunkSeed(seed, c) } });
  }
  return chunks;
}

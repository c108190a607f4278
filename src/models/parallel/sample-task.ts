// Worker-thread side of chunked sampling (a task module of the parallel pool): each thread loads a checkpoint once
// (cached by directory, reloaded when its config.json is rewritten: a checkpoint saved again) and samples the chunks it is sent; structures go back as structured-clone data. A request the
// model refuses comes back as data, so the caller re-raises the same ModelRequestError.
import { statSync } from "node:fs";
import { join } from "node:path";
import { memoryUsage } from "node:process";
import { threadId } from "node:worker_threads";
import type { Structure } from "../../crystal/structure.js";
import { ModelRequestError } from "../errors.js";
import { loadModel } from "../load-model.js";
import { type DecodeOptions, type GenerativeModel, type SampleRequest, isLatentModel } from "../types.js";

/** One chunk to sample: the checkpoint directory and the chunk's request (no callbacks). */
export interface SampleChunkItem {
  readonly checkpoint: string;
  readonly request: SampleRequest;
}

/** One chunk of latent vectors to decode: the checkpoint directory, the vectors and the decode options (no callbacks). */
export interface DecodeChunkItem {
  readonly checkpoint: string;
  readonly latents: readonly (readonly number[])[];
  readonly options: Omit<DecodeOptions, "onProgress">;
}

/** A chunk's answer: the crystals, or the refusal the model raised. */
export type SampleChunkReply = { readonly structures: Structure[] } | { readonly refused: { readonly field: string; readonly message: string } };

/** Memory of one thread (bytes): its V8 heap and external memory (TF.js wasm memory is external), and the process RSS. */
export interface ThreadMemory {
  readonly threadId: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly rss: number;
}

const models = new Map<string, { stamp: number; model: Promise<GenerativeModel> }>();

function cachedModel(dir: string): Promise<GenerativeModel> {
  const stamp = statSync(join(dir, "config.json")).mtimeMs;
  const cached = models.get(dir);
  if (cached?.stamp === stamp) return cached.model;
  if (cached) void cached.model.then((m) => m.dispose(), () => undefined);
  const model = loadModel(dir);
  model.catch(() => models.delete(dir));
  models.set(dir, { stamp, model });
  return model;
}

/** A chunk's crystals, or the refusal the model raised as data (so the caller re-raises the same ModelRequestError). */
async function refusalAsData(run: () => Promise<Structure[]>): Promise<SampleChunkReply> {
  try {
    return { structures: await run() };
  } catch (e) {
    if (e instanceof ModelRequestError) return { refused: { field: e.field, message: e.message } };
    throw e;
  }
}

async function sampleChunk(item: SampleChunkItem): Promise<SampleChunkReply> {
  const model = await cachedModel(item.checkpoint);
  return refusalAsData(() => model.sample(item.request));
}

async function decodeChunk(item: DecodeChunkItem): Promise<SampleChunkReply> {
  const model = await cachedModel(item.checkpoint);
  if (!isLatentModel(model)) return { refused: { field: "checkpoint", message: `${item.checkpoint}: a ${model.config.family} model has no latent space to decode` } };
  return refusalAsData(() => model.decode(item.latents, item.options));
}

function threadMemory(): ThreadMemory {
  const m = memoryUsage();
  return { threadId, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
}

/**
 * The pool's tasks: `sampleChunk` (one chunk of a checkpoint's request), `decodeChunk` (one chunk of latent vectors of a
 * latent model's checkpoint) and `threadMemory` (this thread's memory).
 */
export const tasks = { sampleChunk, decodeChunk, threadMemory };

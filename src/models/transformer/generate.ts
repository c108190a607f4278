// Batched, seeded autoregressive generation with the key/value cache. Sequence i draws its uniforms from its own stream
// (seed mixed with i), so its tokens do not depend on which other sequences share its batch.
import { type Rng, rng } from "../../util/random.js";
import { ModelRequestError } from "../errors.js";
import { mixSeed } from "../training/schedule.js";
import { type KvCache, createKvCache, decodeStep, disposeKvCache, selectKvCache } from "./kv-cache.js";
import type { DecoderTransformer } from "./model.js";
import { type TokenSampling, checkTokenSampling, sampleToken, topTokens } from "./sampling.js";

/** One generated token: its sequence (index in the prompts), position, id and the 5 most probable tokens at that step. */
export interface GenerationStep {
  sequence: number;
  position: number;
  token: number;
  /** The 5 most probable allowed tokens under softmax(logits / T), before top-k / top-p. */
  top: { token: number; p: number }[];
}

/** Stop token, grammar mask, step callback and batch size of a generate call. */
export interface GenerateOptions {
  eosId: number;
  /** The token ids allowed after `prefix` for sequence `seq` (a grammar), or null for all. */
  allowedTokens?: (seq: number, prefix: Int32Array) => Int32Array | null;
  onStep?: (s: GenerationStep) => void;
  /** Sequences decoded together (default 64); results do not depend on it. */
  batchSize?: number;
  /** The seeded stream of each prompt (default: its index), e.g. a crystal's index when only some are re-drawn. */
  streams?: readonly number[];
}

interface Running {
  index: number;
  tokens: number[];
  promptLength: number;
  random: Rng;
  done: boolean;
}

function nextTokenLogits(all: Float32Array, row: number, V: number, allowed: Int32Array | null): Float32Array {
  const logits = all.slice(row * V, (row + 1) * V);
  if (!allowed) return logits;
  const masked = new Float32Array(V).fill(-Infinity);
  for (const t of allowed) masked[t] = logits[t]!;
  return masked;
}

function runBatch(model: DecoderTransformer, batch: Running[], sampling: TokenSampling, options: GenerateOptions): void {
  const { contextLength: C, vocabSize: V } = model.config;
  let active = batch.filter((s) => !s.done);
  let cache: KvCache = createKvCache();
  try {
    for (let pos = 0; active.length > 0; pos++) {
      const step = decodeStep(model, Int32Array.from(active, (s) => s.tokens[pos]!), cache);
      cache = step.cache;
      const all = step.logits.dataSync() as Float32Array;
      step.logits.dispose();
      active.forEach((s, row) => {
        if (pos < s.tokens.length - 1) return; // still reading the prompt
        const prefix = Int32Array.from(s.tokens);
        const logits = nextTokenLogits(all, row, V, options.allowedTokens?.(s.index, prefix) ?? null);
        const token = sampleToken(logits, sampling, s.random.next());
        options.onStep?.({ sequence: s.index, position: pos + 1, token, top: topTokens(logits, sampling.temperature, 5) });
        s.tokens.push(token);
        if (token === options.eosId || s.tokens.length - s.promptLength >= sampling.maxNewTokens || s.tokens.length >= C) s.done = true;
      });
      const keep = active.flatMap((s, row) => (s.done ? [] : [row]));
      if (keep.length < active.length && keep.length > 0) cache = selectKvCache(cache, keep);
      active = keep.map((row) => active[row]!);
    }
  } finally {
    disposeKvCache(cache);
  }
}

/**
 * Batched, seeded generation with a key/value cache; allowedTokens (grammar mask) or null = all; stops at eosId (kept
 * in the output), after maxNewTokens or at the context length; returns prompt + generated for each prompt.
 * @throws ModelRequestError on an empty prompt, a prompt longer than the context, an out-of-vocabulary token or bad sampler settings
 */
export function generate(model: DecoderTransformer, prompts: readonly Int32Array[], sampling: TokenSampling, options: GenerateOptions): Int32Array[] {
  const { contextLength: C, vocabSize: V } = model.config;
  checkTokenSampling(sampling);
  if (!(Number.isInteger(sampling.maxNewTokens) && sampling.maxNewTokens >= 0)) throw new ModelRequestError("maxNewTokens", `maxNewTokens must be an integer ≥ 0, got ${sampling.maxNewTokens}`);
  const batchSize = options.batchSize ?? 64;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new ModelRequestError("batchSize", `batchSize must be a positive integer, got ${batchSize}`);
  if (options.streams && options.streams.length !== prompts.length) throw new ModelRequestError("streams", `streams must give one stream per prompt (${prompts.length}), got ${options.streams.length}`);
  const runs: Running[] = prompts.map((p, index) => {
    if (p.length === 0) throw new ModelRequestError("prompt", `prompt ${index} is empty (start it with the <bos> token)`);
    if (p.length > C) throw new ModelRequestError("prompt", `prompt ${index} has ${p.length} tokens, longer than the context (${C})`);
    for (const t of p) if (!(Number.isInteger(t) && t >= 0 && t < V)) throw new ModelRequestError("prompt", `prompt ${index} holds token id ${t}, outside the vocabulary (0–${V - 1})`);
    return { index, tokens: Array.from(p), promptLength: p.length, random: rng(mixSeed(sampling.seed, options.streams?.[index] ?? index)), done: sampling.maxNewTokens === 0 || p.length >= C };
  });
  for (let start = 0; start < runs.length; start += batchSize) runBatch(model, runs.slice(start, start + batchSize), sampling, options);
  return runs.map((s) => Int32Array.from(s.tokens));
}


// Incremental decoding with a key/value cache: the sequences of a batch advance together, each step feeds one token per
// sequence at the next position, appends its keys and values to the cache and attends over the cached positions. The
// prefix is never recomputed: a step costs the projections and MLP of one token plus attention over the cached keys.
// (Attention is written as products and sums over the cached axis: the wasm backend's batched matmul is slow.)
import * as tf from "@tensorflow/tfjs";
import { ModelConfigError } from "../errors.js";
import { blockForward, outputLogits } from "./layers.js";
import type { DecoderTransformer } from "./model.js";

/** Keys [B, H, length, d/H] and values, transposed, [B, H, d/H, length] of every layer (empty before the first step); reductions then run over the last axis. */
export interface KvCache {
  /** Positions cached so far. */
  length: number;
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
}

/** An empty cache (the batch size is fixed by the first step). */
export function createKvCache(): KvCache {
  return { length: 0, keys: [], values: [] };
}

/** Frees a cache. */
export function disposeKvCache(cache: KvCache): void {
  tf.dispose([...cache.keys, ...cache.values]);
}

/** The cache of a subset of the batch's sequences (rows, in order); the old cache is freed. */
export function selectKvCache(cache: KvCache, rows: readonly number[]): KvCache {
  if (cache.length === 0) return cache;
  const index = tf.tensor1d(Int32Array.from(rows), "int32");
  const out = { length: cache.length, keys: cache.keys.map((k) => tf.gather(k, index)), values: cache.values.map((v) => tf.gather(v, index)) };
  index.dispose();
  disposeKvCache(cache);
  return out;
}

/**
 * One decoding step: sequence b reads token `tokens[b]` at position cache.length (the cache holds positions
 * 0 … length − 1 of every sequence). Returns the next-token logits [B, V] and the extended cache (the old one is freed).
 * @throws ModelConfigError when the context is full or the batch size differs from the cache's
 */
export function decodeStep(model: DecoderTransformer, tokens: Int32Array, cache: KvCache): { logits: tf.Tensor2D; cache: KvCache } {
  const { nLayers, nHeads: H, dModel: d, contextLength: C } = model.config;
  const B = tokens.length;
  const pos = cache.length;
  if (pos >= C) throw new ModelConfigError(`position ${pos} is outside the context (0–${C - 1})`);
  if (pos > 0 && cache.keys[0]!.shape[0] !== B) throw new ModelConfigError(`a batch of ${B} tokens for a cache of ${cache.keys[0]!.shape[0]} sequences`);
  const dh = d / H;
  const keys: tf.Tensor4D[] = [];
  const values: tf.Tensor4D[] = [];
  const logits = tf.tidy(() => {
    const p = model.params;
    let x = tf.add(tf.gather(p["wte"]!, tf.tensor1d(tokens, "int32")), p["wpe"]!.slice([pos, 0], [1, d])) as tf.Tensor2D;
    const heads = (t: tf.Tensor2D) => t.reshape([B, H, 1, dh]) as tf.Tensor4D;
    for (let l = 0; l < nLayers; l++) {
      x = blockForward(p, l, x, (q, k, v) => {
        const K = tf.keep(pos === 0 ? heads(k) : (tf.concat([cache.keys[l]!, heads(k)], 2) as tf.Tensor4D));
        const vt = v.reshape([B, H, dh, 1]) as tf.Tensor4D;
        const V = tf.keep(pos === 0 ? vt : (tf.concat([cache.values[l]!, vt], 3) as tf.Tensor4D));
        keys.push(K);
        values.push(V);
        const scores = tf.mul(tf.sum(tf.mul(K, heads(q)), 3), 1 / Math.sqrt(dh)); // [B, H, t]
        const probs = tf.softmax(scores).expandDims(2); // [B, H, 1, t]
        return tf.sum(tf.mul(V, probs), 3).reshape([B, d]) as tf.Tensor2D;
      }, (t) => t);
    }
    return outputLogits(p, x);
  });
  disposeKvCache(cache);
  return { logits, cache: { length: pos + 1, keys, values } };
}

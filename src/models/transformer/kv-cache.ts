// Incremental decoding with a key/value cache of fixed size: each sequence of a batch feeds one token at its own
// position, its key and value are written into slot `position` of the cache, and attention runs over all contextLength
// slots with the later ones masked, so every step costs the same whatever the position.
import * as tf from "@tensorflow/tfjs";
import { ModelConfigError } from "../errors.js";
import { MASKED, blockForward, outputLogits } from "./layers.js";
import type { DecoderTransformer } from "./model.js";

/** Keys and values of every layer, [B, H, contextLength, d/H] each. */
export interface KvCache {
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
}

/** An empty cache for a batch of `batch` sequences. */
export function createKvCache(model: DecoderTransformer, batch: number): KvCache {
  const { nLayers, nHeads: H, dModel: d, contextLength: C } = model.config;
  const zeros = () => Array.from({ length: nLayers }, () => tf.zeros([batch, H, C, d / H]) as tf.Tensor4D);
  return { keys: zeros(), values: zeros() };
}

/** Frees a cache. */
export function disposeKvCache(cache: KvCache): void {
  tf.dispose([...cache.keys, ...cache.values]);
}

/**
 * One decoding step: sequence b reads token `tokens[b]` at position `positions[b]` (the cache must hold its earlier
 * positions). Returns the next-token logits [B, V] and the updated cache (the old one is freed).
 * @throws ModelConfigError when a position is outside the context
 */
export function decodeStep(model: DecoderTransformer, tokens: Int32Array, positions: Int32Array, cache: KvCache): { logits: tf.Tensor2D; cache: KvCache } {
  const { nLayers, nHeads: H, dModel: d, contextLength: C } = model.config;
  const B = tokens.length;
  for (const pos of positions) if (!(pos >= 0 && pos < C)) throw new ModelConfigError(`position ${pos} is outside the context (0–${C - 1})`);
  const dh = d / H;
  const bias = new Float32Array(B * C);
  for (let b = 0; b < B; b++) bias.fill(MASKED, b * C + positions[b]! + 1, (b + 1) * C);
  const keys: tf.Tensor4D[] = [];
  const values: tf.Tensor4D[] = [];
  const logits = tf.tidy(() => {
    const p = model.params;
    const tok = tf.tensor1d(tokens, "int32");
    const pos = tf.tensor1d(positions, "int32");
    let x = tf.add(tf.gather(p["wte"]!, tok), tf.gather(p["wpe"]!, pos)) as tf.Tensor2D;
    const slot = tf.oneHot(pos, C).toFloat().reshape([B, 1, C, 1]);
    const keep = tf.sub(1, slot);
    const mask = tf.tensor(bias, [B, 1, 1, C]);
    const heads = (t: tf.Tensor2D) => t.reshape([B, H, 1, dh]);
    for (let l = 0; l < nLayers; l++) {
      x = blockForward(p, l, x, (q, k, v) => {
        const K = tf.keep(tf.add(tf.mul(cache.keys[l]!, keep), tf.mul(slot, heads(k))) as tf.Tensor4D);
        const Vc = tf.keep(tf.add(tf.mul(cache.values[l]!, keep), tf.mul(slot, heads(v))) as tf.Tensor4D);
        keys.push(K);
        values.push(Vc);
        const probs = tf.softmax(tf.add(tf.mul(tf.matMul(heads(q), K, false, true), 1 / Math.sqrt(dh)), mask));
        return tf.matMul(probs as tf.Tensor4D, Vc).reshape([B, d]) as tf.Tensor2D;
      }, (t) => t);
    }
    return outputLogits(p, x);
  });
  disposeKvCache(cache);
  return { logits, cache: { keys, values } };
}

// A small decoder-only transformer (GPT-2 / nanoGPT layout) on TF.js: learned token and position embeddings, pre-LayerNorm
// blocks of causal multi-head self-attention and a GELU MLP, a final LayerNorm and the output projection tied to the
// token embedding.
import * as tf from "@tensorflow/tfjs";
import { rng, type Rng } from "../../util/random.js";
import { ModelConfigError } from "../errors.js";
import type { ParamMap } from "../training/optimizer.js";
import { type TransformerConfig, checkTransformerConfig } from "./config.js";
import { type Dropout, MASKED, blockForward, outputLogits } from "./layers.js";
import { initTransformerParams } from "./params.js";

/** Decoder-only transformer: learned positions, pre-LayerNorm blocks, causal self-attention, GELU MLP, final LN, tied output embedding. */
export class DecoderTransformer {
  readonly config: TransformerConfig;
  /** The weights by name (transformerParamShapes); saved and loaded through src/models/training/state-io.ts via paramMap(). */
  readonly params: Record<string, tf.Variable>;
  private readonly dropoutSeeds: Rng;

  /** Seeded initial weights; the dropout masks of training calls come from a stream seeded by the same seed. @throws ModelConfigError on a bad config */
  constructor(config: TransformerConfig, seed: number) {
    this.config = checkTransformerConfig({ ...config });
    this.params = initTransformerParams(this.config, seed);
    this.dropoutSeeds = rng(seed ^ 0x5eed);
  }

  /** Copies weights of the same names and shapes into this model's variables (e.g. EMA weights for sampling). */
  assignWeights(weights: ReadonlyMap<string, tf.Tensor>): void {
    for (const [name, v] of Object.entries(this.params)) {
      const w = weights.get(name);
      if (!w || w.size !== v.size) throw new ModelConfigError(`weight ${name} is ${w ? `of size ${w.size}, expected ${v.size}` : "missing"}`);
      tf.tidy(() => v.assign(w.reshape(v.shape)));
    }
  }

  /** The same variables as a ParamMap (what the training loop and state-io take). */
  paramMap(): ParamMap {
    return new Map(Object.entries(this.params));
  }

  private dropout(training: boolean): Dropout {
    const rate = this.config.dropout;
    if (!training || rate === 0) return (x) => x;
    return (x) => tf.dropout(x, rate, undefined, this.dropoutSeeds.int(2 ** 31));
  }

  /** Full causal forward pass; `capture(layer, probs [B, H, T, T])` sees each layer's attention weights. */
  private forward(tokens: tf.Tensor2D, training: boolean, capture?: (layer: number, probs: tf.Tensor4D) => void): tf.Tensor3D {
    const { contextLength, dModel: d, nHeads: H, nLayers, vocabSize: V } = this.config;
    const [B, T] = tokens.shape;
    if (T > contextLength) throw new ModelConfigError(`a sequence of ${T} tokens is longer than the context (${contextLength})`);
    if (tokens.dtype !== "int32") throw new ModelConfigError(`token ids must be int32, got ${tokens.dtype}`);
    const dh = d / H;
    const drop = this.dropout(training);
    return tf.tidy(() => {
      const p = this.params;
      const emb = tf.add(tf.gather(p["wte"]!, tokens.reshape([B * T])).reshape([B, T, d]), p["wpe"]!.slice([0, 0], [T, d]));
      let x = drop(emb).reshape([B * T, d]) as tf.Tensor2D;
      const causal = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), MASKED);
      // One 2-D product per (sequence, head): the wasm backend's batched matmul is several times slower than its 2-D one.
      const heads = (t: tf.Tensor2D) => tf.split(t.reshape([B, T, H, dh]).transpose([0, 2, 1, 3]).reshape([B * H * T, dh]), B * H, 0) as tf.Tensor2D[];
      for (let l = 0; l < nLayers; l++) {
        x = blockForward(p, l, x, (q, k, v) => {
          const [qs, ks, vs] = [heads(q), heads(k), heads(v)];
          const probs = qs.map((qi, i) => tf.softmax(tf.add(tf.mul(tf.matMul(qi, ks[i]!, false, true), 1 / Math.sqrt(dh)), causal)) as tf.Tensor2D);
          if (capture) capture(l, tf.stack(probs).reshape([B, H, T, T]) as tf.Tensor4D);
          const out = tf.concat(probs.map((pi, i) => tf.matMul(drop(pi) as tf.Tensor2D, vs[i]!)), 0);
          return out.reshape([B, H, T, dh]).transpose([0, 2, 1, 3]).reshape([B * T, d]) as tf.Tensor2D;
        }, drop);
      }
      return outputLogits(p, x).reshape([B, T, V]) as tf.Tensor3D;
    });
  }

  /** Next-token logits: int32 tokens [B, T] (T ≤ contextLength) → [B, T, V]; row t predicts token t + 1. @throws ModelConfigError when T exceeds the context */
  logits(tokens: tf.Tensor2D, training: boolean): tf.Tensor3D {
    return this.forward(tokens, training);
  }

  /**
   * Mean next-token cross-entropy (nats) over the targets where lossMask = 1. The mask is aligned with the targets:
   * lossMask[b, t] = 1 counts the prediction of tokens[b, t] from tokens[b, < t] (so column 0 is never counted).
   */
  loss(tokens: tf.Tensor2D, lossMask: tf.Tensor2D, training: boolean): tf.Scalar {
    const [B, T] = tokens.shape;
    const V = this.config.vocabSize;
    return tf.tidy(() => {
      const logits = this.forward(tokens, training).slice([0, 0, 0], [B, T - 1, V]).reshape([B * (T - 1), V]);
      const targets = tokens.slice([0, 1], [B, T - 1]).reshape([B * (T - 1)]) as tf.Tensor1D;
      const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(targets, V)), 1));
      const mask = tf.cast(lossMask.slice([0, 1], [B, T - 1]).reshape([B * (T - 1)]), "float32");
      return tf.div(tf.sum(tf.mul(nll, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
    });
  }

  /** Attention probabilities [T, T] (row = query position) of one head of one layer for one token sequence. @throws ModelConfigError on a layer or head out of range */
  attention(tokens: Int32Array, layer: number, head: number): Float32Array {
    const { nLayers, nHeads } = this.config;
    if (!(Number.isInteger(layer) && layer >= 0 && layer < nLayers)) throw new ModelConfigError(`layer ${layer} is outside 0–${nLayers - 1}`);
    if (!(Number.isInteger(head) && head >= 0 && head < nHeads)) throw new ModelConfigError(`head ${head} is outside 0–${nHeads - 1}`);
    const T = tokens.length;
    let out: Float32Array | undefined;
    const input = tf.tensor2d(tokens, [1, T], "int32");
    try {
      this.forward(input, false, (l, probs) => {
        if (l === layer) out = probs.slice([0, head, 0, 0], [1, 1, T, T]).dataSync() as Float32Array;
      }).dispose();
    } finally {
      input.dispose();
    }
    return out!;
  }

  /** Frees the weights. */
  dispose(): void {
    for (const v of Object.values(this.params)) v.dispose();
  }
}

// The pieces of a pre-LayerNorm transformer block as functions of named weights, shared by the full forward pass and
// the key/value-cached decoding step.
import * as tf from "@tensorflow/tfjs";

/** Named weights of a transformer (see transformerParamShapes). */
export type TransformerParams = Readonly<Record<string, tf.Variable>>;

/** Additive attention bias for masked positions: exp(−1e9 − max) is exactly 0 in float32. */
export const MASKED = -1e9;

/** LayerNorm over the last axis (ε = 1e-5, as PyTorch's default). */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b);
}

/** GELU, tanh approximation (GPT-2's; PyTorch `nn.GELU(approximate="tanh")`): ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.square(x), x), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** x·W + b for x [N, in]. */
export function linear(x: tf.Tensor2D, W: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(x, W as tf.Tensor2D), b);
}

/** Applies dropout at `rate` with a seed when `seed` is not null (training), else returns x. */
export type Dropout = (x: tf.Tensor) => tf.Tensor;

/**
 * One block on rows x [N, d]: x + Wo·attend(q, k, v), then x + MLP(LN(x)). `attend` receives q, k, v as [N, d] rows
 * (heads side by side) and returns the attended values in the same layout.
 */
export function blockForward(p: TransformerParams, layer: number, x: tf.Tensor2D, attend: (q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D) => tf.Tensor2D, drop: Dropout): tf.Tensor2D {
  const w = (name: string) => p[`h${layer}.${name}`]!;
  const h = layerNorm(x, w("ln1.g"), w("ln1.b")) as tf.Tensor2D;
  const [q, k, v] = tf.split(linear(h, w("attn.Wqkv"), w("attn.bqkv")), 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const x1 = tf.add(x, drop(linear(attend(q, k, v), w("attn.Wo"), w("attn.bo")))) as tf.Tensor2D;
  const h2 = layerNorm(x1, w("ln2.g"), w("ln2.b")) as tf.Tensor2D;
  const m = linear(gelu(linear(h2, w("mlp.W1"), w("mlp.b1"))) as tf.Tensor2D, w("mlp.W2"), w("mlp.b2"));
  return tf.add(x1, drop(m)) as tf.Tensor2D;
}

/** Final LayerNorm and the tied output projection: rows [N, d] → logits [N, V] = LN(x)·wteᵀ. */
export function outputLogits(p: TransformerParams, x: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(layerNorm(x, p["lnf.g"]!, p["lnf.b"]!) as tf.Tensor2D, p["wte"]! as tf.Tensor2D, false, true);
}

// CGCNN's forward pass (Xie & Grossman, PRL 120, 145301, 2018) with MEGNet-style element descriptors: atom features =
// embedding + Linear(Magpie descriptors); gated convolutions h_i ← softplus(h_i + LN(Σ_j σ(z_ij W_f) ⊙ softplus(z_ij W_s))),
// z_ij = [h_i, h_j, e_ij]; mean pooling over each crystal's atoms; an MLP head. One member's network per call.
import * as tf from "@tensorflow/tfjs";
import type { ParamMap } from "../training/optimizer.js";
import type { CgcnnNetwork } from "./config.js";

/** A batch graph as tensors (free with tf.dispose(Object.values(…))). */
export interface CgcnnInput {
  /** Atomic number of each atom [N] (int32). */
  readonly species: tf.Tensor1D;
  /** Crystal of each atom [N] (int32). */
  readonly atomCrystal: tf.Tensor1D;
  /** 1 / atoms of each crystal [B, 1]. */
  readonly inverseCounts: tf.Tensor2D;
  readonly senders: tf.Tensor1D;
  readonly receivers: tf.Tensor1D;
  /** Gaussian expansion of the edge lengths [E, K]. */
  readonly edges: tf.Tensor2D;
  /** The element descriptor table [numTypes, 22]. */
  readonly descriptors: tf.Tensor2D;
}

function param(p: ParamMap, name: string): tf.Variable {
  const v = p.get(name);
  if (!v) throw new Error(`CGCNN weights lack ${name}`);
  return v;
}

/** Layer normalisation over the last axis (ε = 1e-5). */
function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(gamma).add(beta) as tf.Tensor2D;
}

/**
 * One gated convolution: h_i ← softplus(h_i + LayerNorm(Σ_{edges j→i} σ(f_ij) ⊙ softplus(s_ij))) with
 * f_ij = h_i W_i + h_j W_j + e_ij W_e + b (weights `${prefix}.f.Wi`, …) and s_ij likewise (`${prefix}.s.Wi`, …); layer-norm
 * weights `${prefix}.norm.gamma` and `.beta`.
 */
export function gatedConvolution(p: ParamMap, prefix: string, h: tf.Tensor2D, input: Pick<CgcnnInput, "senders" | "receivers" | "edges">): tf.Tensor2D {
  const linear = (g: "f" | "s") =>
    tf.gather(tf.matMul(h, param(p, `${prefix}.${g}.Wi`)), input.receivers)
      .add(tf.gather(tf.matMul(h, param(p, `${prefix}.${g}.Wj`)), input.senders))
      .add(tf.matMul(input.edges, param(p, `${prefix}.${g}.We`)))
      .add(param(p, `${prefix}.${g}.b`));
  const messages = tf.sigmoid(linear("f")).mul(tf.softplus(linear("s"))) as tf.Tensor2D;
  const summed = tf.unsortedSegmentSum(messages, input.receivers, h.shape[0]) as tf.Tensor2D;
  return tf.softplus(h.add(layerNorm(summed, param(p, `${prefix}.norm.gamma`), param(p, `${prefix}.norm.beta`)))) as tf.Tensor2D;
}

/** Member m's prediction of the standardised target for each crystal [B]. Call inside tf.tidy or a gradient tape. */
export function cgcnnForward(p: ParamMap, n: CgcnnNetwork, member: number, input: CgcnnInput): tf.Tensor1D {
  const w = (name: string) => param(p, `m${member}.${name}`);
  const elementFeatures = w("embed").add(tf.matMul(input.descriptors, w("desc.W")).add(w("desc.b")));
  let h = tf.gather(elementFeatures, input.species) as tf.Tensor2D;
  for (let l = 0; l < n.layers; l++) h = gatedConvolution(p, `m${member}.conv${l}`, h, input);
  const numCrystals = input.inverseCounts.shape[0];
  const pooled = tf.unsortedSegmentSum(h, input.atomCrystal, numCrystals).mul(input.inverseCounts) as tf.Tensor2D;
  const hidden = tf.softplus(tf.matMul(pooled, w("head1.W")).add(w("head1.b"))) as tf.Tensor2D;
  return tf.matMul(hidden, w("head2.W")).add(w("head2.b")).reshape([numCrystals]) as tf.Tensor1D;
}

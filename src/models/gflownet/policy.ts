// The forward policy P_F(a | s): an MLP over the state encoding giving one logit per action, invalid actions masked
// out before the softmax; plus log Z, the learnt log partition function of trajectory balance.
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../util/random.js";
import type { ParamMap } from "../training/optimizer.js";

/** Sizes of the policy network. */
export interface PolicyShape {
  /** Length of the state encoding. */
  readonly inputs: number;
  /** Width of the hidden layers. */
  readonly hidden: number;
  /** Number of hidden layers. */
  readonly layers: number;
  /** Number of actions. */
  readonly actions: number;
}

/**
 * log Z is stored divided by this factor, so that Adam (whose steps are about lr per weight) moves it this many times
 * faster than the network weights: log Z must travel tens of nats while the weights move little.
 */
export const LOG_Z_SCALE = 10;

/** Logit added to masked actions (exp of it is 0 in float32). */
const MASKED_LOGIT = -1e9;

/** New policy weights: Linears U(−1/√fan_in, 1/√fan_in) (PyTorch's default) from the seed; log Z = 0. */
export function initPolicyParams(shape: PolicyShape, seed: number): ParamMap {
  const r = rng(seed);
  const params: ParamMap = new Map();
  const linear = (name: string, fanIn: number, fanOut: number) => {
    for (const [suffix, dims] of [["W", [fanIn, fanOut]], ["b", [fanOut]]] as const) {
      const v = new Float32Array(dims.reduce((a: number, b: number) => a * b, 1));
      for (let i = 0; i < v.length; i++) v[i] = (2 * r.next() - 1) / Math.sqrt(fanIn);
      const t = tf.tensor(v, [...dims]);
      params.set(`${name}.${suffix}`, tf.variable(t, true));
      t.dispose();
    }
  };
  let width = shape.inputs;
  for (let l = 0; l < shape.layers; l++) {
    linear(`layer${l}`, width, shape.hidden);
    width = shape.hidden;
  }
  linear("out", width, shape.actions);
  const z = tf.zeros([1]);
  params.set("logZ", tf.variable(z, true));
  z.dispose();
  return params;
}

/** log Z (nats) of the weights. */
export function logZ(params: ParamMap): tf.Scalar {
  return tf.tidy(() => params.get("logZ")!.mul(LOG_Z_SCALE).reshape([]) as tf.Scalar);
}

/** log P_F(· | s) of encoded states [T, inputs] under masks [T, actions] (1 = valid): −∞-like where masked. */
export function logPolicy(params: ParamMap, layers: number, states: tf.Tensor2D, masks: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    let h: tf.Tensor2D = states;
    for (let l = 0; l < layers; l++) h = tf.leakyRelu(tf.matMul(h, params.get(`layer${l}.W`)!).add(params.get(`layer${l}.b`)!), 0.01);
    const logits = tf.matMul(h, params.get("out.W")!).add(params.get("out.b")!);
    return tf.logSoftmax(logits.add(tf.scalar(1).sub(masks).mul(MASKED_LOGIT))) as tf.Tensor2D;
  });
}

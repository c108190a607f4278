// Adam with global-norm gradient clipping and an exponential moving average of the weights, with inspectable state
// (so checkpoints can store and restore it exactly).
import * as tf from "@tensorflow/tfjs";

/** Named trainable variables. */
export type ParamMap = Map<string, tf.Variable>;

/** Adam hyper-parameters. */
export interface AdamOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Clip the global gradient norm to this value (Infinity: no clipping). */
  clipNorm: number;
  /** EMA decay of the weights (0: EMA equals the weights). */
  emaDecay: number;
}

/** Default Adam settings (PyTorch's, plus clipping at 1 and EMA 0.999). */
export const ADAM_DEFAULTS: AdamOptions = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, clipNorm: 1, emaDecay: 0.999 };

/** Optimiser state: first and second moments, the EMA weights and the number of updates taken. */
export interface OptimizerState {
  m: ParamMap;
  v: ParamMap;
  ema: ParamMap;
  updates: number;
}

function like(params: ParamMap, fill: "zeros" | "copy"): ParamMap {
  const out: ParamMap = new Map();
  for (const [k, p] of params) out.set(k, tf.tidy(() => tf.variable(fill === "zeros" ? tf.zerosLike(p) : p.clone(), false)));
  return out;
}

/** Fresh optimiser state for these parameters (EMA starts at the current weights). */
export function initOptimizerState(params: ParamMap): OptimizerState {
  return { m: like(params, "zeros"), v: like(params, "zeros"), ema: like(params, "copy"), updates: 0 };
}

/** Frees the optimiser state's variables. */
export function disposeOptimizerState(s: OptimizerState): void {
  for (const map of [s.m, s.v, s.ema]) for (const t of map.values()) t.dispose();
}

/** Global L2 norm of gradients (a scalar tensor). */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}

/** One Adam update with learning rate lr of params from grads scaled by `scale` (clipping); then the EMA update (decay min(emaDecay, (1+t)/(10+t))). */
export function adamUpdate(params: ParamMap, grads: tf.NamedTensorMap, state: OptimizerState, lr: number, scale: number, o: AdamOptions): void {
  state.updates += 1;
  const t = state.updates;
  const c1 = 1 - o.beta1 ** t;
  const c2 = 1 - o.beta2 ** t;
  // EMA warm-up: the decay grows from 0.1 to emaDecay, so short runs are not dominated by the initial weights.
  const decay = Math.min(o.emaDecay, (1 + t) / (10 + t));
  tf.tidy(() => {
    for (const [name, p] of params) {
      const g0 = grads[name];
      if (!g0) continue;
      const g = scale === 1 ? g0 : g0.mul(scale);
      const m = state.m.get(name)!;
      const v = state.v.get(name)!;
      m.assign(m.mul(o.beta1).add(g.mul(1 - o.beta1)));
      v.assign(v.mul(o.beta2).add(g.square().mul(1 - o.beta2)));
      const stepT = m.div(c1).div(v.div(c2).sqrt().add(o.epsilon)).mul(lr);
      p.assign(p.sub(stepT));
      const e = state.ema.get(name)!;
      e.assign(e.mul(decay).add(p.mul(1 - decay)));
    }
  });
}

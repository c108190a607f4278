// The trajectory-balance objective (Malkin et al., NeurIPS 2022): for a complete trajectory τ ending in x,
// L(τ) = (log Z + Σ_t log P_F(s_{t+1} | s_t) − log R(x) − Σ_t log P_B(s_t | s_{t+1}))², with P_B = 1 on a tree.
import * as tf from "@tensorflow/tfjs";
import type { ParamMap } from "../training/optimizer.js";
import { logPolicy, logZ } from "./policy.js";
import type { Trajectory } from "./trajectories.js";

/** Trajectories packed for the loss: every step as a row, with its trajectory's index. */
export interface TrajectoryBatch {
  readonly states: tf.Tensor2D;
  readonly masks: tf.Tensor2D;
  readonly actions: tf.Tensor1D;
  readonly trajectory: tf.Tensor1D;
  /** log R (nats) per trajectory. */
  readonly logReward: tf.Tensor1D;
  readonly count: number;
}

/** Packs trajectories and their log-rewards (nats) into tensors. */
export function trajectoryBatch(trajectories: readonly Trajectory[], logRewards: ArrayLike<number>): TrajectoryBatch {
  const rows = trajectories.flatMap((t, i) => t.actions.map((a, k) => ({ i, a, e: t.encodings[k]!, m: t.masks[k]! })));
  const D = rows[0]!.e.length, A = rows[0]!.m.length;
  const x = new Float32Array(rows.length * D), m = new Float32Array(rows.length * A);
  rows.forEach((r, k) => {
    x.set(r.e, k * D);
    m.set(r.m, k * A);
  });
  return {
    states: tf.tensor2d(x, [rows.length, D]), masks: tf.tensor2d(m, [rows.length, A]),
    actions: tf.tensor1d(rows.map((r) => r.a), "int32"), trajectory: tf.tensor1d(rows.map((r) => r.i), "int32"),
    logReward: tf.tensor1d(Float32Array.from(logRewards)), count: trajectories.length,
  };
}

/** Σ_t log P_F of each trajectory of the batch (nats), shape [count]. */
export function trajectoryLogProbability(params: ParamMap, layers: number, batch: TrajectoryBatch): tf.Tensor1D {
  return tf.tidy(() => {
    const logp = logPolicy(params, layers, batch.states, batch.masks);
    const chosen = tf.sum(logp.mul(tf.oneHot(batch.actions as tf.Tensor1D, logp.shape[1])), 1);
    return tf.unsortedSegmentSum(chosen, batch.trajectory as tf.Tensor1D, batch.count) as tf.Tensor1D;
  });
}

/** The mean trajectory-balance loss of the batch (nats²). */
export function trajectoryBalanceLoss(params: ParamMap, layers: number, batch: TrajectoryBatch): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(trajectoryLogProbability(params, layers, batch).add(logZ(params)).sub(batch.logReward))) as tf.Scalar);
}

/** Frees a batch's tensors. */
export function disposeTrajectoryBatch(batch: TrajectoryBatch): void {
  tf.dispose([batch.states, batch.masks, batch.actions, batch.trajectory, batch.logReward]);
}

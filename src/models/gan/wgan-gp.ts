// The WGAN-GP objectives (Gulrajani et al. 2017): the critic minimises E[D(fake)] − E[D(real)] + λ E[(‖∇D(x̂)‖ − 1)²]
// on random interpolates x̂ of real and fake crystals; the generator minimises −E[D(fake)].
import * as tf from "@tensorflow/tfjs";
import type { CrystalTensors } from "./networks.js";

/** A critic: one score per crystal of a batch. */
export type Critic = (x: CrystalTensors) => tf.Tensor1D;

/** The parts of the critic's loss (scalars). */
export interface CriticLoss {
  /** E[D(fake)] − E[D(real)] + λ·penalty. */
  loss: tf.Scalar;
  /** The Wasserstein estimate E[D(real)] − E[D(fake)]. */
  wasserstein: tf.Scalar;
  /** E[(‖∇D(x̂)‖ − 1)²]. */
  penalty: tf.Scalar;
}

/** x̂ = ε·real + (1 − ε)·fake per crystal, ε [B] in [0, 1], on lattice, coordinates and element probabilities alike. */
export function interpolate(real: CrystalTensors, fake: CrystalTensors, eps: tf.Tensor1D): CrystalTensors {
  return tf.tidy(() => {
    const mix = <T extends tf.Tensor>(r: T, f: T): T => {
      const e = eps.reshape([-1, ...r.shape.slice(1).map(() => 1)]);
      return tf.add(tf.mul(r, e), tf.mul(f, tf.sub(1, e))) as T;
    };
    return { lattice: mix(real.lattice, fake.lattice), frac: mix(real.frac, fake.frac), probs: mix(real.probs, fake.probs) };
  });
}

/**
 * The gradient penalty E[(‖∇ₓD(x)‖ − 1)²] over a batch, the norm taken over all critic inputs of each crystal (lattice,
 * coordinates, element probabilities). Differentiable with respect to the critic's weights (a second-order gradient).
 */
export function gradientPenalty(critic: Critic, x: CrystalTensors): tf.Scalar {
  return tf.tidy(() => {
    const f = (lattice: tf.Tensor, frac: tf.Tensor, probs: tf.Tensor) =>
      tf.sum(critic({ lattice: lattice as tf.Tensor2D, frac: frac as tf.Tensor3D, probs: probs as tf.Tensor3D }));
    const [gl, gf, gp] = tf.grads(f)([x.lattice, x.frac, x.probs]) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const sq = tf.addN([tf.sum(tf.square(gl), 1), tf.sum(tf.square(gf), [1, 2]), tf.sum(tf.square(gp), [1, 2])]);
    return tf.mean(tf.square(tf.sub(tf.sqrt(tf.add(sq, 1e-12)), 1))) as tf.Scalar;
  });
}

/** The critic's loss on a real and a fake batch of the same size, with interpolation weights ε [B] and penalty weight λ. */
export function criticLoss(critic: Critic, real: CrystalTensors, fake: CrystalTensors, eps: tf.Tensor1D, gpWeight: number): CriticLoss {
  return tf.tidy(() => {
    const wasserstein = tf.sub(tf.mean(critic(real)), tf.mean(critic(fake))) as tf.Scalar;
    const penalty = gpWeight > 0 ? gradientPenalty(critic, interpolate(real, fake, eps)) : tf.scalar(0);
    return { loss: tf.add(tf.neg(wasserstein), tf.mul(penalty, gpWeight)) as tf.Scalar, wasserstein, penalty };
  });
}

/** The generator's loss −E[D(fake)]. */
export function generatorLoss(critic: Critic, fake: CrystalTensors): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(critic(fake))) as tf.Scalar);
}

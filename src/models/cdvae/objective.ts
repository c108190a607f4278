// CDVAE's training objective on one batch: the noisy decoder input drawn on the host (seeded), the KL term, and the
// weighted sum of the reconstruction terms (atom count, lattice, composition, coordinate scores, types, property).
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../../representations/batch.js";
import type { Rng } from "../../util/random.js";
import { type SigmaTable, sigmaSchedule, sigmaTable, wrappedNormalNegScore } from "../diffcsp/schedules.js";
import type { CdvaeFamilyConfig, CdvaeNoise } from "./config.js";

/** The coordinate σ table (index 1 … L) and the type-noise weights τ of the noise levels. */
export interface NoiseLevels extends SigmaTable {
  typeSigmas: Float64Array;
  levels: number;
}

/** The noise levels of a config: σ_ℓ and τ_ℓ geometric, ℓ = 1 (least noise) … L. */
export function noiseLevels(n: CdvaeNoise): NoiseLevels {
  return { ...sigmaTable(n.levels, n.sigmaBegin, n.sigmaEnd), typeSigmas: sigmaSchedule(n.levels, n.typeSigmaBegin, n.typeSigmaEnd), levels: n.levels };
}

/** The decoder's time input of level ℓ (1 … L) on CSPNet's 0 … 1000 scale. */
export function levelTime(level: number, levels: number): number {
  return (1000 * level) / levels;
}

/** Host arrays of one batch's noisy decoder input and its targets. */
export interface NoisyDecoderInput {
  /** Noise level of each crystal, 1 … L (B). */
  level: Int32Array;
  noisyFrac: Float32Array;
  noisySpecies: Int32Array;
  /** Normalised negative wrapped-normal score of each coordinate's displacement (N×3). */
  targetScore: Float32Array;
}

/**
 * Draws a noise level per crystal, displaces every fractional coordinate by wrapped N(0, σ_ℓ²) and redraws every atom's
 * type from one-hot(true type) + τ_ℓ · (the crystal's composition fractions); crystal b's draws come from its own
 * stream random[b], in a fixed order.
 */
export function noisyDecoderInput(batch: Batch, t: NoiseLevels, random: readonly Rng[]): NoisyDecoderInput {
  const B = batch.numCrystals, N = batch.species.length;
  const level = Int32Array.from({ length: B }, (_, b) => 1 + random[b]!.int(t.levels));
  const noisyFrac = new Float32Array(3 * N), targetScore = new Float32Array(3 * N), noisySpecies = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const l = level[batch.crystalIndex[i]!]!;
    const sigma = t.sigmas[l]!, norm = Math.sqrt(t.norms[l]!);
    for (let k = 0; k < 3; k++) {
      const d = sigma * random[batch.crystalIndex[i]!]!.normal();
      const v = batch.fracCoords[3 * i + k]! + d;
      noisyFrac[3 * i + k] = v - Math.floor(v);
      targetScore[3 * i + k] = wrappedNormalNegScore(d, sigma) / norm;
    }
  }
  for (let b = 0; b < B; b++) {
    const o = batch.atomOffset[b]!, n = batch.numAtoms[b]!, tau = t.typeSigmas[level[b]!]!;
    // P(type z) ∝ [z is the atom's own type] + τ · count(z) / n: keep it with probability (1 + τ c/n) / (1 + τ).
    for (let i = o; i < o + n; i++) {
      const u = random[b]!.next() * (1 + tau);
      if (u < 1) noisySpecies[i] = batch.species[i]!;
      else noisySpecies[i] = batch.species[o + Math.min(n - 1, Math.floor(((u - 1) / tau) * n))]!;
    }
  }
  return { level, noisyFrac, noisySpecies, targetScore };
}

/** KL(N(μ, σ²) ‖ N(0, I)) summed over latent dimensions and averaged over the batch: −½ Σ (1 + log σ² − μ² − σ²). */
export function klDivergence(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.scalar(1).add(logvar).sub(mu.square()).sub(logvar.exp()), 1).mul(-0.5).mean() as tf.Scalar);
}

/** z = μ + exp(½ log σ²) · ε with ε given (drawn by the caller from the step's seeded generator). */
export function reparameterise(mu: tf.Tensor2D, logvar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => mu.add(logvar.mul(0.5).exp().mul(eps)) as tf.Tensor2D);
}

/** β of the KL term after `step` steps: linear warm-up from 0 to the configured β. */
export function klWeight(loss: CdvaeFamilyConfig["loss"], step: number): number {
  return loss.klWarmupSteps > 0 ? loss.beta * Math.min(1, step / loss.klWarmupSteps) : loss.beta;
}

/** Per-crystal composition fractions over the K atom types (B×K): the targets of the composition head. */
export function compositionFractions(batch: Batch, K: number): Float32Array {
  const out = new Float32Array(batch.numCrystals * K);
  for (let i = 0; i < batch.species.length; i++) {
    const b = batch.crystalIndex[i]!;
    out[b * K + batch.species[i]!]! += 1 / batch.numAtoms[b]!;
  }
  return out;
}

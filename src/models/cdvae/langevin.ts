// CDVAE's decoder sampler: annealed Langevin dynamics (Song & Ermon 2019) on fractional coordinates from the largest
// noise level to the smallest, with the atom types set to the score network's most likely allowed element at every step
// (as CDVAE's `langevin_dynamics`), and a final denoising step x + σ₁² · score (Tweedie's formula).
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../../util/random.js";
import { decodeTypes } from "../common/type-decoding.js";
import type { CspnetOutput } from "../cspnet/index.js";
import type { NoiseLevels } from "./objective.js";

/** One chunk to decode: atom count N, the initial types, the model's score network and the sampler settings. */
export interface LangevinChunk {
  numAtoms: number;
  species: Int32Array;
  numTypes: number;
  allowed: readonly number[];
  levels: NoiseLevels;
  stepsPerLevel: number;
  /** Step size at level ℓ as a multiple of σ_ℓ². */
  stepScale: number;
  random: Rng;
  /** The z-conditioned decoder at noise level ℓ (call inside tf.tidy). */
  predict(species: tf.Tensor1D, frac: tf.Tensor2D, level: number): CspnetOutput;
  onStep?(): void;
}

/** Runs the sampler: returns the final types and fractional coordinates (N×3, wrapped into [0, 1)). */
export function annealedLangevin(c: LangevinChunk): { species: Int32Array; fracCoords: Float32Array } {
  const N = c.numAtoms;
  let species = c.species;
  let x = Float32Array.from({ length: 3 * N }, () => c.random.next());
  const step = (level: number, eta: number, noise: number) => {
    const out = tf.tidy(() => {
      const p = c.predict(tf.tensor1d(species, "int32"), tf.tensor2d(x, [N, 3]), level);
      return { coord: p.coord.dataSync() as Float32Array, types: p.typeLogits!.dataSync() as Float32Array };
    });
    // The network predicts −score / √E[score²]: the update is x − η √E[score²] · prediction (+ noise).
    const scale = eta * Math.sqrt(c.levels.norms[level]!);
    x = Float32Array.from(x, (v, k) => {
      const y = v - scale * out.coord[k]! + noise * c.random.normal();
      return y - Math.floor(y);
    });
    species = decodeTypes(out.types, N, c.numTypes, c.allowed);
    c.onStep?.();
  };
  for (let level = c.levels.levels; level >= 1; level--) {
    const sigma = c.levels.sigmas[level]!;
    const eta = c.stepScale * sigma * sigma;
    for (let s = 0; s < c.stepsPerLevel; s++) step(level, eta, Math.sqrt(2 * eta));
  }
  const s1 = c.levels.sigmas[1]!;
  step(1, s1 * s1, 0);
  return { species, fracCoords: x };
}

// CDVAE's decoder sampler: annealed Langevin dynamics (Song & Ermon 2019) on fractional coordinates from the largest
// noise level to the smallest, with the atom types re-read from the score network's type logits at every step (as
// CDVAE's `langevin_dynamics`) — by default as the assignment of the composition head's atom counts to the atoms that
// maximises the summed logits, so the decoded crystal keeps the composition the heads chose, or, as CDVAE does, each
// atom's most likely type — and a final denoising step x + σ₁² · score (Tweedie's formula).
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../../util/random.js";
import type { CspnetOutput } from "../cspnet/index.js";
import type { NoiseLevels } from "./objective.js";
import { tidyData } from "../common/tidy-data.js";

/**
 * Atom types of one chunk from type logits (N × K, row-major): in each crystal (atoms offset … offset + n − 1), the
 * element counts `counts[b]` are assigned greedily by decreasing logit, each atom getting one element and each element
 * at most its count.
 */
export function assignTypes(logits: ArrayLike<number>, K: number, offsets: ArrayLike<number>, sizes: ArrayLike<number>, counts: readonly ReadonlyMap<number, number>[]): Int32Array {
  const out = new Int32Array(logits.length / K);
  counts.forEach((c, b) => {
    const o = offsets[b]!, n = sizes[b]!;
    const left = new Map(c);
    const pairs: [number, number, number][] = [];
    for (let i = o; i < o + n; i++) for (const z of c.keys()) pairs.push([logits[i * K + z]!, i, z]);
    pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
    const done = new Set<number>();
    for (const [, i, z] of pairs) {
      if (done.has(i) || left.get(z)! <= 0) continue;
      out[i] = z;
      done.add(i);
      left.set(z, left.get(z)! - 1);
    }
  });
  return out;
}

/**
 * Atom types of one chunk from type logits (N × K, row-major) by CDVAE's rule: each atom takes its most likely type
 * among the allowed atomic numbers (ties to the smaller Z); the composition may drift from the head's.
 */
export function argmaxTypes(logits: ArrayLike<number>, K: number, allowed: readonly number[]): Int32Array {
  const out = new Int32Array(logits.length / K);
  for (let i = 0; i < out.length; i++) {
    let best = allowed[0]!;
    for (const z of allowed) if (logits[i * K + z]! > logits[i * K + best]!) best = z;
    out[i] = best;
  }
  return out;
}

/** How the sampler sets atom types at each step: keep the composition head's counts, or follow the decoder (CDVAE). */
export type TypeRule = "composition" | "decoder";

/** One chunk to decode: atom count N, the initial types, the model's score network and the sampler settings. */
export interface LangevinChunk {
  numAtoms: number;
  species: Int32Array;
  numTypes: number;
  /** Each crystal's first atom, its atom count and its element counts (from the composition head). */
  offsets: ArrayLike<number>;
  sizes: ArrayLike<number>;
  counts: readonly ReadonlyMap<number, number>[];
  /** "composition": types keep `counts`; "decoder": each atom's most likely type among `allowed`. */
  typeRule: TypeRule;
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
    const out = tidyData(() => {
      const p = c.predict(tf.tensor1d(species, "int32"), tf.tensor2d(x, [N, 3]), level);
      return { coord: p.coord, types: p.typeLogits! };
    });
    // The network predicts −score / √E[score²]: the update is x − η √E[score²] · prediction (+ noise).
    const scale = eta * Math.sqrt(c.levels.norms[level]!);
    x = Float32Array.from(x, (v, k) => {
      const y = v - scale * out.coord[k]! + noise * c.random.normal();
      return y - Math.floor(y);
    });
    species = c.typeRule === "decoder" ? argmaxTypes(out.types, c.numTypes, c.allowed) : assignTypes(out.types, c.numTypes, c.offsets, c.sizes, c.counts);
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

// DiffCSP (Jiao et al., NeurIPS 2023): score matching with the wrapped normal on the torus for fractional coordinates,
// DDPM (ε-prediction, cosine schedule) on the lattice matrix, predictor–corrector sampling; for de novo generation the
// one-hot atom types are diffused with the same DDPM and decoded by argmax over the elements seen in training.
import * as tf from "@tensorflow/tfjs";
import type { Structure } from "../../crystal/structure.js";
import type { Batch } from "../../representations/batch.js";
import type { Rng } from "../../util/random.js";
import { type DenoiserFamilyConfig, denoiserConfig } from "../common/denoiser-config.js";
import { DenoiserModel, type NoisyBatch, type SampleChunk, type SampledChunk } from "../common/denoiser-model.js";
import type { OptionValues } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { type BetaSchedule, type SigmaTable, cosineBetaSchedule, sigmaTable, wrappedNormalNegScore } from "./schedules.js";

/** Clip (Å) of the predicted clean lattice entries when the config has none (perovskite cells have entries below 10 Å). */
export const DEFAULT_LATTICE_CLIP = 25;

/**
 * Weight of the atom-type ε loss against the coordinate and lattice losses: DiffCSP's `cost_type: 20` in
 * `conf/model/diffusion_w_type.yaml` (the type MSE averages over 100 classes, so an unweighted term barely trains).
 */
export const DIFFCSP_TYPE_LOSS_WEIGHT = 20;

/** DiffCSP's block of the model config. */
export interface DiffcspFamilyConfig extends DenoiserFamilyConfig {
  /** Timesteps T, wrapped-normal σ range, corrector step size, clip of predicted lattice entries (Å; 1.5× the training maximum). */
  diffusion: { timesteps: number; sigmaBegin: number; sigmaEnd: number; stepLr: number; latticeClip?: number };
}

/**
 * A DiffCSP model config from checked create options (DiffCSP defaults: T 1000, σ 0.005 → 0.5, step_lr 1e-5, type loss
 * weight 20; CSPNet hidden 128, 4 layers, 10 frequencies, time embedding 64, at most 20 atoms).
 */
export function diffcspConfig(o: OptionValues = {}): ModelConfig<DiffcspFamilyConfig> {
  const base = denoiserConfig("diffcsp", o, DIFFCSP_TYPE_LOSS_WEIGHT);
  const num = (k: string, d: number) => (o[k] as number | undefined) ?? d;
  return {
    ...base,
    familyConfig: { ...base.familyConfig, diffusion: { timesteps: num("timesteps", 1000), sigmaBegin: num("sigmaBegin", 0.005), sigmaEnd: num("sigmaEnd", 0.5), stepLr: num("stepLr", 1e-5) } },
  };
}

/** DiffCSP: crystal structure prediction (task "csp") or de novo generation (task "gen"). */
export class DiffCsp extends DenoiserModel<DiffcspFamilyConfig> {
  private betas: BetaSchedule;
  private sigmas: SigmaTable;

  constructor(family: ModelFamily, config: ModelConfig<DiffcspFamilyConfig>) {
    super(family, config);
    const d = config.familyConfig.diffusion;
    this.betas = cosineBetaSchedule(d.timesteps);
    this.sigmas = sigmaTable(d.timesteps, d.sigmaBegin, d.sigmaEnd);
  }

  /**
   * Posterior mean of a DDPM step from t to tPrev with the predicted clean state x̂₀ = (x − √(1−ᾱ) ε̂)/√ᾱ clipped to
   * [lo, hi] (Ho et al.'s clip_denoised): mean = k₀ x̂₀ + k_t x. Near t = T, 1/√α_t reaches 100 with the clipped cosine
   * schedule, and an imperfect ε̂ would otherwise throw the state far outside the data. Identical to DiffCSP's
   * c0 (x − c1 ε̂) whenever x̂₀ is inside the range; without a finite range it is that update.
   */
  private ddpmStep<T extends tf.Tensor>(x: T, eps: T, abar: number, abarPrev: number, alpha: number, c0: number, c1: number, lo: number, hi: number): T {
    if (!(Number.isFinite(lo) && Number.isFinite(hi))) return x.sub(eps.mul(c1)).mul(c0) as T;
    const x0 = tf.clipByValue(x.sub(eps.mul(Math.sqrt(1 - abar))).div(Math.sqrt(abar)), lo, hi);
    const k0 = (Math.sqrt(abarPrev) * (1 - alpha)) / (1 - abar);
    const kt = (Math.sqrt(alpha) * (1 - abarPrev)) / (1 - abar);
    return x0.mul(k0).add(x.mul(kt)) as T;
  }

  protected defaultSteps(): number {
    return this.config.familyConfig.diffusion.timesteps;
  }

  /** Diffusion step t (T … 1) as 1 − t/T: 0 at the prior. */
  protected normalisedTime(t: number): number {
    return 1 - t / this.config.familyConfig.diffusion.timesteps;
  }

  /** The clip of predicted clean lattice entries: 1.5× the largest |entry| (Å) in the training data. */
  protected fitDataStats(structures: readonly Structure[]): DiffcspFamilyConfig {
    let maxEntry = 0;
    for (const s of structures) for (const v of s.lattice.matrix) maxEntry = Math.max(maxEntry, Math.abs(v));
    const f = this.config.familyConfig;
    return { ...f, diffusion: { ...f.diffusion, latticeClip: 1.5 * maxEntry } };
  }

  protected noisyBatch(batch: Batch, random: readonly Rng[]): NoisyBatch {
    const T = this.config.familyConfig.diffusion.timesteps;
    const B = batch.numCrystals;
    const N = batch.species.length;
    const t = Int32Array.from({ length: B }, (_, b) => 1 + random[b]!.int(T));
    // Lattice: L_t = √ᾱ L_0 + √(1−ᾱ) ε, target ε.
    const epsL = Float32Array.from({ length: 9 * B }, (_, j) => random[Math.floor(j / 9)]!.normal());
    const Lt = new Float32Array(9 * B);
    for (let b = 0; b < B; b++) {
      const ab = this.betas.alphasCumprod[t[b]!]!;
      for (let k = 0; k < 9; k++) Lt[9 * b + k] = Math.sqrt(ab) * batch.lattices[9 * b + k]! + Math.sqrt(1 - ab) * epsL[9 * b + k]!;
    }
    // Coordinates: f_t = f_0 + σ ε (mod 1), target = −score(σ ε; σ) / √E[score²].
    const xt = new Float32Array(3 * N);
    const tarX = new Float32Array(3 * N);
    for (let i = 0; i < N; i++) {
      const tb = t[batch.crystalIndex[i]!]!;
      const sigma = this.sigmas.sigmas[tb]!;
      const norm = Math.sqrt(this.sigmas.norms[tb]!);
      for (let k = 0; k < 3; k++) {
        const d = sigma * random[batch.crystalIndex[i]!]!.normal();
        const v = batch.fracCoords[3 * i + k]! + d;
        xt[3 * i + k] = v - Math.floor(v);
        tarX[3 * i + k] = wrappedNormalNegScore(d, sigma) / norm;
      }
    }
    let types: tf.Tensor;
    let targetTypes: tf.Tensor2D | undefined;
    if (this.task === "gen") {
      const K = this.config.familyConfig.network.numTypes;
      const noisy = new Float32Array(N * K);
      const eps = new Float32Array(N * K);
      for (let i = 0; i < N; i++) {
        const ab = this.betas.alphasCumprod[t[batch.crystalIndex[i]!]!]!;
        for (let k = 0; k < K; k++) {
          const e = random[batch.crystalIndex[i]!]!.normal();
          eps[i * K + k] = e;
          noisy[i * K + k] = Math.sqrt(ab) * (k === batch.species[i] ? 1 : 0) + Math.sqrt(1 - ab) * e;
        }
      }
      types = tf.tensor2d(noisy, [N, K]);
      targetTypes = tf.tensor2d(eps, [N, K]);
    } else types = tf.tensor1d(batch.species, "int32");
    return {
      input: { types, fracCoords: tf.tensor2d(xt, [N, 3]), lattices: tf.tensor3d(Lt, [B, 3, 3]), time: tf.tensor1d(Float32Array.from(t)) },
      targetCoord: tf.tensor2d(tarX, [N, 3]),
      targetLattice: tf.tensor3d(epsL, [B, 3, 3]),
      ...(targetTypes ? { targetTypes } : {}),
    };
  }

  protected generate(chunk: SampleChunk): SampledChunk {
    const { batch, random } = chunk;
    const d = this.config.familyConfig.diffusion;
    const stepLr = (chunk.settings.stepLr as number | undefined) ?? d.stepLr;
    const T = d.timesteps;
    const B = batch.numCrystals;
    const N = batch.species.length;
    const K = this.config.familyConfig.network.numTypes;
    const gen = this.task === "gen";
    const normal = (n: number, scale = 1) => Float32Array.from({ length: n }, () => scale * random.normal());
    // With fewer steps than T, visit an evenly spaced subset of timesteps (T … 1).
    const times = Array.from({ length: chunk.steps }, (_, i) => Math.max(1, Math.round(T - (i * (T - 1)) / Math.max(1, chunk.steps - 1))));
    let x = tf.tensor2d(Float32Array.from({ length: 3 * N }, () => random.next()), [N, 3]);
    let L = tf.tensor3d(normal(9 * B), [B, 3, 3]);
    let types: tf.Tensor = gen ? tf.tensor2d(normal(N * K), [N, K]) : chunk.species!;
    const clip = d.latticeClip ?? DEFAULT_LATTICE_CLIP;
    const latticeClip = clip > 0 ? clip : Infinity;
    for (let s = 0; s < times.length; s++) {
      const t = times[s]!;
      const tPrev = s + 1 < times.length ? times[s + 1]! : 0;
      const sigma = this.sigmas.sigmas[t]!;
      const sigmaPrev = this.sigmas.sigmas[tPrev]!;
      const scoreScale = Math.sqrt(this.sigmas.norms[t]!);
      const abar = this.betas.alphasCumprod[t]!;
      const abarPrev = this.betas.alphasCumprod[tPrev]!;
      // DDPM step between possibly non-adjacent timesteps (reduces to DiffCSP's c0, c1, σ_t when tPrev = t − 1).
      const alpha = abar / abarPrev;
      const c0 = 1 / Math.sqrt(alpha);
      const c1 = (1 - alpha) / Math.sqrt(1 - abar);
      const sig = tPrev > 0 ? Math.sqrt(((1 - alpha) * (1 - abarPrev)) / (1 - abar)) : 0;
      const next = tf.tidy(() => {
        // Corrector: one Langevin step on the coordinates at σ_t.
        const corrStep = stepLr * (sigma / d.sigmaBegin) ** 2;
        const p1 = chunk.predict(types, x, L, t);
        const x05 = x.sub(p1.coord.mul(corrStep * scoreScale)).add(tf.tensor2d(normal(3 * N, Math.sqrt(2 * corrStep)), [N, 3])) as tf.Tensor2D;
        const x05w = x05.sub(tf.floor(x05)) as tf.Tensor2D;
        // Predictor: reverse step of the wrapped-normal SDE from σ_t to σ_prev, and the DDPM step for lattice (and types).
        const p2 = chunk.predict(types, x05w, L, t);
        const predStep = sigma * sigma - sigmaPrev * sigmaPrev;
        const predStd = Math.sqrt((sigmaPrev * sigmaPrev * predStep) / (sigma * sigma));
        const x1 = x05w.sub(p2.coord.mul(predStep * scoreScale)).add(tf.tensor2d(normal(3 * N, predStd), [N, 3]));
        const L1 = this.ddpmStep(L, p2.lattice, abar, abarPrev, alpha, c0, c1, -latticeClip, latticeClip).add(tf.tensor3d(normal(9 * B, sig), [B, 3, 3])) as tf.Tensor3D;
        // Types: the clean state is a one-hot vector, so its prediction is clipped to [0, 1].
        const ty = gen ? this.ddpmStep(types, p2.typeLogits!, abar, abarPrev, alpha, c0, c1, 0, 1).add(tf.tensor2d(normal(N * K, sig), [N, K])) : types;
        return { x: x1.sub(tf.floor(x1)) as tf.Tensor2D, L: L1, types: ty };
      });
      tf.dispose([x, L, ...(gen ? [types] : [])]);
      x = next.x;
      L = next.L;
      types = next.types;
      chunk.onStep();
    }
    return this.readSampled(x, L, gen ? types : null, batch);
  }
}

// FlowMM-style flow matching (Miller et al., ICML 2024) on the same CSPNet denoiser. Fractional coordinates follow
// geodesics of the flat torus from a uniform prior (velocity = shortest periodic difference x₁ − x₀, its mean over the
// crystal removed: a rigid translation is not a different crystal); the lattice follows straight lines between a
// standard normal prior and the standardised parameters of the Niggli cell (ln lengths, logit angles; lattice-params.ts),
// predicted from the invariant lattice head; de novo atom types follow straight lines from a standard normal prior to
// one-hot vectors. Sampling integrates the ODE with Euler steps.
import * as tf from "@tensorflow/tfjs";
import { reducedStructure } from "../../crystal/reduced-structure.js";
import type { Structure } from "../../crystal/structure.js";
import type { Batch } from "../../representations/batch.js";
import type { Rng } from "../../util/random.js";
import { type DenoiserFamilyConfig, denoiserConfig } from "../common/denoiser-config.js";
import { DenoiserModel, type NoisyBatch, type SampleChunk, type SampledChunk } from "../common/denoiser-model.js";
import type { CspnetOutput } from "../cspnet/index.js";
import { ModelConfigError } from "../errors.js";
import type { OptionValues } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { DEFAULT_LATTICE_STATS, type LatticeParamStats, fitLatticeStats, latticesFromStandard, standardLatticeParams } from "./lattice-params.js";

/** Time scale of the denoiser's time embedding: flow time t ∈ [0, 1] enters as 1000·t, like diffusion steps. */
const TIME_SCALE = 1000;
/** Scale of the coordinate velocity target: the std of a uniform displacement on [−½, ½), 1/√12 (the network predicts u/COORD_SCALE). */
export const COORD_SCALE = 1 / Math.sqrt(12);

/** FlowMM's block of the model config. */
export interface FlowmmFamilyConfig extends DenoiserFamilyConfig {
  /**
   * Default number of Euler steps, inference anti-annealing s′ of the coordinate velocity (scaled by 1 + s′t; absent = 0),
   * standardisation of the lattice parameters (lattice-params.ts).
   */
  flow: { steps: number; antiAnneal?: number; latticeStats: LatticeParamStats };
}

/** A FlowMM model config from checked create options (100 Euler steps, no anti-annealing, type loss weight 1). */
export function flowmmConfig(o: OptionValues = {}): ModelConfig<FlowmmFamilyConfig> {
  const base = denoiserConfig("flowmm", o, 1);
  return {
    ...base,
    familyConfig: { ...base.familyConfig, flow: { steps: (o.steps as number | undefined) ?? 100, antiAnneal: (o.antiAnneal as number | undefined) ?? 0, latticeStats: DEFAULT_LATTICE_STATS } },
  };
}

/** Shortest signed periodic difference, in [−0.5, 0.5). */
export function torusDifference(d: number): number {
  return d - Math.round(d);
}

/** FlowMM: flow matching for crystal structure prediction ("csp") or de novo generation ("gen"). */
export class FlowMm extends DenoiserModel<FlowmmFamilyConfig> {
  constructor(family: ModelFamily, config: ModelConfig<FlowmmFamilyConfig>) {
    if (!config.familyConfig?.flow?.latticeStats)
      throw new ModelConfigError("this FlowMM checkpoint predates the lattice-parameter representation (no flow.latticeStats in config.json): retrain it");
    super(family, config);
  }

  protected defaultSteps(): number {
    return this.config.familyConfig.flow.steps;
  }

  /** The flow time enters the denoiser as 1000·t; t itself is already 0 at the prior and 1 at the data. */
  protected normalisedTime(time: number): number {
    return time / TIME_SCALE;
  }

  /** Training cells are Niggli-reduced, so that their angles lie in the range the logit maps. */
  protected override trainingView(structures: readonly Structure[]): readonly Structure[] {
    return structures.map((s) => reducedStructure(s));
  }

  protected fitDataStats(structures: readonly Structure[]): FlowmmFamilyConfig {
    const f = this.config.familyConfig;
    return { ...f, flow: { ...f.flow, latticeStats: fitLatticeStats(structures.map((s) => s.lattice.matrix)) } };
  }

  /** The first six invariant lattice-head outputs: the velocity of the standardised lattice parameters. */
  protected override latticePrediction(out: CspnetOutput): tf.Tensor {
    return out.latticeInvariant.slice([0, 0], [-1, 6]);
  }

  protected noisyBatch(batch: Batch, random: readonly Rng[]): NoisyBatch {
    const stats = this.config.familyConfig.flow.latticeStats;
    const B = batch.numCrystals;
    const N = batch.species.length;
    const t = Float64Array.from({ length: B }, (_, b) => random[b]!.next());
    // Lattice: z_t = (1 − t) z₀ + t z₁ in standardised parameter space, target z₁ − z₀.
    const zt = new Float32Array(6 * B);
    const uz = new Float32Array(6 * B);
    for (let b = 0; b < B; b++) {
      const z1 = standardLatticeParams(batch.lattices.subarray(9 * b, 9 * b + 9), stats);
      for (let k = 0; k < 6; k++) {
        const z0 = random[b]!.normal();
        zt[6 * b + k] = (1 - t[b]!) * z0 + t[b]! * z1[k]!;
        uz[6 * b + k] = z1[k]! - z0;
      }
    }
    // Coordinates: geodesic velocity u = x₁ − x₀ (shortest image) minus its mean over the crystal; x_t = x₀ + t u.
    const x0 = Float64Array.from({ length: 3 * N }, (_, j) => random[batch.crystalIndex[Math.floor(j / 3)]!]!.next());
    const u = new Float64Array(3 * N);
    const mean = new Float64Array(3 * B);
    const count = new Float64Array(B);
    for (let i = 0; i < N; i++) {
      const b = batch.crystalIndex[i]!;
      count[b]! += 1;
      for (let k = 0; k < 3; k++) {
        u[3 * i + k] = torusDifference(batch.fracCoords[3 * i + k]! - x0[3 * i + k]!);
        mean[3 * b + k]! += u[3 * i + k]!;
      }
    }
    const xt = new Float32Array(3 * N);
    const ux = new Float32Array(3 * N);
    for (let i = 0; i < N; i++) {
      const b = batch.crystalIndex[i]!;
      for (let k = 0; k < 3; k++) {
        const uc = u[3 * i + k]! - mean[3 * b + k]! / count[b]!;
        const v = x0[3 * i + k]! + t[b]! * uc;
        xt[3 * i + k] = v - Math.floor(v);
        ux[3 * i + k] = uc / COORD_SCALE;
      }
    }
    let types: tf.Tensor;
    let targetTypes: tf.Tensor2D | undefined;
    if (this.task === "gen") {
      const K = this.config.familyConfig.network.numTypes;
      const at = new Float32Array(N * K);
      const ua = new Float32Array(N * K);
      for (let i = 0; i < N; i++) {
        const tb = t[batch.crystalIndex[i]!]!;
        for (let k = 0; k < K; k++) {
          const a0 = random[batch.crystalIndex[i]!]!.normal();
          const a1 = k === batch.species[i] ? 1 : 0;
          at[i * K + k] = (1 - tb) * a0 + tb * a1;
          ua[i * K + k] = a1 - a0;
        }
      }
      types = tf.tensor2d(at, [N, K]);
      targetTypes = tf.tensor2d(ua, [N, K]);
    } else types = tf.tensor1d(batch.species, "int32");
    return {
      input: { types, fracCoords: tf.tensor2d(xt, [N, 3]), lattices: tf.tensor3d(latticesFromStandard(zt, stats), [B, 3, 3]), time: tf.tensor1d(Float32Array.from(t, (v) => v * TIME_SCALE)) },
      targetCoord: tf.tensor2d(ux, [N, 3]),
      targetLattice: tf.tensor2d(uz, [B, 6]),
      ...(targetTypes ? { targetTypes } : {}),
    };
  }

  protected generate(chunk: SampleChunk): SampledChunk {
    const { batch, random } = chunk;
    const stats = this.config.familyConfig.flow.latticeStats;
    const B = batch.numCrystals;
    const N = batch.species.length;
    const K = this.config.familyConfig.network.numTypes;
    const gen = this.task === "gen";
    const dt = 1 / chunk.steps;
    const antiAnneal = (chunk.settings.antiAnneal as number | undefined) ?? this.config.familyConfig.flow.antiAnneal ?? 0;
    let x = tf.tensor2d(Float32Array.from({ length: 3 * N }, () => random.next()), [N, 3]);
    const z = Float32Array.from({ length: 6 * B }, () => random.normal());
    let types: tf.Tensor = gen ? tf.tensor2d(Float32Array.from({ length: N * K }, () => random.normal()), [N, K]) : chunk.species!;
    const lattices = () => tf.tensor3d(latticesFromStandard(z, stats), [B, 3, 3]);
    for (let s = 0; s < chunk.steps; s++) {
      const next = tf.tidy(() => {
        const t = s * dt;
        const v = chunk.predict(types, x, lattices(), t * TIME_SCALE);
        const x1 = x.add(v.coord.mul(dt * COORD_SCALE * (1 + antiAnneal * t)));
        const vz = v.latticeInvariant.dataSync();
        for (let b = 0; b < B; b++) for (let k = 0; k < 6; k++) z[6 * b + k]! += dt * vz[9 * b + k]!;
        return { x: x1.sub(tf.floor(x1)) as tf.Tensor2D, types: gen ? types.add(v.typeLogits!.mul(dt)) : types };
      });
      tf.dispose([x, ...(gen ? [types] : [])]);
      x = next.x;
      types = next.types;
      chunk.onStep();
    }
    return this.readSampled(x, lattices(), gen ? types : null, batch);
  }
}

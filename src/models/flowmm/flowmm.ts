// FlowMM-style flow matching (Miller et al., ICML 2024) on the same CSPNet denoiser: fractional coordinates follow
// geodesics of the flat torus from a uniform prior (velocity = shortest periodic difference x₁ − x₀), the lattice matrix
// and (de novo) the one-hot atom types follow straight lines from a standard normal prior; sampling integrates the ODE
// with Euler steps.
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../../representations/batch.js";
import type { Rng } from "../../util/random.js";
import { type DenoiserModelOptions, baseModelConfig } from "../common/model-options.js";
import { DenoiserModel, type NoisyBatch, type SampleChunk, type SampledChunk } from "../common/denoiser-model.js";
import type { ModelConfig } from "../types.js";

/** Time scale of the denoiser's time embedding: flow time t ∈ [0, 1] enters as 1000·t, like diffusion steps. */
const TIME_SCALE = 1000;

/** Options of a new FlowMM model. */
export interface FlowmmOptions extends DenoiserModelOptions {
  /** Default number of Euler steps when sampling. */
  steps?: number;
}

/** A FlowMM model config from options. */
export function flowmmConfig(o: FlowmmOptions = {}): ModelConfig {
  return { ...baseModelConfig("flowmm", o), flow: { steps: o.steps ?? 100, typeLossWeight: o.typeLossWeight ?? 1 } };
}

/** Shortest signed periodic difference, in [−0.5, 0.5). */
export function torusDifference(d: number): number {
  return d - Math.round(d);
}

/** FlowMM: flow matching for crystal structure prediction ("csp") or de novo generation ("gen"). */
export class FlowMm extends DenoiserModel {
  constructor(config: ModelConfig = flowmmConfig()) {
    super(config);
  }

  /** Creates a model from options. */
  static create(options: FlowmmOptions = {}): FlowMm {
    return new FlowMm(flowmmConfig(options));
  }

  protected defaultSteps(): number {
    return this.config.flow!.steps;
  }

  protected noisyBatch(batch: Batch, random: Rng): NoisyBatch {
    const B = batch.numCrystals;
    const N = batch.species.length;
    const t = Float64Array.from({ length: B }, () => random.next());
    const L0 = Float32Array.from({ length: 9 * B }, () => random.normal());
    const Lt = new Float32Array(9 * B);
    const uL = new Float32Array(9 * B);
    for (let k = 0; k < 9 * B; k++) {
      const tb = t[Math.floor(k / 9)]!;
      Lt[k] = (1 - tb) * L0[k]! + tb * batch.lattices[k]!;
      uL[k] = batch.lattices[k]! - L0[k]!;
    }
    const xt = new Float32Array(3 * N);
    const ux = new Float32Array(3 * N);
    for (let i = 0; i < N; i++) {
      const tb = t[batch.crystalIndex[i]!]!;
      for (let k = 0; k < 3; k++) {
        const x0 = random.next();
        const u = torusDifference(batch.fracCoords[3 * i + k]! - x0);
        const v = x0 + tb * u;
        xt[3 * i + k] = v - Math.floor(v);
        ux[3 * i + k] = u;
      }
    }
    let types: tf.Tensor;
    let targetTypes: tf.Tensor2D | undefined;
    if (this.config.task === "gen") {
      const K = this.config.network.numTypes;
      const at = new Float32Array(N * K);
      const ua = new Float32Array(N * K);
      for (let i = 0; i < N; i++) {
        const tb = t[batch.crystalIndex[i]!]!;
        for (let k = 0; k < K; k++) {
          const a0 = random.normal();
          const a1 = k === batch.species[i] ? 1 : 0;
          at[i * K + k] = (1 - tb) * a0 + tb * a1;
          ua[i * K + k] = a1 - a0;
        }
      }
      types = tf.tensor2d(at, [N, K]);
      targetTypes = tf.tensor2d(ua, [N, K]);
    } else types = tf.tensor1d(batch.species, "int32");
    return {
      input: { types, fracCoords: tf.tensor2d(xt, [N, 3]), lattices: tf.tensor3d(Lt, [B, 3, 3]), time: tf.tensor1d(Float32Array.from(t, (v) => v * TIME_SCALE)) },
      targetCoord: tf.tensor2d(ux, [N, 3]),
      targetLattice: tf.tensor3d(uL, [B, 3, 3]),
      ...(targetTypes ? { targetTypes } : {}),
    };
  }

  protected generate(chunk: SampleChunk): SampledChunk {
    const { batch, random } = chunk;
    const B = batch.numCrystals;
    const N = batch.species.length;
    const K = this.config.network.numTypes;
    const gen = this.config.task === "gen";
    const dt = 1 / chunk.steps;
    let x = tf.tensor2d(Float32Array.from({ length: 3 * N }, () => random.next()), [N, 3]);
    let L = tf.tensor3d(Float32Array.from({ length: 9 * B }, () => random.normal()), [B, 3, 3]);
    let types: tf.Tensor = gen ? tf.tensor2d(Float32Array.from({ length: N * K }, () => random.normal()), [N, K]) : chunk.species!;
    for (let s = 0; s < chunk.steps; s++) {
      const next = tf.tidy(() => {
        const v = chunk.predict(types, x, L, s * dt * TIME_SCALE);
        const x1 = x.add(v.coord.mul(dt));
        return { x: x1.sub(tf.floor(x1)) as tf.Tensor2D, L: L.add(v.lattice.mul(dt)) as tf.Tensor3D, types: gen ? types.add(v.typeLogits!.mul(dt)) : types };
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

// A WGAN-GP generative model of fixed-size crystals (CubicGAN / PGCGM style): noise → lattice parameters, coordinates and
// element probabilities, judged by a permutation-invariant periodic critic. Trained by the shared loop, each step being
// nCritic critic updates and one generator update; diagnostics of mode collapse are recorded every N steps.
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { reducedStructure } from "../../crystal/reduced-structure.js";
import type { Structure } from "../../crystal/structure.js";
import { loadDataset } from "../../datasets/load.js";
import type { ReferenceSet } from "../../metrics/evaluate.js";
import { type Rng, rng } from "../../util/random.js";
import { initBackend } from "../backend/index.js";
import { readCheckpoint, writeCheckpoint } from "../common/checkpoint-format.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { describeTrainingData, namedTrainingData, resolveTrainSettings, resumedStart, runTraining, savedRun } from "../common/training-run.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { fitLatticeStats } from "../flowmm/lattice-params.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import { readCheckpointJson, writeFileAtomic } from "../training/checkpoint.js";
import type { Descend, StepOutcome, TrainSettings, TrainTask } from "../training/loop.js";
import { ADAM_DEFAULTS, type OptimizerState, type ParamMap, initOptimizerState } from "../training/optimizer.js";
import { mixSeed } from "../training/schedule.js";
import { disposeParams, loadFreshWeights, loadTrainState, saveState } from "../training/state-io.js";
import type { GenerativeModel, ModelConfig, SampleRequest, TrainOptions, TrainReport, TrainingData, TrainingRecord } from "../types.js";
import { type GanFamilyConfig, validateGanConfig } from "./config.js";
import { type CrystalArrays, type ElementDraw, crystalArrays, decodeCrystals, slotElements } from "./crystal-arrays.js";
import { type GanDiagnostics, type LossMeans, sampleDiagnostics } from "./diagnostics.js";
import { type CrystalTensors, type GanShape, criticForward, generatorForward, initGanParams, playerParams, slotLogitOffsets } from "./networks.js";
import { criticLoss, generatorLoss } from "./wgan-gp.js";
import { tidyData } from "../common/tidy-data.js";

/**
 * The GAN's training defaults: Adam(β₁ 0.5, β₂ 0.9) at a constant 1e-4 as in WGAN-GP, 64 crystals per critic update,
 * gradient clipping at global norm 1000 (a guard only), EMA 0.995 of the weights for sampling (a horizon of about 200
 * generator updates: GAN runs here are a few thousand steps).
 */
export const GAN_TRAIN_SETTINGS: TrainSettings = {
  epochs: 100, batchSize: 64, lr: 1e-4, seed: 0, schedule: { kind: "constant", warmupSteps: 0, lrMin: 1e-4 },
  adam: { ...ADAM_DEFAULTS, beta1: 0.5, beta2: 0.9, clipNorm: 1000, emaDecay: 0.995 },
};

/** The file of the diagnostics in a checkpoint directory. */
export const DIAGNOSTICS_FILE = "diagnostics.json";

/** Noise of one batch of fake crystals: z [b, latentDim] and Gumbel noise of the element draws [b, N, K]. */
interface FakeNoise {
  z: tf.Tensor2D;
  gumbel: tf.Tensor3D;
}

/** One generator step's tensors: per critic update a real batch, its fake noise and interpolation weights ε; the generator's noise. */
interface GanBatch {
  real: CrystalTensors[];
  criticNoise: FakeNoise[];
  mixing: tf.Tensor1D[];
  generatorNoise: FakeNoise;
}

/** A WGAN-GP crystal generator (family `gan`, task gen). */
export class Gan implements GenerativeModel {
  private current: ModelConfig<GanFamilyConfig>;
  private params: ParamMap | null = null;
  private optimizer: OptimizerState | null = null;
  private diagnosticsLog: GanDiagnostics | null = null;

  constructor(readonly family: ModelFamily, config: ModelConfig<GanFamilyConfig>) {
    validateGanConfig(config);
    this.current = config;
    if (config.familyConfig.numAtoms !== null) this.params = initGanParams(this.shape(), config.seed);
  }

  /** The model's config (replaced, never mutated, by training and loading). */
  get config(): ModelConfig<GanFamilyConfig> {
    return this.current;
  }

  /** The diagnostics recorded while training (null before any record). */
  get diagnostics(): GanDiagnostics | null {
    return this.diagnosticsLog;
  }

  private shape(): GanShape {
    return ganShape(this.current);
  }

  /** How elements are read by default: drawn, as the critic saw them in training (gumbel-st), or argmax (softmax). */
  private defaultDraw(): ElementDraw {
    return this.current.familyConfig.elementGradient === "gumbel-st" ? "sample" : "argmax";
  }

  private slotOffsets(): tf.Tensor2D {
    return slotLogitOffsets(this.current.familyConfig.slotElements!, this.current.elements!);
  }

  // ---------------------------------------------------------------------------------------------- training
  async train(data: TrainingData, requested: TrainOptions = {}): Promise<TrainReport> {
    // The critic reads the spread of the batch it sees, each thread's share of a critic batch with several threads: the
    // run depends on the thread count, so a gan trains on one thread unless workers is given.
    const options: TrainOptions = { ...requested, workers: requested.workers ?? 1 };
    const entry = this.current; // the config a data-parallel worker starts from
    const { name, split, structures: given } = namedTrainingData(data);
    const settings = checkOptions(this.family.trainSettings, options.settings, "gan training setting");
    if (options.initFrom) throw new ModelRequestError("initFrom", "gan models do not fine-tune; continue a run with resume");
    this.checkTrainingData(given, name);
    const structures = given.map((s) => reducedStructure(s));
    const backend = (await initBackend()).name;
    const nCritic = this.current.familyConfig.nCritic;
    const run = resolveTrainSettings({ ...options, batchSize: (options.batchSize ?? GAN_TRAIN_SETTINGS.batchSize) * nCritic }, GAN_TRAIN_SETTINGS, this.current.seed, structures.length);
    let start = { startStep: 0, priorSeconds: 0, lastLoss: null as number | null };
    if (options.resume) {
      const saved = savedRun(options, this.family, this.current);
      this.adopt(saved.config as ModelConfig<GanFamilyConfig>);
      this.optimizer = initOptimizerState(this.params!);
      loadTrainState(saved.dir, saved.state, this.params!, this.optimizer);
      this.diagnosticsLog = readDiagnostics(saved.dir);
      start = resumedStart(this.current, run);
    } else {
      const described = describeTrainingData(structures, this.current.maxAtoms);
      const f = this.current.familyConfig;
      this.adopt({ ...this.current, ...described, familyConfig: { ...f, numAtoms: structures[0]!.species.length, slotElements: slotElements(structures, structures[0]!.species.length), latticeStats: fitLatticeStats(structures.map((s) => s.lattice.matrix)) } });
      this.optimizer = initOptimizerState(this.params!);
      this.diagnosticsLog = null;
    }
    const arrays = crystalArrays(structures, this.current.familyConfig.numAtoms!, this.current.elements!, this.current.familyConfig.latticeStats);
    const every = (settings.diagnosticsEvery as number | undefined) ?? 500;
    const sampleCount = (settings.diagnosticsSamples as number | undefined) ?? 256;
    const refName = settings.diagnosticsReference as string | undefined;
    const reference = every > 0 ? await diagnosticsReference(refName, data, given) : null;
    const offsets = this.slotOffsets();
    const sums = { criticLoss: 0, generatorLoss: 0, wasserstein: 0, gradientPenalty: 0, steps: 0 };
    const task: TrainTask<GanBatch> = {
      params: this.params!,
      numExamples: structures.length,
      prepare: (shard) => this.prepare(arrays, shard.indices, shard.random),
      // Each critic batch is a block of the step's batch: with several ranks, each takes its slice of every critic batch.
      shardBlocks: nCritic,
      step: async (batch, descend) => {
        const outcome = await this.step(batch, descend, offsets);
        for (const k of ["criticLoss", "generatorLoss", "wasserstein", "gradientPenalty"] as const) sums[k] += outcome.parts![k]!;
        sums.steps += 1;
        return outcome;
      },
      dispose: (b) => tf.dispose([...b.real.flatMap((r) => [r.lattice, r.frac, r.probs]), ...[...b.criticNoise, b.generatorNoise].flatMap((f) => [f.z, f.gumbel]), ...b.mixing]),
      describe: (idx) => idx.map((i) => String(structures[i]!.properties?.["id"] ?? `#${i}`)),
      afterStep: async (stepsDone, rank) => {
        if (!reference || rank > 0 || stepsDone % every !== 0) return;
        const n = Math.max(1, sums.steps);
        const means: LossMeans = { criticLoss: sums.criticLoss / n, generatorLoss: sums.generatorLoss / n, wasserstein: sums.wasserstein / n, gradientPenalty: sums.gradientPenalty / n };
        const window = sums.steps;
        Object.assign(sums, { criticLoss: 0, generatorLoss: 0, wasserstein: 0, gradientPenalty: 0, steps: 0 });
        const samples = this.generate(this.optimizer!.ema, sampleCount, mixSeed(run.seed, 3, stepsDone), this.defaultDraw(), 256);
        const log = (this.diagnosticsLog ??= { reference: reference.label, every, samples: sampleCount, records: [] });
        log.records.push({ step: stepsDone, window, ...means, ...(await sampleDiagnostics(samples, reference.set)) });
      },
    };
    try {
      return await runTraining({
        task, optimizer: this.optimizer!, settings: run, start, options, backend,
        data: { name, split, count: structures.length },
        record: (training: TrainingRecord) => (this.current = { ...this.current, training }),
        save: (dir) => this.save(dir),
        replica: { family: this.family.name, config: entry, data },
      });
    } finally {
      offsets.dispose();
    }
  }

  /** Replaces the config (a trained one) and builds fresh weights from its seed, freeing the old weights and optimiser. */
  private adopt(config: ModelConfig<GanFamilyConfig>): void {
    validateGanConfig(config);
    this.dispose();
    this.current = config;
    this.params = initGanParams(this.shape(), config.seed);
  }

  private checkTrainingData(structures: readonly Structure[], name: string): void {
    if (structures.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    const N = structures[0]!.species.length;
    if (N > this.current.maxAtoms) throw new ModelRequestError("data", `dataset ${name}: crystals of ${N} atoms exceed this model's maxAtoms ${this.current.maxAtoms}`);
    const odd = structures.findIndex((s) => s.species.length !== N);
    if (odd >= 0)
      throw new ModelRequestError("data", `dataset ${name} structure ${odd} has ${structures[odd]!.species.length} atoms, structure 0 has ${N}: a gan model generates one atom count (train on crystals of one size)`);
  }

  /**
   * The nCritic critic batches and the generator's noise of a step. Row j of critic batch k draws its noise from the
   * stream of example k·b + j; row j of the generator's noise continues the stream of example j.
   */
  private prepare(a: CrystalArrays, indices: readonly number[], random: readonly Rng[]): GanBatch {
    const { nCritic, latentDim, numAtoms: N } = this.current.familyConfig;
    const K = this.current.elements!.length;
    const L = indices.length;
    const b = Math.max(1, Math.floor(L / nCritic));
    const noise = (k: number): FakeNoise => ({
      z: tf.tensor2d(Float32Array.from({ length: b * latentDim }, (_, i) => random[(k * b + Math.floor(i / latentDim)) % L]!.normal()), [b, latentDim]),
      gumbel: tf.tensor3d(Float32Array.from({ length: b * N! * K }, (_, i) => -Math.log(-Math.log(Math.max(1e-12, random[(k * b + Math.floor(i / (N! * K))) % L]!.next())))), [b, N!, K]),
    });
    const real: CrystalTensors[] = [], criticNoise: FakeNoise[] = [], mixing: tf.Tensor1D[] = [];
    for (let k = 0; k < nCritic; k++) {
      const rows = Array.from({ length: b }, (_, j) => indices[(k * b + j) % L]!);
      const lattice = Float32Array.from(rows.flatMap((m) => Array.from(a.lattice.subarray(6 * m, 6 * m + 6))));
      const frac = Float32Array.from(rows.flatMap((m) => Array.from(a.frac.subarray(3 * N! * m, 3 * N! * (m + 1)))));
      const types = Int32Array.from(rows.flatMap((m) => Array.from(a.types.subarray(N! * m, N! * (m + 1)))));
      real.push(tf.tidy(() => ({
        lattice: tf.tensor2d(lattice, [b, 6]), frac: tf.tensor3d(frac, [b, N!, 3]), probs: tf.oneHot(tf.tensor1d(types, "int32"), K).toFloat().reshape([b, N!, K]) as tf.Tensor3D,
      })));
      criticNoise.push(noise(k));
      mixing.push(tf.tensor1d(Float32Array.from({ length: b }, (_, j) => random[(k * b + j) % L]!.next())));
    }
    return { real, criticNoise, mixing, generatorNoise: noise(0) };
  }

  /** nCritic critic updates (WGAN-GP) and one generator update; reports the mean critic loss and every part. */
  private async step(batch: GanBatch, descend: Descend, offsets: tf.Tensor2D): Promise<StepOutcome> {
    const params = this.params!;
    const stats = this.current.familyConfig.latticeStats;
    const critic = (x: CrystalTensors) => criticForward(params, x, stats);
    const straightThrough = this.current.familyConfig.elementGradient === "gumbel-st";
    const fakeOf = (noise: FakeNoise): CrystalTensors => {
      const g = generatorForward(params, this.shape(), noise.z, offsets);
      return { lattice: g.lattice, frac: g.frac, probs: straightThrough ? straightThroughDraw(tf.add(g.logits, noise.gumbel)) : (tf.softmax(g.logits) as tf.Tensor3D) };
    };
    const criticParams = playerParams(params, "critic");
    let [lossSum, wSum, gpSum, norm] = [0, 0, 0, 0];
    for (const [k, real] of batch.real.entries()) {
      const fake = tf.tidy(() => fakeOf(batch.criticNoise[k]!));
      try {
        const r = await descend((report) => {
          const c = criticLoss(critic, real, fake, batch.mixing[k]!, this.current.familyConfig.gpWeight);
          report("wasserstein", c.wasserstein);
          report("gradientPenalty", c.penalty);
          return c.loss;
        }, criticParams);
        [lossSum, wSum, gpSum, norm] = [lossSum + r.loss, wSum + r.parts!["wasserstein"]!, gpSum + r.parts!["gradientPenalty"]!, r.gradNorm];
      } finally {
        tf.dispose([fake.lattice, fake.frac, fake.probs]);
      }
    }
    const g = await descend(() => generatorLoss(critic, fakeOf(batch.generatorNoise)), playerParams(params, "gen"));
    const n = batch.real.length;
    return { loss: lossSum / n, gradNorm: norm, parts: { criticLoss: lossSum / n, generatorLoss: g.loss, wasserstein: wSum / n, gradientPenalty: gpSum / n } };
  }

  // ---------------------------------------------------------------------------------------------- sampling
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.current);
    if (!this.params) throw new ModelConfigError("this gan model has not been trained: it has no generator to sample from");
    await initBackend();
    const draw = (req.settings.elementDraw as ElementDraw | undefined) ?? this.defaultDraw();
    return this.generate(this.optimizer ? this.optimizer.ema : this.params, req.n, req.seed, draw, req.batchSize, request.onProgress);
  }

  /** n crystals from the generator with weights `weights`: z and element draws from the seed, in chunks of `batchSize`. */
  private generate(weights: ParamMap, n: number, seed: number, draw: ElementDraw, batchSize: number, onProgress?: (done: number, total: number) => void): Structure[] {
    const shape = this.shape();
    const random = rng(seed);
    const out: Structure[] = [];
    const offsets = this.slotOffsets();
    for (let start = 0; start < n; start += batchSize) {
      const B = Math.min(batchSize, n - start);
      const arrays = tidyData(() => {
        const z = tf.tensor2d(Float32Array.from({ length: B * shape.latentDim }, () => random.normal()), [B, shape.latentDim]);
        const g = generatorForward(weights, shape, z, offsets);
        return { lattice: g.lattice, frac: g.frac, logits: g.logits };
      });
      out.push(...decodeCrystals(arrays, shape.numAtoms, this.current.elements!, this.current.familyConfig.latticeStats, draw, random));
      onProgress?.(out.length, n);
    }
    offsets.dispose();
    return out;
  }

  // ---------------------------------------------------------------------------------------------- checkpoints
  async save(dir: string): Promise<void> {
    if (!this.params) throw new ModelConfigError("this gan model has not been trained: there are no weights to save");
    const state = saveState(dir, this.params, this.optimizer);
    if (this.diagnosticsLog) writeFileAtomic(join(dir, DIAGNOSTICS_FILE), `${JSON.stringify(this.diagnosticsLog, null, 1)}\n`);
    writeCheckpoint(dir, this.current, state);
  }

  async load(dir: string): Promise<void> {
    const { config, state } = readCheckpoint(dir, this.family);
    const saved = config as ModelConfig<GanFamilyConfig>;
    validateGanConfig(saved);
    if (saved.familyConfig.numAtoms === null) throw new ModelConfigError(`checkpoint ${dir}: saved before training (no atom count)`);
    await initBackend();
    const fresh = loadFreshWeights(dir, state, () => initGanParams(ganShape(saved), saved.seed));
    this.dispose();
    this.current = saved;
    this.params = fresh;
    this.diagnosticsLog = readDiagnostics(dir);
  }

  dispose(): void {
    if (this.params) disposeParams(this.params, this.optimizer);
    this.params = null;
    this.optimizer = null;
  }
}

/** Temperature τ of the Gumbel-softmax whose gradient the straight-through element draw takes. */
export const GUMBEL_TEMPERATURE = 5;

/**
 * One-hot of the largest entry of each row of `scores` [B, N, K] (the Gumbel-max draw when scores = logits + Gumbel noise)
 * with the gradient of softmax(scores/τ): softmax + (one-hot − softmax) held constant.
 */
function straightThroughDraw(scores: tf.Tensor): tf.Tensor3D {
  const soft = tf.softmax(tf.div(scores, GUMBEL_TEMPERATURE));
  const offset = tf.tidy(() => tf.sub(tf.oneHot(tf.argMax(soft, 2), soft.shape[2]!).toFloat(), soft));
  const constant = tf.tensor(offset.dataSync(), offset.shape); // a new tensor: off the gradient tape
  offset.dispose();
  return tf.add(soft, constant) as tf.Tensor3D;
}

/** The network sizes of a trained config (numAtoms and elements fitted). */
function ganShape(c: ModelConfig<GanFamilyConfig>): GanShape {
  const f = c.familyConfig;
  return { latentDim: f.latentDim, generatorHidden: f.generatorHidden, criticHidden: f.criticHidden, numAtoms: f.numAtoms!, numElements: c.elements!.length };
}

/** The diagnostics saved in a checkpoint directory, or null when it has none. */
function readDiagnostics(dir: string): GanDiagnostics | null {
  return existsSync(join(dir, DIAGNOSTICS_FILE)) ? readCheckpointJson<GanDiagnostics>(dir, DIAGNOSTICS_FILE) : null;
}

/**
 * The reference of the diagnostics' COV: the split named "DATASET:SPLIT" (e.g. "perov_5:select"), else the training data
 * itself (COV then measures how much of the training set the generator covers, not generalisation).
 * @throws ModelRequestError (field diagnosticsReference) when the name is not DATASET:SPLIT
 */
async function diagnosticsReference(name: string | undefined, data: TrainingData, structures: readonly Structure[]): Promise<{ label: string; set: ReferenceSet }> {
  if (name !== undefined) {
    const m = /^([^:]+):([^:]+)$/.exec(name);
    if (!m) throw new ModelRequestError("diagnosticsReference", `diagnosticsReference must be DATASET:SPLIT, e.g. perov_5:select (got ${JSON.stringify(name)})`);
    return { label: name, set: await loadDataset(m[1]!, m[2]!) };
  }
  const covCutoffs = Array.isArray(data) ? undefined : (data as ReferenceSet).covCutoffs;
  return { label: "training data", set: { name: "training data", structures, ...(covCutoffs ? { covCutoffs } : {}) } };
}

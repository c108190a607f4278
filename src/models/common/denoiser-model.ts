// What DiffCSP and FlowMM share: a CSPNet denoiser, data validation, the training wiring (loss = MSE of the coordinate,
// lattice and type targets), classifier-free guidance, request validation, and checkpoints (config.json + weights).
import * as tf from "@tensorflow/tfjs";
import { latticeFromMatrix } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { type Batch, batchStructures, unbatch } from "../../representations/batch.js";
import { type Rng, rng } from "../../util/random.js";
import { initBackend } from "../backend/index.js";
import { type CrystalGraph, type CspnetInput, type CspnetOutput, type CspnetParams, crystalGraph, cspnetForward, disposeCrystalGraph, initCspnetParams } from "../cspnet/index.js";
import { writeFileAtomic } from "../training/checkpoint.js";
import { ModelConfigError } from "../training/errors.js";
import { type TrainSettings, type TrainTask, trainLoop } from "../training/loop.js";
import { ADAM_DEFAULTS, type OptimizerState, disposeOptimizerState, initOptimizerState } from "../training/optimizer.js";
import { type StateManifests, loadTrainState, loadWeights, saveState } from "../training/state-io.js";
import { readCheckpointJson } from "../training/checkpoint.js";
import type { GenerativeModel, ModelConfig, ModelTrainOptions, SampleRequest, TrainReport, TrainingData } from "../types.js";
import { speciesFromFormula } from "./formula.js";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/** The noisy state of a training batch and the targets the denoiser must predict. */
export interface NoisyBatch {
  input: Omit<CspnetInput, "condition">;
  targetCoord: tf.Tensor2D;
  /** Lattice target in the family's representation (DiffCSP: ε of the matrix [B, 3, 3]; FlowMM: parameter velocity [B, 6]). */
  targetLattice: tf.Tensor;
  targetTypes?: tf.Tensor2D;
}

/** Everything a family's sampler needs for one chunk of crystals. */
export interface SampleChunk {
  batch: Batch;
  graph: CrystalGraph;
  /** Fixed atom types (CSP) or null (de novo: types are generated). */
  species: tf.Tensor1D | null;
  steps: number;
  random: Rng;
  /** The denoiser with guidance applied, on the sampling (EMA) weights; call inside tf.tidy. */
  predict(types: tf.Tensor, x: tf.Tensor2D, lattices: tf.Tensor3D, time: number): CspnetOutput;
  onStep(): void;
}

/** A sampled chunk: atom types, fractional coordinates (N×3) and lattices (B×9). */
export interface SampledChunk {
  species: ArrayLike<number>;
  fracCoords: Float32Array;
  lattices: Float32Array;
}

type Prepared = { graph: CrystalGraph; noisy: NoisyBatch; condition: tf.Tensor2D | null; names: string[] };

/** Saved checkpoint: the config plus the weight manifests. */
interface CheckpointJson extends ModelConfig {
  state: StateManifests;
}

/** The default training settings (Adam 1e-3, cosine to 1e-5 after 1 % warm-up, clip 1, EMA 0.999). */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  epochs: 100, batchSize: 256, lr: 1e-3, seed: 0, schedule: { kind: "cosine", warmupSteps: 50, lrMin: 1e-5 }, adam: { ...ADAM_DEFAULTS },
};

/** Base class of the CSPNet-denoiser families. */
export abstract class DenoiserModel implements GenerativeModel {
  config: ModelConfig;
  protected params: CspnetParams;
  protected optimizer: OptimizerState | null = null;

  constructor(config: ModelConfig) {
    validateConfig(config);
    this.config = config;
    this.params = initCspnetParams(config.network, config.seed);
  }

  /** Draws the noisy state and targets of a training batch. */
  protected abstract noisyBatch(batch: Batch, random: Rng): NoisyBatch;
  /** Runs the reverse process / ODE for one chunk. */
  protected abstract generate(chunk: SampleChunk): SampledChunk;
  /** Number of denoiser evaluations per sampling step (for progress). */
  protected abstract defaultSteps(): number;
  /** The family's statistics of the training data, stored in the config (e.g. DiffCSP's lattice clip). */
  protected abstract fitDataStats(structures: readonly Structure[]): Partial<ModelConfig>;

  /** The structures as the family trains on them (FlowMM: Niggli-reduced cells); the default keeps them. */
  protected trainingView(structures: readonly Structure[]): readonly Structure[] {
    return structures;
  }

  /** The denoiser output compared with NoisyBatch.targetLattice (default: the equivariant 3×3 output). */
  protected latticePrediction(out: CspnetOutput): tf.Tensor {
    return out.lattice;
  }

  // ---------------------------------------------------------------------------------------------- training
  async train(data: TrainingData, options: ModelTrainOptions = {}): Promise<TrainReport> {
    const given = Array.isArray(data) ? (data as readonly Structure[]) : (data as { structures: readonly Structure[] }).structures;
    const name = Array.isArray(data) ? "structures" : (data as { name: string }).name;
    const split = Array.isArray(data) ? "" : (data as { split: string }).split;
    this.checkTrainingData(given, name);
    const structures = this.trainingView(given);
    const backend = (await initBackend()).name;
    const settings: TrainSettings = {
      ...DEFAULT_TRAIN_SETTINGS,
      epochs: options.epochs ?? DEFAULT_TRAIN_SETTINGS.epochs,
      batchSize: Math.min(options.batchSize ?? DEFAULT_TRAIN_SETTINGS.batchSize, structures.length),
      lr: options.lr ?? DEFAULT_TRAIN_SETTINGS.lr,
      seed: options.seed ?? this.config.seed,
    };
    let startStep = 0;
    let priorSeconds = 0;
    let initFrom: NonNullable<ModelConfig["training"]>["initFrom"];
    if (options.initFrom) {
      if (options.resume) throw new ModelConfigError("resume and initFrom exclude each other: resume continues a run, initFrom starts a new one");
      initFrom = this.startFrom(options.initFrom);
    }
    if (options.typeLossWeight !== undefined) {
      if (options.resume) throw new ModelConfigError("typeLossWeight cannot change in a resumed run (it keeps the weight it started with)");
      this.setTypeLossWeight(options.typeLossWeight);
    }
    if (!this.optimizer) this.optimizer = initOptimizerState(this.params);
    if (options.resume) {
      if (!options.checkpointDir) throw new ModelConfigError("resume needs checkpointDir");
      const saved = readModelCheckpoint(options.checkpointDir);
      if (saved.family !== this.config.family || saved.task !== this.config.task) throw new ModelConfigError(`checkpoint ${options.checkpointDir} is a ${saved.family}/${saved.task} model, not ${this.config.family}/${this.config.task}`);
      loadTrainState(options.checkpointDir, saved.state, this.params, this.optimizer);
      this.config = stripState(saved);
      startStep = saved.training?.stepsDone ?? 0;
      priorSeconds = saved.training?.wallSeconds ?? 0;
      Object.assign(settings, saved.training?.settings ?? {});
      initFrom = saved.training?.initFrom;
    } else if (!options.initFrom) {
      this.describeData(structures);
    }
    const t0 = performance.now();
    let lastLoss: number | null = this.config.training?.lastLoss ?? null;
    const record = (stepsDone: number, totalSteps: number) => {
      this.config = { ...this.config, training: { dataset: name, split, count: structures.length, settings, stepsDone, totalSteps, wallSeconds: priorSeconds + (performance.now() - t0) / 1000, backend, lastLoss, ...(initFrom ? { initFrom } : {}) } };
    };
    const task: TrainTask<Prepared> = {
      params: this.params,
      numExamples: structures.length,
      prepare: (idx, random) => this.prepare(idx.map((i) => structures[i]!), random),
      loss: (p) => this.loss(p),
      dispose: (p) => {
        disposeCrystalGraph(p.graph);
        tf.dispose([...Object.values(p.noisy.input), p.noisy.targetCoord, p.noisy.targetLattice, ...(p.noisy.targetTypes ? [p.noisy.targetTypes] : []), ...(p.condition ? [p.condition] : [])]);
      },
      describe: (idx) => idx.map((i) => String(structures[i]!.properties?.["id"] ?? `#${i}`)),
    };
    let totalSteps = 0;
    const { stepsDone, losses } = await trainLoop(task, this.optimizer, settings, {
      startStep,
      ...(options.stopAfterSteps !== undefined ? { stopAfterSteps: options.stopAfterSteps } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      ...(options.checkpointEvery !== undefined ? { checkpointEvery: options.checkpointEvery } : {}),
      onStep: (s) => {
        lastLoss = s.loss;
        totalSteps = s.totalSteps;
        options.onStep?.(s);
      },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.checkpointDir
        ? { checkpoint: async (n: number) => { record(n, totalSteps); await this.save(options.checkpointDir!); } }
        : {}),
    });
    record(stepsDone, totalSteps);
    return { stepsDone, totalSteps, losses, wallSeconds: (performance.now() - t0) / 1000, backend };
  }

  /** Loads a checkpoint's EMA weights as the starting weights and adopts its data statistics (fine-tuning). */
  private startFrom(dir: string): NonNullable<ModelConfig["training"]>["initFrom"] {
    const saved = readModelCheckpoint(dir);
    if (saved.family !== this.config.family || saved.task !== this.config.task) throw new ModelConfigError(`checkpoint ${dir} is a ${saved.family}/${saved.task} model, not ${this.config.family}/${this.config.task}`);
    if (JSON.stringify(saved.network) !== JSON.stringify(this.config.network)) throw new ModelConfigError(`checkpoint ${dir} has another architecture (${JSON.stringify(saved.network)}) than this model (${JSON.stringify(this.config.network)})`);
    if (this.optimizer) throw new ModelConfigError("initFrom needs a model that has not been trained yet");
    loadWeights(dir, saved.state, this.params);
    const { training, ...config } = stripState(saved);
    this.config = { ...config, seed: this.config.seed };
    return { checkpoint: dir, stepsDone: (training?.initFrom?.stepsDone ?? 0) + (training?.stepsDone ?? 0), wallSeconds: (training?.initFrom?.wallSeconds ?? 0) + (training?.wallSeconds ?? 0) };
  }

  private checkTrainingData(structures: readonly Structure[], name: string): void {
    if (structures.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    structures.forEach((s, i) => this.checkAtoms(s.species, `dataset ${name} structure ${i}${s.properties?.["id"] !== undefined ? ` (${String(s.properties["id"])})` : ""}`));
    const c = this.config.condition;
    if (c) {
      const bad = structures.findIndex((s) => typeof s.properties?.[c.property] !== "number" || !Number.isFinite(s.properties[c.property] as number));
      if (bad >= 0) {
        const has = structures.some((s) => s.properties && c.property in s.properties);
        throw new ModelConfigError(has ? `dataset ${name}: structure ${bad} has no numeric value of ${c.property}` : `dataset ${name} has no column ${c.property} to condition on`);
      }
    }
  }

  private checkAtoms(species: ArrayLike<number>, where: string): void {
    if (species.length > this.config.maxAtoms) throw new ModelConfigError(`${where} has ${species.length} atoms; this model takes at most ${this.config.maxAtoms}`);
    for (let i = 0; i < species.length; i++)
      if (!(species[i]! >= 1 && species[i]! < this.config.network.numTypes)) throw new ModelConfigError(`${where}: element Z=${species[i]} is outside the model's types 1–${this.config.network.numTypes - 1}`);
  }

  /** Records the atom-count histogram, elements and property normalisation of the training data. */
  private describeData(structures: readonly Structure[]): void {
    const counts = new Array<number>(this.config.maxAtoms + 1).fill(0);
    const elements = new Set<number>();
    for (const s of structures) {
      counts[s.species.length]! += 1;
      s.species.forEach((z) => elements.add(z));
    }
    const c = this.config.condition;
    let condition = c;
    if (c) {
      const v = structures.map((s) => s.properties![c.property] as number);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) || 1;
      condition = { ...c, mean, std };
    }
    this.config = { ...this.config, numAtomsCounts: counts, elements: [...elements].sort((a, b) => a - b), ...(condition ? { condition } : {}), ...this.fitDataStats(structures) };
  }

  private prepare(structures: Structure[], random: Rng): Prepared {
    const batch = batchStructures(structures);
    const graph = crystalGraph(batch);
    const noisy = this.noisyBatch(batch, random);
    let condition: tf.Tensor2D | null = null;
    const c = this.config.condition;
    if (c) {
      const values = new Float32Array(2 * structures.length);
      structures.forEach((s, b) => {
        if (random.next() >= c.dropProb) values.set([((s.properties![c.property] as number) - c.mean) / c.std, 1], 2 * b);
      });
      condition = tf.tensor2d(values, [structures.length, 2]);
    }
    return { graph, noisy, condition, names: [] };
  }

  private loss(p: Prepared): tf.Scalar {
    const out = cspnetForward(this.params, this.config.network, p.graph, { ...p.noisy.input, ...(p.condition ? { condition: p.condition } : {}) });
    let loss = tf.losses.meanSquaredError(p.noisy.targetCoord, out.coord).add(tf.losses.meanSquaredError(p.noisy.targetLattice, this.latticePrediction(out)));
    if (p.noisy.targetTypes && out.typeLogits) loss = loss.add(tf.losses.meanSquaredError(p.noisy.targetTypes, out.typeLogits).mul(this.typeLossWeight()));
    return loss as tf.Scalar;
  }

  private setTypeLossWeight(w: number): void {
    if (!(Number.isFinite(w) && w >= 0)) throw new ModelConfigError(`typeLossWeight must be a finite number ≥ 0 (got ${w})`);
    if (this.config.task !== "gen") throw new ModelConfigError("typeLossWeight applies to de novo (gen) models only: a CSP model does not generate atom types");
    const { diffusion, flow } = this.config;
    this.config = { ...this.config, ...(diffusion ? { diffusion: { ...diffusion, typeLossWeight: w } } : {}), ...(flow ? { flow: { ...flow, typeLossWeight: w } } : {}) };
  }

  private typeLossWeight(): number {
    return this.config.diffusion?.typeLossWeight ?? this.config.flow?.typeLossWeight ?? 1;
  }

  // ---------------------------------------------------------------------------------------------- sampling
  async sample(request: SampleRequest): Promise<Structure[]> {
    const lists = this.speciesLists(request);
    const condValue = this.conditionValue(request);
    const steps = request.steps ?? this.defaultSteps();
    if (!(Number.isInteger(steps) && steps >= 1)) throw new ModelConfigError(`steps must be a positive integer (got ${steps})`);
    const guidance = request.guidance ?? 1;
    if (!Number.isFinite(guidance)) throw new ModelConfigError(`guidance must be a finite number (got ${guidance})`);
    await initBackend();
    const weights = this.optimizer ? this.optimizer.ema : this.params;
    const random = rng(request.seed ?? 0);
    const chunkSize = Math.max(1, request.batchSize ?? 256);
    const out: Structure[] = [];
    const total = Math.ceil(lists.length / chunkSize) * steps;
    let done = 0;
    for (let start = 0; start < lists.length; start += chunkSize) {
      const chunkLists = lists.slice(start, start + chunkSize);
      const templates = chunkLists.map((sp) => makeStructure({ lattice: latticeFromMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1]), species: sp, fracCoords: new Float64Array(3 * sp.length) }));
      const batch = batchStructures(templates);
      const graph = crystalGraph(batch);
      const B = batch.numCrystals;
      const cond = this.config.network.condition
        ? {
            on: tf.tensor2d(Float32Array.from({ length: 2 * B }, (_, k) => (condValue === null ? 0 : k % 2 === 0 ? condValue : 1)), [B, 2]),
            off: tf.zeros([B, 2]) as tf.Tensor2D,
          }
        : null;
      const species = this.config.task === "csp" ? tf.tensor1d(batch.species, "int32") : null;
      try {
        const res = this.generate({
          batch, graph, species, steps, random,
          predict: (types, x, lattices, time) => {
            if (request.onIntermediate) {
              const sp = this.config.task === "csp" ? batch.species : this.decodeTypes(types.dataSync() as Float32Array, batch.species.length, this.config.network.numTypes);
              request.onIntermediate(time, unbatch(batch, { species: sp, fracCoords: wrapUnit(x.dataSync() as Float32Array), lattices: nonDegenerate(lattices.dataSync() as Float32Array) }), start);
            }
            const input = { types, fracCoords: x, lattices, time: tf.fill([B], time) as tf.Tensor1D };
            if (!cond) return cspnetForward(weights, this.config.network, graph, input);
            const on = cspnetForward(weights, this.config.network, graph, { ...input, condition: cond.on });
            if (condValue === null || guidance === 1) return on;
            const off = cspnetForward(weights, this.config.network, graph, { ...input, condition: cond.off });
            const mix = <T extends tf.Tensor>(a: T, b: T) => b.add(a.sub(b).mul(guidance)) as T;
            return { coord: mix(on.coord, off.coord), lattice: mix(on.lattice, off.lattice), latticeInvariant: mix(on.latticeInvariant, off.latticeInvariant), ...(on.typeLogits && off.typeLogits ? { typeLogits: mix(on.typeLogits, off.typeLogits) } : {}) };
          },
          onStep: () => request.onProgress?.(++done, total),
        });
        out.push(...unbatch(batch, { species: res.species, fracCoords: wrapUnit(res.fracCoords), lattices: nonDegenerate(res.lattices) }));
      } finally {
        disposeCrystalGraph(graph);
        tf.dispose([...(cond ? [cond.on, cond.off] : []), ...(species ? [species] : [])]);
      }
    }
    return out;
  }

  /** The atom lists to generate (validated): given compositions (CSP) or atom counts drawn from the training data. */
  private speciesLists(request: SampleRequest): number[][] {
    if (this.config.task === "csp") {
      if (!request.compositions || request.compositions.length === 0) throw new ModelConfigError("a CSP model needs compositions to sample (e.g. compositions: [\"SrTiO3\"])");
      return request.compositions.map((c, i) => {
        const sp = typeof c === "string" ? speciesFromFormula(c) : Array.from(c);
        this.checkAtoms(sp, `composition ${i} (${typeof c === "string" ? c : sp.join(",")})`);
        return sp;
      });
    }
    const n = request.n ?? 0;
    if (!(Number.isInteger(n) && n >= 1)) throw new ModelConfigError(`de novo sampling needs n ≥ 1 crystals (got ${request.n})`);
    const random = rng((request.seed ?? 0) ^ 0x5bd1e995);
    if (request.numAtoms !== undefined && !(Number.isInteger(request.numAtoms) && request.numAtoms >= 1 && request.numAtoms <= this.config.maxAtoms))
      throw new ModelConfigError(`numAtoms must be an integer in 1–${this.config.maxAtoms} (got ${request.numAtoms})`);
    const counts = this.config.numAtomsCounts;
    if (request.numAtoms === undefined && !counts) throw new ModelConfigError("this model has not been trained: no atom-count distribution to draw from (pass numAtoms)");
    const total = counts ? counts.reduce((a, b) => a + b, 0) : 0;
    return Array.from({ length: n }, () => {
      let k = request.numAtoms;
      if (k === undefined) {
        let u = random.next() * total;
        k = counts!.findIndex((c) => (u -= c) < 0);
      }
      return new Array<number>(k).fill(1);
    });
  }

  private conditionValue(request: SampleRequest): number | null {
    const c = this.config.condition;
    if (!request.target) return null;
    if (!c || request.target.property !== c.property)
      throw new ModelConfigError(`this model is not conditioned on ${request.target.property}${c ? ` (it is conditioned on ${c.property})` : " (it is unconditional)"}`);
    if (!Number.isFinite(request.target.value)) throw new ModelConfigError(`target ${c.property} must be a finite number`);
    return (request.target.value - c.mean) / c.std;
  }

  /** Atomic numbers de novo samples may take (those seen in training). */
  protected allowedElements(): number[] {
    return this.config.elements ?? Array.from({ length: this.config.network.numTypes - 1 }, (_, i) => i + 1);
  }

  /**
   * Reads the final state of a sampling chunk from the device and frees it: fractional coordinates, lattices and — for
   * de novo models (`types` given) — the decoded atom types; CSP keeps the batch's species.
   */
  protected readSampled(x: tf.Tensor, L: tf.Tensor, types: tf.Tensor | null, batch: Batch): SampledChunk {
    const fracCoords = x.dataSync() as Float32Array;
    const lattices = L.dataSync() as Float32Array;
    const species = types ? this.decodeTypes(types.dataSync() as Float32Array, batch.species.length, this.config.network.numTypes) : batch.species;
    tf.dispose([x, L, ...(types ? [types] : [])]);
    return { species, fracCoords, lattices };
  }

  /** Argmax of the denoised type vectors over the elements seen in training. */
  protected decodeTypes(v: Float32Array, N: number, K: number): Int32Array {
    const allowed = this.allowedElements();
    return Int32Array.from({ length: N }, (_, i) => {
      let best = allowed[0]!;
      for (const z of allowed) if (v[i * K + z]! > v[i * K + best]!) best = z;
      return best;
    });
  }
  // ---------------------------------------------------------------------------------------------- checkpoints
  async save(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    const state = saveState(dir, this.params, this.optimizer);
    const json: CheckpointJson = { ...this.config, state };
    writeFileAtomic(join(dir, "config.json"), `${JSON.stringify(json, null, 2)}\n`);
  }

  async load(dir: string): Promise<void> {
    const saved = readModelCheckpoint(dir);
    if (saved.family !== this.config.family) throw new ModelConfigError(`checkpoint ${dir} holds a ${saved.family} model, not ${this.config.family}`);
    validateConfig(saved);
    await initBackend();
    const fresh = initCspnetParams(saved.network, saved.seed);
    try {
      loadWeights(dir, saved.state, fresh);
    } catch (e) {
      for (const v of fresh.values()) v.dispose();
      throw e;
    }
    this.dispose();
    this.params = fresh;
    this.config = stripState(saved);
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    if (this.optimizer) disposeOptimizerState(this.optimizer);
    this.optimizer = null;
  }
}

/** Reads a checkpoint's config.json and checks that it is one of ours. */
export function readModelCheckpoint(dir: string): ModelConfig & { state: StateManifests } {
  if (!existsSync(dir)) throw new ModelConfigError(`checkpoint directory ${dir} does not exist`);
  const j = readCheckpointJson<Partial<CheckpointJson>>(dir);
  if (j.format !== "crystal-workbench-model" || !j.family || !j.network || !j.state)
    throw new ModelConfigError(`checkpoint ${dir}: config.json is not a crystal-workbench model checkpoint`);
  return j as CheckpointJson;
}

function stripState(j: ModelConfig & { state?: unknown }): ModelConfig {
  const { state: _state, ...config } = j;
  return config;
}

function validateConfig(c: ModelConfig): void {
  const n = c.network;
  const posInt = (v: number) => Number.isInteger(v) && v >= 1;
  if (!posInt(n.hidden) || !posInt(n.layers) || !posInt(n.freqs) || !posInt(n.timeDim) || n.timeDim % 2 !== 0 || !posInt(n.numTypes))
    throw new ModelConfigError(`network sizes must be positive integers (timeDim even): ${JSON.stringify(n)}`);
  if (!posInt(c.maxAtoms)) throw new ModelConfigError(`maxAtoms must be a positive integer (got ${c.maxAtoms})`);
  if (n.typeHead !== (c.task === "gen")) throw new ModelConfigError(`task ${c.task} ${c.task === "gen" ? "needs" : "must not have"} the atom-type head`);
  if (n.condition !== Boolean(c.condition)) throw new ModelConfigError("network.condition and config.condition disagree");
}

function wrapUnit(x: Float32Array): Float32Array {
  return x.map((v) => v - Math.floor(v));
}

/** Replaces a (numerically) zero-volume sampled cell by a slightly inflated one so it stays a valid Structure. */
function nonDegenerate(lattices: Float32Array): Float32Array {
  const out = lattices.slice();
  for (let b = 0; b < out.length / 9; b++) {
    const m = out.subarray(9 * b, 9 * b + 9);
    const det = m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
    if (!(Math.abs(det) > 1e-6) || !m.every(Number.isFinite)) {
      for (let k = 0; k < 9; k++) m[k] = (Number.isFinite(m[k]!) ? m[k]! : 0) + (k % 4 === 0 ? 0.1 : 0);
    }
  }
  return out;
}

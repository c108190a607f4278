// What DiffCSP and FlowMM share: a CSPNet denoiser trained with the MSE of the coordinate, lattice and type targets,
// sampled in chunks with classifier-free guidance, and saved as config.json + weights. The shared parts it wires
// together (request checks, guidance, training bookkeeping, type decoding, cell repair, the checkpoint format) live in
// their own modules; a family supplies its noise (noisyBatch) and its sampler (generate).
import * as tf from "@tensorflow/tfjs";
import { latticeFromMatrix } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { type Batch, batchStructures, unbatch } from "../../representations/batch.js";
import { type Rng, rng } from "../../util/random.js";
import { initBackend } from "../backend/index.js";
import { type CrystalGraph, type CspnetInput, type CspnetOutput, type CspnetParams, crystalGraph, cspnetForward, disposeCrystalGraph, initCspnetParams } from "../cspnet/index.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { type OptionValues, checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { TrainTask } from "../training/loop.js";
import { type OptimizerState, initOptimizerState } from "../training/optimizer.js";
import { disposeParams, loadFreshWeights, loadTrainState, loadWeights, saveState } from "../training/state-io.js";
import type { GenerativeModel, ModelConfig, SampleRequest, TrainOptions, TrainReport, TrainingData, TrainingRecord } from "../types.js";
import { repairDegenerateCells, wrapUnit } from "./cell-repair.js";
import { readCheckpoint, writeCheckpoint } from "./checkpoint-format.js";
import { type DenoiserFamilyConfig, validateDenoiserConfig } from "./denoiser-config.js";
import { checkConditionColumn, conditionSamplingInputs, conditionTrainingInput, fitConditionStats, guidedMix } from "./guidance.js";
import { checkSampleRequest, checkSpecies, deNovoSpecies } from "./sample-request.js";
import { DEFAULT_TRAIN_SETTINGS, type RunStart, checkSameModel, describeTrainingData, fineTuneLineage, namedTrainingData, resolveTrainSettings, resumedStart, runTraining, savedRun } from "./training-run.js";
import { allowedElements, decodeTypes } from "./type-decoding.js";

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
  /** The request's sampler settings (checked against the family's schema; absent ones take the config's values). */
  settings: OptionValues;
  random: Rng;
  /** The denoiser with guidance applied, on the sampling (EMA) weights, at the family's time; call inside tf.tidy. */
  predict(types: tf.Tensor, x: tf.Tensor2D, lattices: tf.Tensor3D, time: number): CspnetOutput;
  onStep(): void;
}

/** A sampled chunk: atom types, fractional coordinates (N×3) and lattices (B×9). */
export interface SampledChunk {
  species: ArrayLike<number>;
  fracCoords: Float32Array;
  lattices: Float32Array;
}

/** A prepared shard: its graph, noisy state and condition, and the atoms and crystals of the whole batch (the loss's normalisers). */
type Prepared = { graph: CrystalGraph; noisy: NoisyBatch; condition: tf.Tensor2D | null; batchAtoms: number; batchCrystals: number };

/** Base class of the CSPNet-denoiser families; B is the family's config block. */
export abstract class DenoiserModel<B extends DenoiserFamilyConfig = DenoiserFamilyConfig> implements GenerativeModel {
  private current: ModelConfig<B>;
  protected params: CspnetParams;
  protected optimizer: OptimizerState | null = null;

  constructor(readonly family: ModelFamily, config: ModelConfig<B>) {
    validateDenoiserConfig(config);
    this.current = config;
    this.params = initCspnetParams(config.familyConfig.network, config.seed);
  }

  /** The model's config (replaced, never mutated, by training and loading). */
  get config(): ModelConfig<B> {
    return this.current;
  }

  /** The one task of a denoiser model. */
  protected get task(): "csp" | "gen" {
    return this.current.tasks[0] as "csp" | "gen";
  }

  /** Draws the noisy state and targets of a training batch; crystal b's noise comes from its own stream random[b]. */
  protected abstract noisyBatch(batch: Batch, random: readonly Rng[]): NoisyBatch;
  /** Runs the reverse process / ODE for one chunk. */
  protected abstract generate(chunk: SampleChunk): SampledChunk;
  /** Sampling steps when the request's settings give none. */
  protected abstract defaultSteps(): number;
  /** The family's time (as passed to `predict`) on the normalised scale 0 = prior … 1 = data. */
  protected abstract normalisedTime(time: number): number;
  /** The family block updated with statistics of the training data (e.g. DiffCSP's lattice clip). */
  protected abstract fitDataStats(structures: readonly Structure[]): B;

  /** The structures as the family trains on them (FlowMM: Niggli-reduced cells); the default keeps them. */
  protected trainingView(structures: readonly Structure[]): readonly Structure[] {
    return structures;
  }

  /** The denoiser output compared with NoisyBatch.targetLattice (default: the equivariant 3×3 output). */
  protected latticePrediction(out: CspnetOutput): tf.Tensor {
    return out.lattice;
  }

  private get maxZ(): number {
    return this.current.familyConfig.network.numTypes - 1;
  }

  // ---------------------------------------------------------------------------------------------- training
  async train(data: TrainingData, options: TrainOptions = {}): Promise<TrainReport> {
    const entry = this.current; // the config a data-parallel worker starts from
    const { name, split, structures: given } = namedTrainingData(data);
    const settings = checkOptions(this.family.trainSettings, options.settings, `${this.family.name} training setting`);
    this.checkTrainingData(given, name);
    const structures = this.trainingView(given);
    const backend = (await initBackend()).name;
    const run = resolveTrainSettings(options, DEFAULT_TRAIN_SETTINGS, this.current.seed, structures.length);
    let start: RunStart = { startStep: 0, priorSeconds: 0, lastLoss: this.current.training?.lastLoss ?? null };
    if (options.initFrom) {
      if (options.resume) throw new ModelConfigError("resume and initFrom exclude each other: resume continues a run, initFrom starts a new one");
      start = { ...start, initFrom: this.startFrom(options.initFrom) };
    }
    if (settings.typeLossWeight !== undefined) this.setTypeLossWeight(settings.typeLossWeight as number, options);
    if (!this.optimizer) this.optimizer = initOptimizerState(this.params);
    if (options.resume) {
      const saved = savedRun(options, this.family, this.current);
      loadTrainState(saved.dir, saved.state, this.params, this.optimizer);
      this.current = saved.config as ModelConfig<B>;
      start = resumedStart(this.current, run);
    } else if (!options.initFrom) {
      const c = this.current.condition;
      this.current = { ...this.current, ...describeTrainingData(structures, this.current.maxAtoms), ...(c ? { condition: fitConditionStats(c, structures) } : {}), familyConfig: this.fitDataStats(structures) };
    }
    const task: TrainTask<Prepared> = {
      params: this.params,
      numExamples: structures.length,
      prepare: (shard) => this.prepare(shard.indices.map((i) => structures[i]!), shard.random, shard.batch.reduce((n, i) => n + structures[i]!.species.length, 0), shard.batch.length),
      loss: (p) => this.loss(p),
      exactShards: true,
      dispose: (p) => {
        disposeCrystalGraph(p.graph);
        tf.dispose([...Object.values(p.noisy.input), p.noisy.targetCoord, p.noisy.targetLattice, ...(p.noisy.targetTypes ? [p.noisy.targetTypes] : []), ...(p.condition ? [p.condition] : [])]);
      },
      describe: (idx) => idx.map((i) => String(structures[i]!.properties?.["id"] ?? `#${i}`)),
    };
    return runTraining({
      task, optimizer: this.optimizer, settings: run, start, options, backend,
      data: { name, split, count: structures.length },
      record: (training: TrainingRecord) => (this.current = { ...this.current, training }),
      save: (dir) => this.save(dir),
      replica: { family: this.family.name, config: entry, data },
    });
  }

  /** Loads a checkpoint's EMA weights as the starting weights and adopts its data statistics (fine-tuning). */
  private startFrom(dir: string): NonNullable<TrainingRecord["initFrom"]> {
    const { config: saved, state } = readCheckpoint(dir, this.family);
    checkSameModel(saved, this.current, dir);
    const [a, b] = [JSON.stringify((saved.familyConfig as B).network), JSON.stringify(this.current.familyConfig.network)];
    if (a !== b) throw new ModelConfigError(`checkpoint ${dir} has another architecture (${a}) than this model (${b})`);
    if (this.optimizer) throw new ModelConfigError("initFrom needs a model that has not been trained yet");
    if (!state) throw new ModelConfigError(`checkpoint ${dir}: saved without weights`);
    loadWeights(dir, state, this.params);
    const { training: _t, ...config } = saved as ModelConfig<B>;
    this.current = { ...config, seed: this.current.seed };
    return fineTuneLineage(saved, dir);
  }

  private checkTrainingData(structures: readonly Structure[], name: string): void {
    if (structures.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    structures.forEach((s, i) => checkSpecies(s.species, `dataset ${name} structure ${i}${s.properties?.["id"] !== undefined ? ` (${String(s.properties["id"])})` : ""}`, this.current, this.maxZ, "data"));
    const c = this.current.condition;
    if (c) checkConditionColumn(structures, c.property, name);
  }

  private setTypeLossWeight(w: number, options: TrainOptions): void {
    if (options.resume) throw new ModelRequestError("typeLossWeight", "typeLossWeight cannot change in a resumed run (it keeps the weight it started with)");
    if (this.task !== "gen") throw new ModelRequestError("typeLossWeight", "typeLossWeight applies to de novo (gen) models only: a CSP model does not generate atom types");
    this.current = { ...this.current, familyConfig: { ...this.current.familyConfig, typeLossWeight: w } };
  }

  private prepare(structures: Structure[], random: readonly Rng[], batchAtoms: number, batchCrystals: number): Prepared {
    const batch = batchStructures(structures);
    const graph = crystalGraph(batch);
    const noisy = this.noisyBatch(batch, random);
    const c = this.current.condition;
    return { graph, noisy, condition: c ? conditionTrainingInput(structures, c, random) : null, batchAtoms, batchCrystals };
  }

  /**
   * The MSE of the coordinate, lattice and (weighted) type targets, each summed over the shard and divided by its count
   * in the whole batch, so the shards' losses add up to the batch's (with one shard: the plain means).
   */
  private loss(p: Prepared): tf.Scalar {
    const { network, typeLossWeight } = this.current.familyConfig;
    const out = cspnetForward(this.params, network, p.graph, { ...p.noisy.input, ...(p.condition ? { condition: p.condition } : {}) });
    const crystals = p.noisy.targetLattice.shape[0]!, atoms = p.noisy.targetCoord.shape[0];
    const sse = (target: tf.Tensor, prediction: tf.Tensor, count: number) => tf.sum(tf.squaredDifference(target, prediction)).div(count);
    let loss = sse(p.noisy.targetCoord, out.coord, 3 * p.batchAtoms).add(sse(p.noisy.targetLattice, this.latticePrediction(out), (p.noisy.targetLattice.size / crystals) * p.batchCrystals));
    if (p.noisy.targetTypes && out.typeLogits) loss = loss.add(sse(p.noisy.targetTypes, out.typeLogits, (p.noisy.targetTypes.size / atoms) * p.batchAtoms).mul(typeLossWeight));
    return loss as tf.Scalar;
  }

  // ---------------------------------------------------------------------------------------------- sampling
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.current, this.maxZ);
    const steps = (req.settings.steps as number | undefined) ?? this.defaultSteps();
    await initBackend();
    const network = this.current.familyConfig.network;
    const weights = this.optimizer ? this.optimizer.ema : this.params;
    const random = rng(req.seed);
    const lists = req.task === "csp" ? req.compositions : deNovoSpecies(this.current, req.n, request.numAtoms, req.seed);
    const out: Structure[] = [];
    const total = Math.ceil(lists.length / req.batchSize) * steps;
    let done = 0;
    for (let start = 0; start < lists.length; start += req.batchSize) {
      const templates = lists.slice(start, start + req.batchSize).map((sp) => makeStructure({ lattice: latticeFromMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1]), species: sp, fracCoords: new Float64Array(3 * sp.length) }));
      const batch = batchStructures(templates);
      const graph = crystalGraph(batch);
      const B = batch.numCrystals;
      const cond = network.condition ? conditionSamplingInputs(B, req.conditionValue) : null;
      const species = this.task === "csp" ? tf.tensor1d(batch.species, "int32") : null;
      const toStructures = (types: ArrayLike<number>, x: Float32Array, lattices: Float32Array) =>
        unbatch(batch, { species: types, fracCoords: wrapUnit(x), lattices: repairDegenerateCells(lattices) });
      try {
        const res = this.generate({
          batch, graph, species, steps, settings: req.settings, random,
          predict: (types, x, lattices, time) => {
            if (request.onTrajectory) {
              const sp = this.task === "csp" ? batch.species : this.decodeTypes(types.dataSync() as Float32Array, batch.species.length);
              request.onTrajectory(this.normalisedTime(time), toStructures(sp, x.dataSync() as Float32Array, lattices.dataSync() as Float32Array), start);
            }
            const input = { types, fracCoords: x, lattices, time: tf.fill([B], time) as tf.Tensor1D };
            if (!cond) return cspnetForward(weights, network, graph, input);
            const on = cspnetForward(weights, network, graph, { ...input, condition: cond.on });
            if (req.conditionValue === null || req.guidance === 1) return on;
            return guidedMix(on, cspnetForward(weights, network, graph, { ...input, condition: cond.off }), req.guidance);
          },
          onStep: () => request.onProgress?.(++done, total),
        });
        out.push(...toStructures(res.species, res.fracCoords, res.lattices));
      } finally {
        disposeCrystalGraph(graph);
        tf.dispose([...(cond ? [cond.on, cond.off] : []), ...(species ? [species] : [])]);
      }
    }
    return out;
  }

  /**
   * Reads the final state of a sampling chunk from the device and frees it: fractional coordinates, lattices and — for
   * de novo models (`types` given) — the decoded atom types; CSP keeps the batch's species.
   */
  protected readSampled(x: tf.Tensor, L: tf.Tensor, types: tf.Tensor | null, batch: Batch): SampledChunk {
    const fracCoords = x.dataSync() as Float32Array;
    const lattices = L.dataSync() as Float32Array;
    const species = types ? this.decodeTypes(types.dataSync() as Float32Array, batch.species.length) : batch.species;
    tf.dispose([x, L, ...(types ? [types] : [])]);
    return { species, fracCoords, lattices };
  }

  private decodeTypes(v: Float32Array, N: number): Int32Array {
    const K = this.current.familyConfig.network.numTypes;
    return decodeTypes(v, N, K, allowedElements(this.current.elements, K));
  }

  // ---------------------------------------------------------------------------------------------- checkpoints
  async save(dir: string): Promise<void> {
    writeCheckpoint(dir, this.current, saveState(dir, this.params, this.optimizer));
  }

  async load(dir: string): Promise<void> {
    const { config, state } = readCheckpoint(dir, this.family);
    const saved = config as ModelConfig<B>;
    validateDenoiserConfig(saved);
    await initBackend();
    const fresh = loadFreshWeights(dir, state, () => initCspnetParams(saved.familyConfig.network, saved.seed));
    this.dispose();
    this.params = fresh;
    this.current = saved;
  }

  dispose(): void {
    disposeParams(this.params, this.optimizer);
    this.optimizer = null;
  }
}

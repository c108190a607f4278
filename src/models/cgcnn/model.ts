// The CGCNN property predictor: a deep ensemble of crystal-graph networks trained together on the standardised target
// (loss = Σ over members of the MSE), predicting the ensemble mean with the members' std as the uncertainty.
import * as tf from "@tensorflow/tfjs";
import type { Structure } from "../../crystal/structure.js";
import { initBackend } from "../backend/index.js";
import { readCheckpoint, writeCheckpoint } from "../common/checkpoint-format.js";
import { checkPredictable, propertyUnit, refuseSampling, targetColumn, targetStats } from "../common/property-predictor.js";
import { checkSpecies } from "../common/sample-request.js";
import { DEFAULT_TRAIN_SETTINGS, type RunStart, describeTrainingData, namedTrainingData, resolveTrainSettings, resumedStart, runTraining, savedRun } from "../common/training-run.js";
import { ModelConfigError } from "../errors.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { TrainTask } from "../training/loop.js";
import { type OptimizerState, type ParamMap, initOptimizerState } from "../training/optimizer.js";
import { disposeParams, loadFreshWeights, loadTrainState, saveState } from "../training/state-io.js";
import type { ModelConfig, PredictOptions, PropertyPrediction, PropertyPredictor, SampleRequest, TrainOptions, TrainReport, TrainingData, TrainingRecord } from "../types.js";
import { type CgcnnFamilyConfig, validateCgcnnConfig } from "./config.js";
import { ELEMENT_DESCRIPTOR_COUNT, elementDescriptorTable, gaussianExpansion } from "./features.js";
import { type CgcnnInput, cgcnnForward } from "./forward.js";
import { type LocalGraph, batchGraph, localGraph } from "./graph.js";
import { initCgcnnParams } from "./params.js";
import { tidyData } from "../common/tidy-data.js";

type Prepared = { input: CgcnnInput; target: tf.Tensor1D };

/** A CGCNN deep ensemble predicting one property. */
export class CgcnnModel implements PropertyPredictor {
  private current: ModelConfig<CgcnnFamilyConfig>;
  private params: ParamMap;
  private optimizer: OptimizerState | null = null;

  constructor(readonly family: ModelFamily, config: ModelConfig) {
    validateCgcnnConfig(config);
    this.current = config;
    this.params = initCgcnnParams(config.familyConfig.network, config.seed);
  }

  /** The model's config (replaced, never mutated, by training and loading). */
  get config(): ModelConfig<CgcnnFamilyConfig> {
    return this.current;
  }

  /** The dataset column predicted. */
  get property(): string {
    return this.current.familyConfig.property;
  }

  async train(data: TrainingData, options: TrainOptions = {}): Promise<TrainReport> {
    const entry = this.current; // the config a data-parallel worker starts from
    const { name, split, structures: given } = namedTrainingData(data);
    const settings = checkOptions(this.family.trainSettings, options.settings, "cgcnn training setting");
    if (given.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    if (options.initFrom) throw new ModelConfigError("cgcnn models do not fine-tune (initFrom): train anew or resume");
    const block = this.current.familyConfig;
    const network = block.network;
    const column = targetColumn(given, block.property, name, settings.dropMissing === true);
    const structures = column.structures;
    structures.forEach((s, i) => checkSpecies(s.species, `dataset ${name} structure ${i} (${String(s.properties?.["id"] ?? `#${i}`)})`, this.current, network.numTypes - 1, "data"));
    const backend = (await initBackend()).name;
    const run = resolveTrainSettings(options, DEFAULT_TRAIN_SETTINGS, this.current.seed, structures.length);
    let start: RunStart = { startStep: 0, priorSeconds: 0, lastLoss: this.current.training?.lastLoss ?? null };
    if (!this.optimizer) this.optimizer = initOptimizerState(this.params);
    if (options.resume) {
      const saved = savedRun(options, this.family, this.current);
      validateCgcnnConfig(saved.config);
      loadTrainState(saved.dir, saved.state, this.params, this.optimizer);
      this.current = saved.config;
      start = resumedStart(this.current, run);
    } else {
      const unit = propertyUnit(name, block.property);
      this.current = {
        ...this.current, ...describeTrainingData(structures, this.current.maxAtoms),
        familyConfig: { ...block, ...targetStats(column.values), ...(unit ? { unit } : {}), ...(column.dropped ? { dropped: column.dropped } : {}) },
      };
    }
    const { targetMean, targetStd } = this.current.familyConfig;
    const targets = Float32Array.from(column.values, (y) => (y - targetMean) / targetStd);
    const graphs = structures.map((s) => localGraph(s, network));
    const task: TrainTask<Prepared> = {
      params: this.params,
      numExamples: structures.length,
      prepare: ({ indices: idx }) => ({ input: this.input(idx.map((i) => structures[i]!), idx.map((i) => graphs[i]!)), target: tf.tensor1d(idx.map((i) => targets[i]!)) }),
      loss: (p) => tf.addN(Array.from({ length: network.members }, (_, m) => tf.losses.meanSquaredError(p.target, cgcnnForward(this.params, network, m, p.input)))) as tf.Scalar,
      dispose: (p) => tf.dispose([...Object.values(p.input), p.target]),
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

  /** The batch's graph tensors. */
  private input(structures: readonly Structure[], graphs: readonly LocalGraph[]): CgcnnInput {
    const g = batchGraph(structures, graphs);
    const n = this.current.familyConfig.network;
    return tf.tidy(() => {
      const distances = tf.tensor1d(g.distances);
      return {
        species: tf.tensor1d(g.species, "int32"), atomCrystal: tf.tensor1d(g.atomCrystal, "int32"),
        inverseCounts: tf.tensor2d(structures.map((s) => 1 / s.species.length), [structures.length, 1]),
        senders: tf.tensor1d(g.senders, "int32"), receivers: tf.tensor1d(g.receivers, "int32"),
        edges: gaussianExpansion(distances, n.cutoff, n.gaussians), descriptors: tf.tensor2d(elementDescriptorTable(n.numTypes), [n.numTypes, ELEMENT_DESCRIPTOR_COUNT]),
      };
    });
  }

  async predict(structures: readonly Structure[], options: PredictOptions = {}): Promise<PropertyPrediction[]> {
    checkPredictable(structures, this.current);
    await initBackend();
    const { network, targetMean, targetStd } = this.current.familyConfig;
    const weights = this.optimizer ? this.optimizer.ema : this.params;
    const batchSize = Math.max(1, options.batchSize ?? 256);
    const out: PropertyPrediction[] = [];
    for (let start = 0; start < structures.length; start += batchSize) {
      const chunk = structures.slice(start, start + batchSize);
      const input = this.input(chunk, chunk.map((s) => localGraph(s, network)));
      const values = tidyData(() => tf.stack(Array.from({ length: network.members }, (_, m) => cgcnnForward(weights, network, m, input))));
      tf.dispose(Object.values(input));
      const M = network.members, B = chunk.length;
      for (let b = 0; b < B; b++) {
        const ys = Array.from({ length: M }, (_, m) => values[m * B + b]! * targetStd + targetMean);
        const mean = ys.reduce((a, y) => a + y, 0) / M;
        out.push({ value: mean, std: Math.sqrt(ys.reduce((a, y) => a + (y - mean) ** 2, 0) / M) });
      }
      options.onProgress?.(out.length, structures.length);
    }
    return out;
  }

  async sample(_request: SampleRequest): Promise<Structure[]> {
    return refuseSampling();
  }

  async save(dir: string): Promise<void> {
    writeCheckpoint(dir, this.current, saveState(dir, this.params, this.optimizer));
  }

  async load(dir: string): Promise<void> {
    const { config, state } = readCheckpoint(dir, this.family);
    validateCgcnnConfig(config);
    await initBackend();
    const fresh = loadFreshWeights(dir, state, () => initCgcnnParams(config.familyConfig.network, config.seed));
    this.dispose();
    this.params = fresh;
    this.current = config;
  }

  dispose(): void {
    disposeParams(this.params, this.optimizer);
    this.optimizer = null;
  }
}

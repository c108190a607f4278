// What the sample-only baselines share: a config without weights, training that only records the data it was shown,
// and a checkpoint that is config.json (plus whatever files a baseline adds).
import { mkdirSync } from "node:fs";
import type { Structure } from "../../crystal/structure.js";
import { readCheckpoint, writeCheckpoint } from "../common/checkpoint-format.js";
import { namedTrainingData } from "../common/training-run.js";
import { ModelConfigError } from "../errors.js";
import { type OptionValues, checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { GenerativeModel, ModelConfig, ModelTask, SampleRequest, TrainOptions, TrainReport, TrainingData } from "../types.js";

/** Atom limit of a baseline's config (baselines take crystals of any size the core holds). */
export const BASELINE_MAX_ATOMS = 1000;

/** A baseline config of the family: the given tasks and block, seed from the options. */
export function baselineConfig<B>(family: string, tasks: readonly ModelTask[], o: OptionValues, familyConfig: B): ModelConfig<B> {
  return { format: "crystal-workbench-model", version: 2, family, tasks, maxAtoms: BASELINE_MAX_ATOMS, seed: (o.seed as number | undefined) ?? 0, familyConfig };
}

/** Base class of the baselines: their state is the config (and what `remember` keeps of the training data). */
export abstract class BaselineModel<B> implements GenerativeModel {
  protected current: ModelConfig<B>;

  constructor(readonly family: ModelFamily, config: ModelConfig<B>) {
    this.current = config;
  }

  /** The baseline's config. */
  get config(): ModelConfig<B> {
    return this.current;
  }

  abstract sample(request: SampleRequest): Promise<Structure[]>;

  /** Keeps what the baseline needs of the training data (default: nothing). */
  protected remember(_structures: readonly Structure[]): void {}

  /** Records the data (name, split, count) and lets the baseline remember it (saved to checkpointDir); zero steps. */
  async train(data: TrainingData, options: TrainOptions = {}): Promise<TrainReport> {
    const { name, split, structures } = namedTrainingData(data);
    checkOptions(this.family.trainSettings, options.settings, `${this.family.name} training setting`);
    if (structures.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    this.remember(structures);
    this.current = { ...this.current, training: { dataset: name, split, count: structures.length, stepsDone: 0, totalSteps: 0, wallSeconds: 0, backend: "none", lastLoss: null } };
    if (options.checkpointDir) await this.save(options.checkpointDir);
    return { stepsDone: 0, totalSteps: 0, losses: [], wallSeconds: 0, backend: "none" };
  }

  /** Writes the baseline's own files (default: none) before config.json. */
  protected saveFiles(_dir: string): void {}
  /** Reads the baseline's own files of a checkpoint's config (default: none). */
  protected loadFiles(_dir: string, _config: ModelConfig<B>): void {}

  async save(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    this.saveFiles(dir);
    writeCheckpoint(dir, this.current);
  }

  async load(dir: string): Promise<void> {
    const { config } = readCheckpoint(dir, this.family);
    this.loadFiles(dir, config as ModelConfig<B>);
    this.current = config as ModelConfig<B>;
  }

  /** Nothing to free. */
  dispose(): void {}
}

// Training bookkeeping any family can use: naming the data, the run's settings, resume and fine-tune lineage, the data
// description stored in the config, and the shared loop wired to checkpoints and the training record.
import type { Structure } from "../../crystal/structure.js";
import { ModelConfigError } from "../errors.js";
import type { ModelFamily } from "../registry.js";
import type { Collective } from "../training/collective.js";
import type { StateManifests } from "../training/state-io.js";
import { type ReplicaRecipe, replicaCollective, trainingRanks, withReplicas } from "../training/data-parallel.js";
import { type TrainSettings, type TrainTask, stepsPerEpoch, trainLoop } from "../training/loop.js";
import { ADAM_DEFAULTS, type OptimizerState } from "../training/optimizer.js";
import type { ModelConfig, TrainOptions, TrainReport, TrainingData, TrainingRecord } from "../types.js";
import { readCheckpoint } from "./checkpoint-format.js";

/** The default training settings (Adam 1e-3, cosine to 1e-5 after 50 warm-up steps, clip 1, EMA 0.999). */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  epochs: 100, batchSize: 256, lr: 1e-3, seed: 0, schedule: { kind: "cosine", warmupSteps: 50, lrMin: 1e-5 }, adam: { ...ADAM_DEFAULTS },
};

/** Training data with its name and split ("structures" and "" for a plain array). */
export function namedTrainingData(data: TrainingData): { name: string; split: string; structures: readonly Structure[] } {
  if (Array.isArray(data)) return { name: "structures", split: "", structures: data as readonly Structure[] };
  const d = data as Exclude<TrainingData, readonly Structure[]>;
  return { name: d.name, split: d.split, structures: d.structures };
}

/** The settings of a new run: the options over the defaults; the batch is at most the number of examples. */
export function resolveTrainSettings(options: TrainOptions, defaults: TrainSettings, seed: number, count: number): TrainSettings {
  return {
    ...defaults,
    epochs: options.epochs ?? defaults.epochs,
    batchSize: Math.min(options.batchSize ?? defaults.batchSize, count),
    lr: options.lr ?? defaults.lr,
    seed: options.seed ?? seed,
  };
}

/** The atom-count histogram (index = atoms per crystal, up to maxAtoms) and the sorted elements of the training data. */
export function describeTrainingData(structures: readonly Structure[], maxAtoms: number): { numAtomsCounts: number[]; elements: number[] } {
  const counts = new Array<number>(maxAtoms + 1).fill(0);
  const elements = new Set<number>();
  for (const s of structures) {
    counts[s.species.length]! += 1;
    s.species.forEach((z) => elements.add(z));
  }
  return { numAtomsCounts: counts, elements: [...elements].sort((a, b) => a - b) };
}

/** @throws ModelConfigError unless the saved model in dir has the same family and tasks as `config` */
export function checkSameModel(saved: ModelConfig, config: ModelConfig, dir: string): void {
  const kind = (c: ModelConfig) => `${c.family}/${c.tasks.join("+")}`;
  if (kind(saved) !== kind(config)) throw new ModelConfigError(`checkpoint ${dir} is a ${kind(saved)} model, not ${kind(config)}`);
}

/** The lineage of a fine-tune of the checkpoint in dir: its directory and the steps and wall time of every run before. */
export function fineTuneLineage(saved: ModelConfig, dir: string): NonNullable<TrainingRecord["initFrom"]> {
  const t = saved.training;
  return { checkpoint: dir, stepsDone: (t?.initFrom?.stepsDone ?? 0) + (t?.stepsDone ?? 0), wallSeconds: (t?.initFrom?.wallSeconds ?? 0) + (t?.wallSeconds ?? 0) };
}

/** Where a run starts: steps and seconds already done (resume) and the fine-tune lineage. */
export interface RunStart {
  startStep: number;
  priorSeconds: number;
  initFrom?: TrainingRecord["initFrom"];
  lastLoss: number | null;
}

/**
 * The saved run that `resume` continues: the config and weight manifests in options.checkpointDir, checked to be the
 * same family and tasks as `current`.
 * @throws ModelConfigError without checkpointDir, for another model's checkpoint, or for one saved without weights
 */
export function savedRun(options: TrainOptions, family: ModelFamily, current: ModelConfig): { dir: string; config: ModelConfig; state: StateManifests } {
  const dir = options.checkpointDir;
  if (!dir) throw new ModelConfigError("resume needs checkpointDir");
  const saved = readCheckpoint(dir, family);
  checkSameModel(saved.config, current, dir);
  if (!saved.state) throw new ModelConfigError(`checkpoint ${dir}: saved without weights`);
  return { dir, config: saved.config, state: saved.state };
}

/** Where a resumed run starts, from its saved training record; the record's run settings are copied onto `run`. */
export function resumedStart(config: ModelConfig, run: TrainSettings): RunStart {
  const t = config.training;
  Object.assign(run, t?.settings ?? {});
  return { startStep: t?.stepsDone ?? 0, priorSeconds: t?.wallSeconds ?? 0, lastLoss: t?.lastLoss ?? null, ...(t?.initFrom ? { initFrom: t.initFrom } : {}) };
}

/**
 * Runs the shared loop for one training call: reports every step, records the TrainingRecord through `record` (before
 * each checkpoint and at the end) and saves to options.checkpointDir every options.checkpointEvery steps. With a
 * `replica` recipe (the family, the config at the start of the call and the data) the call trains data-parallel on
 * options.workers ranks (trainingRanks); in a worker thread it runs as a replica rank (no reports, no checkpoints).
 * Workers rebuild the model through the built-in registry: a family registered at run time trains on one thread (give
 * no recipe), or its workers fail with ModelConfigError naming the unknown family.
 * @throws ModelConfigError for an invalid workers value
 */
export async function runTraining<P>(args: {
  task: TrainTask<P>;
  optimizer: OptimizerState;
  settings: TrainSettings;
  start: RunStart;
  options: TrainOptions;
  data: { name: string; split: string; count: number };
  backend: string;
  record: (r: TrainingRecord) => void;
  save: (dir: string) => Promise<void>;
  replica?: ReplicaRecipe;
}): Promise<TrainReport> {
  const { options, start, settings, data } = args;
  const t0 = performance.now();
  const floats = [...args.task.params.values()].reduce((n, v) => n + v.size, 0);
  const stop = options.stopAfterSteps !== undefined ? { stopAfterSteps: options.stopAfterSteps } : {};
  const asReplica = replicaCollective(floats);
  if (asReplica) {
    const { stepsDone, losses } = await trainLoop(args.task, args.optimizer, settings, { startStep: start.startStep, ...stop, collective: asReplica });
    return { stepsDone, totalSteps: settings.epochs * stepsPerEpoch(args.task.numExamples, settings.batchSize), losses, wallSeconds: (performance.now() - t0) / 1000, backend: args.backend };
  }
  // Every rank needs at least one example of each block (TrainTask.shardBlocks) of a batch.
  const ranks = args.replica ? trainingRanks(options, Math.floor(Math.min(settings.batchSize, args.task.numExamples) / (args.task.shardBlocks ?? 1))) : 1;
  let lastLoss = start.lastLoss;
  // Known before the first step, so a resumed run that is already complete still records its schedule's length.
  let totalSteps = settings.epochs * stepsPerEpoch(args.task.numExamples, settings.batchSize);
  const record = (stepsDone: number) =>
    args.record({
      dataset: data.name, split: data.split, count: data.count, settings, stepsDone, totalSteps,
      wallSeconds: start.priorSeconds + (performance.now() - t0) / 1000, backend: args.backend, lastLoss, ...(start.initFrom ? { initFrom: start.initFrom } : {}),
    });
  const dir = options.checkpointDir;
  let savedAt = -1;
  const loop = (collective?: Collective) => trainLoop(args.task, args.optimizer, settings, {
    startStep: start.startStep,
    ...stop,
    ...(collective ? { collective } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.checkpointEvery !== undefined ? { checkpointEvery: options.checkpointEvery } : {}),
    onStep: (s) => {
      lastLoss = s.loss;
      totalSteps = s.totalSteps;
      options.onStep?.(s);
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(dir ? { checkpoint: async (n: number) => { record(n); await args.save(dir); savedAt = n; } } : {}),
  });
  const parallel = args.replica && ranks > 1 ? await withReplicas(args.replica, options, ranks, floats, loop) : null;
  const { stepsDone, losses } = parallel ? parallel.result : await loop();
  // The loop's last checkpoint already holds the final record; otherwise record it now (the model equals its checkpoint).
  if (savedAt !== stepsDone) record(stepsDone);
  return { stepsDone, totalSteps, losses, wallSeconds: (performance.now() - t0) / 1000, backend: args.backend, ...(parallel ? { workers: parallel.workers } : {}) };
}

// The shared training loop: seeded epoch shuffles and per-step noise (so a resumed run repeats an uninterrupted one),
// Adam with clipping and EMA, a learning-rate schedule, a NaN/Inf guard, periodic checkpoints and live callbacks.
import * as tf from "@tensorflow/tfjs";
import { type Rng, rng, shuffled } from "../../util/random.js";
import { TrainingDivergedError } from "../errors.js";
import { type AdamOptions, type OptimizerState, type ParamMap, adamUpdate, globalNorm } from "./optimizer.js";
import { type LrSchedule, learningRateAt, mixSeed } from "./schedule.js";

/** What one update reports: its loss, its gradient norm before clipping, and named parts (e.g. each player's loss). */
export interface StepOutcome {
  loss: number;
  gradNorm: number;
  parts?: Readonly<Record<string, number>>;
}

/**
 * One update run by the loop: the gradients of `loss` with respect to `params` (default: all the task's weights), the
 * NaN/Inf guard, clipping and Adam at the step's learning rate. @throws TrainingDivergedError on a non-finite loss or gradient
 */
export type Descend = (loss: () => tf.Scalar, params?: ParamMap) => StepOutcome;

/** What every training problem supplies to the loop. */
interface TrainTaskBase<P> {
  /** The trainable weights. */
  params: ParamMap;
  /** Number of training examples (crystals). */
  numExamples: number;
  /** Builds the tensors of one batch from example indices, drawing its noise from `random`. */
  prepare(indices: readonly number[], random: Rng): P;
  /** Frees a prepared batch. */
  dispose(batch: P): void;
  /** Names of the examples (for error messages). */
  describe(indices: readonly number[]): string[];
  /** Called after each step (before its checkpoint) with the number of steps done, e.g. for diagnostics. */
  afterStep?(stepsDone: number): Promise<void> | void;
}

/**
 * What one training problem supplies to the loop: either the scalar `loss` of a prepared batch (one update per step,
 * called inside the gradient tape), or a `step` that makes several updates of its own through `descend` (e.g. the critic
 * and the generator of a GAN) and reports the step's outcome.
 */
export type TrainTask<P> = TrainTaskBase<P> & ({ loss(batch: P): tf.Scalar } | { step(batch: P, descend: Descend): StepOutcome });

/** Settings of a training run (all recorded in checkpoints). */
export interface TrainSettings {
  epochs: number;
  batchSize: number;
  /** Peak learning rate. */
  lr: number;
  schedule: LrSchedule;
  adam: AdamOptions;
  seed: number;
}

/** One step's report for live curves and progress bars. */
export interface StepInfo {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  gradNorm: number;
  /** Named parts of the step's loss, when the task reports them (e.g. a GAN's critic and generator losses). */
  parts?: Readonly<Record<string, number>>;
  lr: number;
  /** Wall-clock seconds since this call started. */
  elapsed: number;
}

/** Hooks and limits of one call of the loop. */
export interface LoopHooks {
  /** Steps already done (resume); the loop continues from here. */
  startStep?: number;
  /** Return after this many steps in this call (the run stays resumable). */
  stopAfterSteps?: number;
  /** Stop (after the current step) when this returns true. */
  shouldStop?: () => boolean;
  /** Called every `checkpointEvery` steps and at the end with the number of steps done. */
  checkpoint?: (stepsDone: number) => Promise<void> | void;
  checkpointEvery?: number;
  onStep?: (info: StepInfo) => void;
  onProgress?: (done: number, total: number) => void;
}

/** Steps per epoch: full batches only (at least one). */
export function stepsPerEpoch(numExamples: number, batchSize: number): number {
  return Math.max(1, Math.floor(numExamples / batchSize));
}

/** Example indices of a step: a seeded shuffle per epoch, cut into batches. */
export function batchIndicesAt(step: number, numExamples: number, settings: TrainSettings): number[] {
  const spe = stepsPerEpoch(numExamples, settings.batchSize);
  const epoch = Math.floor(step / spe);
  const order = shuffled(Array.from({ length: numExamples }, (_, i) => i), rng(mixSeed(settings.seed, 1, epoch)));
  const bs = Math.min(settings.batchSize, numExamples);
  const k = step % spe;
  return order.slice(k * bs, (k + 1) * bs);
}

/** Runs training steps; returns the number of steps done and the loss of each step run in this call. */
export async function trainLoop<P>(task: TrainTask<P>, state: OptimizerState, settings: TrainSettings, hooks: LoopHooks = {}): Promise<{ stepsDone: number; losses: number[] }> {
  const total = settings.epochs * stepsPerEpoch(task.numExamples, settings.batchSize);
  const start = hooks.startStep ?? 0;
  const end = Math.min(total, hooks.stopAfterSteps !== undefined ? start + hooks.stopAfterSteps : total);
  const names = new Map<string, string>();
  for (const [name, v] of task.params) names.set(v.name, name);
  const t0 = performance.now();
  const losses: number[] = [];
  let step = start;
  while (step < end) {
    const indices = batchIndicesAt(step, task.numExamples, settings);
    const batch = task.prepare(indices, rng(mixSeed(settings.seed, 2, step)));
    const lr = learningRateAt(step, total, settings.lr, settings.schedule);
    const descend: Descend = (lossFn, params = task.params) => {
      const { value, grads } = tf.variableGrads(lossFn, [...params.values()]);
      const byName: tf.NamedTensorMap = {};
      for (const [k, g] of Object.entries(grads)) byName[names.get(k) ?? k] = g;
      const normT = globalNorm(byName);
      const [loss, norm] = [value.dataSync()[0]!, normT.dataSync()[0]!];
      value.dispose();
      normT.dispose();
      if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
        tf.dispose(Object.values(byName));
        throw new TrainingDivergedError(step, task.describe(indices), Number.isFinite(loss) ? "the gradient norm" : "the loss");
      }
      const scale = norm > settings.adam.clipNorm ? settings.adam.clipNorm / norm : 1;
      adamUpdate(task.params, byName, state, lr, scale, settings.adam);
      tf.dispose(Object.values(byName));
      return { loss, gradNorm: norm };
    };
    let outcome: StepOutcome;
    try {
      outcome = "step" in task ? task.step(batch, descend) : descend(() => task.loss(batch));
    } finally {
      task.dispose(batch);
    }
    const { loss, gradNorm: norm, parts } = outcome;
    step += 1;
    losses.push(loss);
    hooks.onStep?.({ step, totalSteps: total, epoch: Math.floor((step - 1) / stepsPerEpoch(task.numExamples, settings.batchSize)), loss, gradNorm: norm, ...(parts ? { parts } : {}), lr, elapsed: (performance.now() - t0) / 1000 });
    hooks.onProgress?.(step, total);
    await task.afterStep?.(step);
    if (hooks.checkpoint && hooks.checkpointEvery && step % hooks.checkpointEvery === 0 && step < end) await hooks.checkpoint(step);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (hooks.shouldStop?.()) break;
  }
  if (hooks.checkpoint) await hooks.checkpoint(step);
  return { stepsDone: step, losses };
}

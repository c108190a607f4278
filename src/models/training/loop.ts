// The shared training loop: seeded epoch shuffles and per-example noise (so a resumed run repeats an uninterrupted one,
// and a data-parallel run the single-thread one), Adam with clipping and EMA, a learning-rate schedule, a NaN/Inf guard,
// periodic checkpoints and live callbacks. With a collective, each rank computes the gradients of its shard of every
// batch; the summed gradients are the same on every rank, which applies the same update to its own replica.
import * as tf from "@tensorflow/tfjs";
import { type Rng, rng, shuffled } from "../../util/random.js";
import { TrainingDivergedError } from "../errors.js";
import type { Collective } from "./collective.js";
import { type AdamOptions, type OptimizerState, type ParamMap, adamUpdate, globalNorm } from "./optimizer.js";
import { type LrSchedule, learningRateAt, mixSeed } from "./schedule.js";

/** What one update reports: its loss, its gradient norm before clipping, and named parts (e.g. each player's loss). */
export interface StepOutcome {
  loss: number;
  gradNorm: number;
  parts?: Readonly<Record<string, number>>;
}

/** Reports a named scalar part of a loss (e.g. a GAN's Wasserstein estimate), summed over the ranks like the loss. */
export type ReportPart = (name: string, value: tf.Scalar) => void;

/**
 * One update run by the loop: the gradients of `loss` with respect to `params` (default: all the task's weights), summed
 * over the ranks of a data-parallel run, the NaN/Inf guard, clipping and Adam at the step's learning rate. The outcome's
 * parts are the values the loss reported through `report`, summed over the ranks.
 * @throws TrainingDivergedError on a non-finite loss or gradient
 */
export type Descend = (loss: (report: ReportPart) => tf.Scalar, params?: ParamMap) => Promise<StepOutcome>;

/** One rank's share of a step's batch (the whole batch with one rank). */
export interface BatchShard {
  /** Example indices of the shard: its contiguous slice of `batch`, or of each block of `batch` (TrainTask.shardBlocks). */
  indices: readonly number[];
  /** One noise stream per example of the shard, keyed by (seed, step, position in the batch): the same draws on any rank. */
  random: readonly Rng[];
  /** Example indices of the step's whole batch (for normalisers over the batch). */
  batch: readonly number[];
  /** The shard's share of the examples the batch's ranks use together (1 with one rank). */
  weight: number;
  /** The step (0-based) and this rank of `ranks`. */
  step: number;
  rank: number;
  ranks: number;
}

/** What every training problem supplies to the loop. */
interface TrainTaskBase<P> {
  /** The trainable weights. */
  params: ParamMap;
  /** Number of training examples (crystals). */
  numExamples: number;
  /** Builds the tensors of a shard of a batch, drawing example k's noise from shard.random[k] only (may be async). */
  prepare(shard: BatchShard): P | Promise<P>;
  /**
   * True when the loss of a shard is already its share of the whole batch's loss (normalised by the batch, so the shards'
   * losses add up to it). Otherwise the loop weighs a shard's loss by its share of the examples, which is exact for a mean
   * over examples and approximate for a mean over atoms or tokens.
   */
  exactShards?: boolean;
  /**
   * Blocks of a batch that the task uses as separate sub-batches (e.g. a GAN's critic batches): with several ranks each
   * rank takes its slice of every block, so a sub-batch is split like a batch (default 1).
   */
  shardBlocks?: number;
  /** Frees a prepared batch. */
  dispose(batch: P): void;
  /** Names of the examples (for error messages). */
  describe(indices: readonly number[]): string[];
  /**
   * Called after each step (before its checkpoint) with the number of steps done and this thread's rank (0 reports and
   * checkpoints; other ranks are data-parallel workers), e.g. for diagnostics.
   */
  afterStep?(stepsDone: number, rank: number): Promise<void> | void;
}

/**
 * What one training problem supplies to the loop: either the scalar `loss` of a prepared batch (one update per step,
 * called inside the gradient tape), or a `step` that makes several updates of its own through `descend` (e.g. the critic
 * and the generator of a GAN) and reports the step's outcome.
 */
export type TrainTask<P> = TrainTaskBase<P> & ({ loss(batch: P): tf.Scalar } | { step(batch: P, descend: Descend): Promise<StepOutcome> });

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
  /** This rank's view of a data-parallel group; rank 0's weights and optimiser state are copied to every rank first. */
  collective?: Collective;
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

/** The contiguous slice [from, to) of a batch of n examples that rank `rank` of `ranks` computes. */
export function shardRange(n: number, rank: number, ranks: number): [number, number] {
  return [Math.floor((n * rank) / ranks), Math.floor((n * (rank + 1)) / ranks)];
}

/**
 * Rank `rank`'s shard of a step's batch, with the per-example noise streams (seed, step, position): its contiguous
 * slice of the batch, or with `blocks` > 1 its slice of each of `blocks` equal blocks (a remainder of fewer than
 * `blocks` examples at the end belongs to no block and no shard).
 */
export function batchShard(batch: readonly number[], step: number, seed: number, rank = 0, ranks = 1, blocks = 1): BatchShard {
  const size = Math.floor(batch.length / blocks);
  const [from, to] = shardRange(size, rank, ranks);
  const positions = Array.from({ length: blocks }, (_, k) => Array.from({ length: to - from }, (_, j) => k * size + from + j)).flat();
  return { indices: positions.map((p) => batch[p]!), random: positions.map((p) => rng(mixSeed(seed, 2, step, p))), batch, weight: positions.length / (blocks * size), step, rank, ranks };
}

/** Copies rank 0's weights and optimiser state (weights, m, v, EMA in the weights' order, then the update count) to every rank. */
async function syncState(params: ParamMap, state: OptimizerState, c: Collective): Promise<void> {
  const maps = [params, state.m, state.v, state.ema];
  const size = 4 * [...params.values()].reduce((n, v) => n + v.size, 0);
  const all = new Float32Array(size + 1);
  let o = 0;
  if (c.rank === 0) {
    for (const map of maps) for (const v of map.values()) (all.set(v.dataSync() as Float32Array, o), (o += v.size));
    all[size] = state.updates;
  }
  await c.broadcast(all);
  if (c.rank === 0) return;
  o = 0;
  for (const map of maps)
    for (const v of map.values()) {
      const t = tf.tensor(all.subarray(o, o + v.size), v.shape);
      v.assign(t);
      t.dispose();
      o += v.size;
    }
  state.updates = all[size]!;
}

/** A rank's loss, its reported parts and its gradients with respect to some of the weights. */
interface RankGradients {
  loss: number;
  parts: Record<string, number>;
  grads: tf.NamedTensorMap;
}

/**
 * The loss, parts and gradients summed over the ranks (each rank's flattened in the params' order, then the loss and
 * the parts in name order); gradients of weights the loss does not reach count as zeros.
 */
async function reduceGradients(c: Collective, params: ParamMap, own: RankGradients): Promise<RankGradients> {
  const size = [...params.values()].reduce((a, v) => a + v.size, 0);
  const names = Object.keys(own.parts).sort();
  const flat = new Float32Array(size + 1 + names.length);
  let o = 0;
  for (const [name, v] of params) {
    const g = own.grads[name];
    if (g) flat.set(g.dataSync() as Float32Array, o);
    o += v.size;
  }
  flat[size] = own.loss;
  names.forEach((name, i) => (flat[size + 1 + i] = own.parts[name]!));
  const sum = await c.allReduce(flat);
  const grads: tf.NamedTensorMap = {};
  o = 0;
  for (const [name, v] of params) {
    grads[name] = tf.tensor(sum.subarray(o, o + v.size), v.shape);
    o += v.size;
  }
  return { loss: sum[size]!, parts: Object.fromEntries(names.map((name, i) => [name, sum[size + 1 + i]!])), grads };
}

/** Runs training steps; returns the number of steps done and the loss of each step run in this call. */
export async function trainLoop<P>(task: TrainTask<P>, state: OptimizerState, settings: TrainSettings, hooks: LoopHooks = {}): Promise<{ stepsDone: number; losses: number[] }> {
  const total = settings.epochs * stepsPerEpoch(task.numExamples, settings.batchSize);
  const start = hooks.startStep ?? 0;
  const end = Math.min(total, hooks.stopAfterSteps !== undefined ? start + hooks.stopAfterSteps : total);
  const names = new Map<string, string>();
  for (const [name, v] of task.params) names.set(v.name, name);
  const c = hooks.collective && hooks.collective.ranks > 1 ? hooks.collective : undefined;
  if (c) await syncState(task.params, state, c);
  const t0 = performance.now();
  const losses: number[] = [];
  let step = start;
  while (step < end) {
    const indices = batchIndicesAt(step, task.numExamples, settings);
    const shard = batchShard(indices, step, settings.seed, c?.rank, c?.ranks, task.shardBlocks);
    const batch = await task.prepare(shard);
    const lr = learningRateAt(step, total, settings.lr, settings.schedule);
    // A shard's weight in the batch loss, unless the task normalises by the whole batch itself.
    const share = task.exactShards ? 1 : shard.weight;
    // This rank's loss, parts and gradients of `params` (named as in task.params).
    const gradients = (lossFn: (report: ReportPart) => tf.Scalar, params: ParamMap): RankGradients => {
      const parts: Record<string, number> = {};
      const report: ReportPart = (name, value) => (parts[name] = share * value.dataSync()[0]!);
      const { value, grads } = tf.variableGrads(() => (share === 1 ? lossFn(report) : tf.mul(lossFn(report), share)) as tf.Scalar, [...params.values()]);
      const byName: tf.NamedTensorMap = {};
      for (const [k, g] of Object.entries(grads)) byName[names.get(k) ?? k] = g;
      const loss = value.dataSync()[0]!;
      value.dispose();
      return { loss, parts, grads: byName };
    };
    // The NaN guard, clipping and the Adam update of the batch's gradients (disposed here).
    const apply = ({ loss, parts, grads }: RankGradients): StepOutcome => {
      const normT = globalNorm(grads);
      const norm = normT.dataSync()[0]!;
      normT.dispose();
      if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
        tf.dispose(Object.values(grads));
        throw new TrainingDivergedError(step, task.describe(indices), Number.isFinite(loss) ? "the gradient norm" : "the loss");
      }
      const scale = norm > settings.adam.clipNorm ? settings.adam.clipNorm / norm : 1;
      adamUpdate(task.params, grads, state, lr, scale, settings.adam);
      tf.dispose(Object.values(grads));
      return { loss, gradNorm: norm, ...(Object.keys(parts).length > 0 ? { parts } : {}) };
    };
    const descend: Descend = async (lossFn, params = task.params) => {
      const own = gradients(lossFn, params);
      if (!c) return apply(own);
      try {
        return apply(await reduceGradients(c, params, own));
      } finally {
        tf.dispose(Object.values(own.grads));
      }
    };
    let outcome: StepOutcome;
    try {
      outcome = "step" in task ? await task.step(batch, descend) : await descend(() => task.loss(batch));
    } finally {
      task.dispose(batch);
    }
    const { loss, gradNorm: norm, parts } = outcome;
    step += 1;
    losses.push(loss);
    hooks.onStep?.({ step, totalSteps: total, epoch: Math.floor((step - 1) / stepsPerEpoch(task.numExamples, settings.batchSize)), loss, gradNorm: norm, ...(parts ? { parts } : {}), lr, elapsed: (performance.now() - t0) / 1000 });
    hooks.onProgress?.(step, total);
    await task.afterStep?.(step, c?.rank ?? 0);
    if (hooks.checkpoint && hooks.checkpointEvery && step % hooks.checkpointEvery === 0 && step < end) await hooks.checkpoint(step);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const stop = hooks.shouldStop?.() === true;
    if (c ? (await c.agree(stop ? 1 : 0)) === 1 : stop) break;
  }
  if (hooks.checkpoint) await hooks.checkpoint(step);
  return { stepsDone: step, losses };
}

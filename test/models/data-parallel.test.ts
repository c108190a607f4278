// Data-parallel training: 2 ranks (this thread + 1 worker, from the built dist/) give the run of one thread up to float
// summation order — each step's loss and gradient norm, the final weights, Adam moments and EMA — also across a resume,
// and for a gan's several updates per step (close, not equal: its critic reads its batch's spread); a gflownet's 2-thread
// run repeats for its seed; the NaN guard fires on every rank; bad worker counts and a reward function that cannot
// reach the workers are refused with typed errors.
// Needs `npm run build` (workers load dist/models/training/replica-worker.js).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { loadDataset } from "../../src/datasets/load.js";
import { ModelConfigError, TrainingDivergedError, WORKERS_ENV, createModel, initBackend, readCheckpoint, modelFamily } from "../../src/models/index.js";
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_TRAIN_SETTINGS, runTraining } from "../../src/models/common/training-run.js";
import { readArrays } from "../../src/models/training/checkpoint.js";
import { type ParamMap, initOptimizerState } from "../../src/models/training/optimizer.js";
import { disposeParams } from "../../src/models/training/state-io.js";
import type { TrainTask } from "../../src/models/training/loop.js";
import { batchShard, shardRange } from "../../src/models/training/loop.js";
import type { TrainOptions } from "../../src/models/types.js";
import type { GflowNetModel } from "../../src/models/gflownet/index.js";
import { DATA_DIR } from "../shared-paths.js";
import { tempDirMaker } from "../temp-dirs.js";

process.env["CRYSTAL_DATA_DIR"] = DATA_DIR;
// A de novo DiffCSP small enough for seconds per run; de novo so the type loss (normalised per atom) is exercised too.
const TINY = { task: "gen", hidden: 16, layers: 1, freqs: 2, timeDim: 4, timesteps: 50 };
// 14 carbon crystals of 6–12 atoms: batches of 7 split 3 + 4 crystals with different atom counts, so a shard's mean
// over its own atoms would differ from its share of the batch's loss.
let data: Structure[] = [];
const tmp = tempDirMaker("cw-ddp-");

beforeAll(async () => {
  await initBackend();
  data = (await loadDataset("carbon_24", "val", { limit: 14 })).structures;
});

/** Trains a fresh tiny model (3 epochs of 2 steps) and returns each step's loss and gradient norm and the saved state. */
async function run(workers: number, options: TrainOptions = {}, dir = tmp()) {
  const model = createModel("diffcsp", TINY);
  const steps: { loss: number; gradNorm: number }[] = [];
  const report = await model.train(data, { epochs: 3, batchSize: 7, lr: 0.05, seed: 3, workers, checkpointDir: dir, ...options, onStep: (s) => steps.push({ loss: s.loss, gradNorm: s.gradNorm }) });
  model.dispose();
  const { state } = readCheckpoint(dir, modelFamily("diffcsp"));
  return { report, steps, weights: readArrays(dir, state!.weights), trainState: readArrays(dir, state!.trainState!) };
}

/** Largest |a − b| / max(1, |a|) over every array of two checkpoints' files. */
function maxRelativeDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let worst = 0;
  for (const [name, x] of a) {
    const y = b.get(name);
    if (!y) throw new Error(`${name} is missing`);
    expect(y.length).toBe(x.length);
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / Math.max(1, Math.abs(x[i]!)));
  }
  return worst;
}

describe("shards of a batch", () => {
  it("cut the batch into contiguous slices that cover it, and draw each example's noise from its position in the batch", () => {
    expect([0, 1, 2].map((r) => shardRange(7, r, 3))).toEqual([[0, 2], [2, 4], [4, 7]]);
    const whole = batchShard([9, 4, 7, 1, 3], 12, 5);
    const second = batchShard([9, 4, 7, 1, 3], 12, 5, 1, 2);
    expect(second.indices).toEqual([7, 1, 3]);
    expect(second.batch).toEqual([9, 4, 7, 1, 3]);
    // Example 2 of the batch (index 7) draws the same numbers whether rank 0 of 1 or rank 1 of 2 prepares it.
    expect([whole.random[2]!.next(), whole.random[2]!.normal()]).toEqual([second.random[0]!.next(), second.random[0]!.normal()]);
    expect(whole.random[0]!.next()).not.toBe(whole.random[1]!.next());
  });
});

describe("data-parallel training with 2 workers", () => {
  let one: Awaited<ReturnType<typeof run>>;
  let two: Awaited<ReturnType<typeof run>>;
  let initial: Map<string, Float32Array>;
  beforeAll(async () => {
    const fresh = createModel("diffcsp", TINY);
    const dir = tmp();
    await fresh.save(dir);
    fresh.dispose();
    initial = new Map([...readArrays(dir, readCheckpoint(dir, modelFamily("diffcsp")).state!.weights)].map(([k, v]) => [`param/${k}`, v]));
    one = await run(1);
    two = await run(2);
  });

  it("takes every step with the loss and gradient norm of one thread (relative 1e-5): the shards' sums are the batch's", () => {
    expect(one.report.workers).toBeUndefined();
    expect(two.report.workers).toHaveLength(1);
    expect(two.steps).toHaveLength(6);
    two.steps.forEach((s, i) => {
      expect(Math.abs(s.loss - one.steps[i]!.loss) / one.steps[i]!.loss).toBeLessThan(1e-5);
      expect(Math.abs(s.gradNorm - one.steps[i]!.gradNorm) / one.steps[i]!.gradNorm).toBeLessThan(1e-5);
    });
  });

  it("ends with the weights, Adam moments and EMA of one thread (relative 1e-5) and reports the worker's memory", () => {
    expect(maxRelativeDifference(one.weights, two.weights)).toBeLessThan(1e-5);
    expect(maxRelativeDifference(one.trainState, two.trainState)).toBeLessThan(1e-5);
    // The run moved the raw weights far more than the tolerance from where they started.
    expect(maxRelativeDifference(initial, one.trainState)).toBeGreaterThan(1e-2);
    const w = two.report.workers![0]!;
    expect(w.rank).toBe(1);
    expect(w.heapBytes).toBeGreaterThan(1e6);
    expect(w.tensorBytes).toBeGreaterThan(0);
  });

  it("stopped by shouldStop after step 3 (rank 0's callback) and resumed (2 workers each time), ends where the uninterrupted run ends", async () => {
    const dir = tmp();
    const first = createModel("diffcsp", TINY);
    let done = 0;
    const part = await first.train(data, { epochs: 3, batchSize: 7, lr: 0.05, seed: 3, workers: 2, checkpointDir: dir, onStep: () => done++, shouldStop: () => done >= 3 });
    first.dispose();
    expect(part.stepsDone).toBe(3);
    const resumed = await run(2, { resume: true }, dir);
    expect(resumed.report.stepsDone).toBe(6);
    expect(resumed.steps.map((s) => s.loss)).toEqual(two.steps.slice(3).map((s) => s.loss));
    expect(maxRelativeDifference(two.trainState, resumed.trainState)).toBe(0);
    expect(maxRelativeDifference(two.weights, resumed.weights)).toBe(0);
  });
});

describe("a gan with 2 workers (several updates per step: nCritic critic batches, then the generator)", () => {
  /** Trains a tiny gan (2 critic batches of 3 perov_5 crystals per step, 4 steps) and returns each step's report and the diagnostics. */
  async function runGan(workers: number | undefined) {
    const crystals = (await loadDataset("perov_5", "val", { limit: 12 })).structures;
    const model = createModel("gan", { latentDim: 4, generatorHidden: 8, criticHidden: 6, nCritic: 2, seed: 1 });
    const steps: { loss: number; gradNorm: number; parts: Readonly<Record<string, number>> }[] = [];
    const dir = tmp();
    const report = await model.train({ name: "perov_5", split: "val", structures: crystals }, {
      epochs: 2, batchSize: 3, lr: 0.01, seed: 3, ...(workers !== undefined ? { workers } : {}), checkpointDir: dir, settings: { diagnosticsEvery: 2, diagnosticsSamples: 4 },
      onStep: (s) => steps.push({ loss: s.loss, gradNorm: s.gradNorm, parts: s.parts! }),
    });
    model.dispose();
    return { report, steps, diagnostics: JSON.parse(readFileSync(join(dir, "diagnostics.json"), "utf8")) };
  }

  // The critic reads the spread of its batch's pooled features (minibatch standard deviation): with 2 ranks each rank's
  // critic sees its share of a critic batch, so the run is close to one thread's, not equal up to float order.
  it("takes every step with the losses, parts and gradient norm of one thread within 1e-3 (the critic's batch spread is per rank)", async () => {
    const one = await runGan(1);
    const two = await runGan(2);
    // Without workers a gan trains on one thread, whatever the cores: its run depends on the thread count.
    const unset = await runGan(undefined);
    expect(unset.report.workers).toBeUndefined();
    expect(unset.steps).toEqual(one.steps);
    expect(two.report.workers).toHaveLength(1);
    expect(two.steps).toHaveLength(4);
    const close = (a: number, b: number) => expect(Math.abs(a - b) / Math.max(1, Math.abs(b))).toBeLessThan(1e-3);
    two.steps.forEach((s, i) => {
      const o = one.steps[i]!;
      close(s.loss, o.loss);
      close(s.gradNorm, o.gradNorm);
      expect(Object.keys(s.parts).sort()).toEqual(["criticLoss", "generatorLoss", "gradientPenalty", "wasserstein"]);
      for (const k of Object.keys(o.parts)) close(s.parts[k]!, o.parts[k]!);
    });
    // Each rank's share of the gradient penalty was summed, not dropped (a third or two thirds would fail above); the
    // loss moved by far more than the tolerance over the 4 steps, so each rank applied the summed gradients.
    expect(one.steps.every((s) => s.parts["gradientPenalty"]! > 0.1)).toBe(true);
    expect(one.steps[0]!.loss - one.steps[3]!.loss).toBeGreaterThan(1);
    // Rank 0 alone samples the diagnostics, at the same steps and over the same windows.
    expect(two.diagnostics.records.map((r: { step: number; window: number }) => [r.step, r.window])).toEqual([[2, 2], [4, 2]]);
    expect(two.diagnostics.records.map((r: { step: number }) => r.step)).toEqual(one.diagnostics.records.map((r: { step: number }) => r.step));
  });
});

describe("a gflownet with 2 workers (each draws its share of every step's trajectories)", () => {
  /** 6 steps of 7 trajectories on the atom-count reward (perov_5's groups and elements); each step's loss and the final weights. */
  async function runGflowNet(workers: number | undefined) {
    const perovskites = (await loadDataset("perov_5", "val", { limit: 14 })).structures;
    const model = createModel("gflownet", { reward: "atom-count", hidden: 8, layers: 1, maxAtoms: 5, lengthBins: 2, seed: 1 });
    const losses: number[] = [];
    const dir = tmp();
    const report = await model.train(perovskites, { epochs: 3, batchSize: 7, lr: 0.01, seed: 4, ...(workers !== undefined ? { workers } : {}), checkpointDir: dir, onStep: (s) => losses.push(s.loss) });
    model.dispose();
    const { state } = readCheckpoint(dir, modelFamily("gflownet"));
    return { report, losses, weights: readArrays(dir, state!.weights) };
  }

  it("trains on one thread unless asked; with 2 the run repeats exactly for the same seed, and differs from one thread's", async () => {
    const one = await runGflowNet(undefined);
    expect(one.report.workers).toBeUndefined();
    const two = await runGflowNet(2);
    const again = await runGflowNet(2);
    expect(two.report.workers).toHaveLength(1);
    expect(two.losses).toHaveLength(6);
    expect(again.losses).toEqual(two.losses);
    expect(maxRelativeDifference(two.weights, again.weights)).toBe(0);
    // Other trajectories: the losses differ from one thread's, but are trajectory-balance losses of the same policy.
    expect(two.losses).not.toEqual(one.losses);
    expect(two.losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
  });
});

describe("failures and refusals", () => {
  it("the NaN guard stops both ranks with TrainingDivergedError naming the step and the batch", async () => {
    const poison = makeStructure({ lattice: latticeFromParameters(1e25, 1e25, 1e25, 90, 90, 90), species: [6, 6], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: "poison" } });
    const model = createModel("diffcsp", TINY);
    const e = await model.train([...data.slice(0, 6), poison], { epochs: 1, batchSize: 7, workers: 2 }).catch((x: unknown) => x);
    model.dispose();
    expect(e).toBeInstanceOf(TrainingDivergedError);
    expect((e as TrainingDivergedError).step).toBe(0);
    expect((e as TrainingDivergedError).batch).toContain("poison");
  });

  it("a worker that fails before its loop stops the run with its typed error, naming the worker", async () => {
    // A recipe naming a family the worker's registry does not hold (as for a family registered at run time).
    const params: ParamMap = new Map([["w", tf.variable(tf.zeros([2]))]]);
    const optimizer = initOptimizerState(params);
    const model = createModel("diffcsp", TINY);
    const config = model.config;
    model.dispose();
    const task: TrainTask<tf.Tensor1D> = {
      params, numExamples: 4, prepare: (shard) => tf.tensor1d(shard.indices.map(Number)), loss: (x) => tf.sum(tf.mul(x, params.get("w")!.sum())) as tf.Scalar,
      dispose: (x) => x.dispose(), describe: (idx) => idx.map(String),
    };
    const e = await runTraining({
      task, optimizer, settings: { ...DEFAULT_TRAIN_SETTINGS, epochs: 1, batchSize: 4 }, start: { startStep: 0, priorSeconds: 0, lastLoss: null }, options: { workers: 2 },
      data: { name: "toy", split: "", count: 4 }, backend: "wasm", record: () => undefined, save: async () => undefined,
      replica: { family: "no-such-family", config, data },
    }).catch((x: unknown) => x);
    disposeParams(params, optimizer);
    expect(e).toBeInstanceOf(ModelConfigError);
    expect((e as Error).message).toMatch(/^training worker 1: unknown model family "no-such-family"/);
  });

  it("refuses a workers value that is not a positive integer (ModelConfigError for the option, WorkerCountError for the environment)", async () => {
    const model = createModel("diffcsp", TINY);
    await expect(model.train(data, { epochs: 1, batchSize: 7, workers: 0 })).rejects.toThrow(ModelConfigError);
    await expect(model.train(data, { epochs: 1, batchSize: 7, workers: 1.5 })).rejects.toThrow(/workers must be a positive integer/);
    const saved = process.env[WORKERS_ENV];
    process.env[WORKERS_ENV] = "two";
    try {
      await expect(model.train(data, { epochs: 1, batchSize: 7 })).rejects.toThrow(/CRYSTAL_WORKERS must be a positive integer \(got "two"\)/);
    } finally {
      process.env[WORKERS_ENV] = saved;
    }
    model.dispose();
  });

  it("a gflownet refuses workers > 1 with a reward function set in this thread (it cannot reach the workers)", async () => {
    const model = createModel("gflownet", modelFamily("gflownet").exampleOptions) as GflowNetModel;
    model.setRewardFunction((states) => new Float64Array(states.length));
    await expect(model.train(data, { epochs: 1, batchSize: 2, workers: 2 })).rejects.toThrow(/setRewardFunction cannot reach worker threads/);
    model.dispose();
  });
});

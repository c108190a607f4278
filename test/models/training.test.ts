import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/models/backend/index.js";
import {
  ADAM_DEFAULTS, type ParamMap, type TrainSettings, type TrainTask, disposeOptimizerState,
  initOptimizerState, learningRateAt, loadTrainState, readArrays, saveState, trainLoop,
} from "../../src/models/training/index.js";
import { ModelConfigError, TrainingDivergedError } from "../../src/models/errors.js";
import { rng } from "../../src/util/random.js";

// A toy regression y = x·A + c (+ per-step seeded noise) with a weight matrix and bias, 40 examples.
const r0 = rng(11);
const X = Float32Array.from({ length: 40 * 4 }, () => r0.normal());
const A = [0.5, -1, 2, 0.3, 0.1, -0.7, 1.5, 0.2, 0.9, -0.4, 0.6, 1.1];
const Y = Float32Array.from({ length: 40 * 3 }, (_, k) => {
  const i = Math.floor(k / 3), j = k % 3;
  let s = 0.25 * j;
  for (let q = 0; q < 4; q++) s += X[4 * i + q]! * A[3 * q + j]!;
  return s;
});

function makeParams(seed: number): ParamMap {
  const r = rng(seed);
  const w = tf.tensor2d(Float32Array.from({ length: 12 }, () => r.normal() * 0.1), [4, 3]);
  const b = tf.zeros([3]);
  const p: ParamMap = new Map([["W", tf.variable(w)], ["b", tf.variable(b)]]);
  tf.dispose([w, b]);
  return p;
}
type Prepared = { x: tf.Tensor2D; y: tf.Tensor2D };
function task(params: ParamMap, poison?: number): TrainTask<Prepared> {
  return {
    params,
    numExamples: 40,
    prepare: ({ indices: idx, random }) => ({
      x: tf.tensor2d(idx.flatMap((i) => Array.from(X.slice(4 * i, 4 * i + 4))), [idx.length, 4]),
      y: tf.tensor2d(idx.flatMap((i, k) => Array.from(Y.slice(3 * i, 3 * i + 3)).map((v) => (i === poison ? NaN : v + 0.01 * random[k]!.normal()))), [idx.length, 3]),
    }),
    loss: (b) => tf.losses.meanSquaredError(b.y, tf.matMul(b.x, params.get("W")!).add(params.get("b")!)) as tf.Scalar,
    dispose: (b) => tf.dispose([b.x, b.y]),
    describe: (idx) => idx.map((i) => `toy-${i}`),
  };
}
const settings: TrainSettings = { epochs: 6, batchSize: 8, lr: 0.2, schedule: { kind: "cosine", warmupSteps: 3, lrMin: 0.001 }, adam: { ...ADAM_DEFAULTS, emaDecay: 0.9 }, seed: 5 };

async function run(seed: number, s: TrainSettings = settings) {
  const params = makeParams(1);
  const state = initOptimizerState(params);
  const { losses } = await trainLoop(task(params), state, { ...s, seed });
  const out = { losses, W: Array.from(params.get("W")!.dataSync()), ema: Array.from(state.ema.get("W")!.dataSync()) };
  disposeOptimizerState(state);
  tf.dispose([...params.values()]);
  return out;
}

const dirs: string[] = [];
beforeAll(async () => {
  await initBackend();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("training loop", () => {
  it("learns: the loss of the last epoch is far below the first", async () => {
    const { losses } = await run(5);
    expect(losses.length).toBe(30);
    expect(losses.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(0.2 * (losses.slice(0, 5).reduce((a, b) => a + b) / 5));
  });
  it("is reproducible: the same seed gives the same loss curve, another seed another one", async () => {
    const a = await run(5), b = await run(5), c = await run(6);
    expect(b.losses).toEqual(a.losses);
    expect(b.W).toEqual(a.W);
    expect(c.losses).not.toEqual(a.losses);
  });
  it("resumes exactly: stopped after 13 steps, saved, restored and continued gives the uninterrupted weights", async () => {
    const full = await run(5);
    const dir = mkdtempSync(join(tmpdir(), "cw-train-"));
    dirs.push(dir);
    const p1 = makeParams(1), s1 = initOptimizerState(p1);
    const first = await trainLoop(task(p1), s1, settings, { stopAfterSteps: 13 });
    expect(first.stepsDone).toBe(13);
    const manifests = saveState(dir, p1, s1);
    const p2 = makeParams(99), s2 = initOptimizerState(p2);
    loadTrainState(dir, manifests, p2, s2);
    const second = await trainLoop(task(p2), s2, settings, { startStep: 13 });
    expect(second.stepsDone).toBe(30);
    expect([...first.losses, ...second.losses]).toEqual(full.losses);
    expect(Array.from(p2.get("W")!.dataSync())).toEqual(full.W);
    expect(Array.from(s2.ema.get("W")!.dataSync())).toEqual(full.ema);
    [s1, s2].forEach(disposeOptimizerState);
    tf.dispose([...p1.values(), ...p2.values()]);
  });
  it("stops on a non-finite loss, naming the step and the crystals of the batch, without updating the weights", async () => {
    const params = makeParams(1), state = initOptimizerState(params);
    const before = Array.from(params.get("W")!.dataSync());
    const err = await trainLoop(task(params, 17), state, settings).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingDivergedError);
    expect((err as TrainingDivergedError).batch).toContain("toy-17");
    expect((err as Error).message).toMatch(/step \d+: the loss is not finite.*toy-17/);
    expect(state.updates).toBe((err as TrainingDivergedError).step);
    if ((err as TrainingDivergedError).step === 0) expect(Array.from(params.get("W")!.dataSync())).toEqual(before);
    disposeOptimizerState(state);
    tf.dispose([...params.values()]);
  });
  it("does not leak tensors: the count is flat over 30 steps", async () => {
    const params = makeParams(1), state = initOptimizerState(params);
    const counts: number[] = [];
    await trainLoop(task(params), state, settings, { onStep: () => counts.push(tf.memory().numTensors) });
    expect(new Set(counts.slice(1)).size).toBe(1);
    disposeOptimizerState(state);
    tf.dispose([...params.values()]);
  });
  it("reports every step to onStep and onProgress, and checkpoints periodically and at the end", async () => {
    const params = makeParams(1), state = initOptimizerState(params);
    const steps: number[] = [], saved: number[] = [];
    let last: [number, number] = [0, 0];
    await trainLoop(task(params), state, { ...settings, epochs: 2 }, { onStep: (s) => steps.push(s.step), onProgress: (d, t) => (last = [d, t]), checkpointEvery: 4, checkpoint: (n) => { saved.push(n); } });
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(last).toEqual([10, 10]);
    expect(saved).toEqual([4, 8, 10]);
    disposeOptimizerState(state);
    tf.dispose([...params.values()]);
  });
});

describe("learning-rate schedule", () => {
  it("warms up linearly then decays by a cosine from lr to lrMin", () => {
    const s = { kind: "cosine" as const, warmupSteps: 10, lrMin: 0.1 };
    expect(learningRateAt(0, 110, 1, s)).toBeCloseTo(0.1);
    expect(learningRateAt(9, 110, 1, s)).toBeCloseTo(1);
    expect(learningRateAt(10, 110, 1, s)).toBeCloseTo(1);
    expect(learningRateAt(60, 110, 1, s)).toBeCloseTo(0.55);
    expect(learningRateAt(110, 110, 1, s)).toBeCloseTo(0.1);
    expect(learningRateAt(50, 110, 1, { kind: "constant", warmupSteps: 0, lrMin: 0 })).toBe(1);
  });
});

describe("checkpoint files", () => {
  it("detect a corrupt weights file with a ModelConfigError", () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-ckpt-"));
    dirs.push(dir);
    const params = makeParams(3);
    const m = saveState(dir, params, null);
    expect(readArrays(dir, m.weights).get("W")!.length).toBe(12);
    const bytes = readFileSync(join(dir, "weights.bin"));
    bytes[5] = bytes[5]! ^ 0xff;
    writeFileSync(join(dir, "weights.bin"), bytes);
    expect(() => readArrays(dir, m.weights)).toThrow(ModelConfigError);
    tf.dispose([...params.values()]);
  });
});

// The shared decoder-only transformer: the key/value-cached step against the full forward pass, the causal mask,
// attention rows, the token sampler against hand-computed distributions, gradients against finite differences, a toy
// copy task that it must learn, batch-independent seeded generation and no leaked tensors.
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../../src/models/backend/index.js";
import { ModelConfigError, ModelRequestError } from "../../src/models/errors.js";
import { ADAM_DEFAULTS, type TrainTask, disposeOptimizerState, initOptimizerState, trainLoop } from "../../src/models/training/index.js";
import {
  DecoderTransformer, type TransformerConfig, createKvCache, decodeStep, disposeKvCache, generate, sampleToken, samplingDistribution, transformerParamCount,
} from "../../src/models/transformer/index.js";
import { rng } from "../../src/util/random.js";
import { gradientCheck } from "./finite-difference.js";

const tiny: TransformerConfig = { vocabSize: 11, contextLength: 16, dModel: 16, nLayers: 2, nHeads: 2, mlpRatio: 4, dropout: 0 };
let model: DecoderTransformer;

/** Makes the weights large enough that logits and gradients are far from zero (the N(0, 0.02²) init makes them tiny). */
function sharpen(m: DecoderTransformer, factor: number): void {
  for (const [name, v] of Object.entries(m.params)) if (v.shape.length === 2 && !name.startsWith("wpe")) v.assign(tf.mul(v, factor));
}

function randomTokens(seed: number, B: number, T: number, V: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: B * T }, () => r.int(V));
}

beforeAll(async () => {
  await initBackend();
  model = new DecoderTransformer(tiny, 3);
  sharpen(model, 10);
});
afterAll(() => model.dispose());

describe("DecoderTransformer", () => {
  it("has the weights its config implies, and refuses a bad config and an over-long sequence", () => {
    expect(Object.values(model.params).reduce((a, v) => a + v.size, 0)).toBe(transformerParamCount(tiny));
    expect(() => new DecoderTransformer({ ...tiny, nHeads: 3 }, 1)).toThrow(ModelConfigError);
    const long = tf.zeros([1, 17], "int32") as tf.Tensor2D;
    expect(() => model.logits(long, false)).toThrow(/longer than the context \(16\)/);
    long.dispose();
  });

  it("gives the same next-token logits step by step with the key/value cache as in one full forward pass", () => {
    const [B, T, V] = [2, 12, tiny.vocabSize];
    const ids = randomTokens(5, B, T, V);
    const input = tf.tensor2d(ids, [B, T], "int32");
    const full = model.logits(input, false);
    const fullValues = full.dataSync();
    let cache = createKvCache();
    let worst = 0;
    for (let t = 0; t < T; t++) {
      const step = decodeStep(model, Int32Array.from([ids[t]!, ids[T + t]!]), cache);
      cache = step.cache;
      const got = step.logits.dataSync();
      for (let b = 0; b < B; b++) for (let v = 0; v < V; v++) worst = Math.max(worst, Math.abs(got[b * V + v]! - fullValues[(b * T + t) * V + v]!));
      step.logits.dispose();
    }
    disposeKvCache(cache);
    tf.dispose([input, full]);
    expect(Math.max(...fullValues.map(Math.abs))).toBeGreaterThan(1); // logits that are not all near zero
    expect(worst).toBeLessThan(1e-4);
  });

  it("is causal: changing token 6 leaves the logits at positions 0–5 unchanged and changes position 6", () => {
    const T = 10;
    const a = randomTokens(9, 1, T, tiny.vocabSize);
    const b = a.slice();
    b[6] = (a[6]! + 1) % tiny.vocabSize;
    const [la, lb] = [a, b].map((ids) => {
      const x = tf.tensor2d(ids, [1, T], "int32");
      const l = model.logits(x, false);
      const out = l.dataSync();
      tf.dispose([x, l]);
      return out;
    });
    const V = tiny.vocabSize;
    const diffAt = (t: number) => Math.max(...Array.from({ length: V }, (_, v) => Math.abs(la![t * V + v]! - lb![t * V + v]!)));
    for (let t = 0; t < 6; t++) expect(diffAt(t)).toBeLessThan(1e-6);
    expect(diffAt(6)).toBeGreaterThan(1e-3);
  });

  it("returns attention rows that are distributions over earlier positions only", () => {
    const T = 9;
    const att = model.attention(randomTokens(4, 1, T, tiny.vocabSize), 1, 1);
    expect(att.length).toBe(T * T);
    for (let i = 0; i < T; i++) {
      let s = 0;
      for (let j = 0; j < T; j++) {
        if (j > i) expect(att[i * T + j]).toBe(0);
        s += att[i * T + j]!;
      }
      expect(s).toBeCloseTo(1, 5);
    }
    expect(att[0]).toBeCloseTo(1, 6);
    expect(() => model.attention(Int32Array.from([1, 2]), 2, 0)).toThrow(ModelConfigError);
  });

  it("has the loss gradient that central finite differences give", () => {
    const [B, T] = [2, 8];
    const tokens = tf.tensor2d(randomTokens(21, B, T, tiny.vocabSize), [B, T], "int32");
    const mask = tf.tensor2d(Int32Array.from({ length: B * T }, (_, k) => (k % T >= 3 ? 1 : 0)), [B, T], "int32");
    const loss = () => model.loss(tokens, mask, false);
    for (const [name, index] of [["wte", 17], ["wpe", 40], ["h0.attn.Wqkv", 5], ["h0.attn.Wqkv", 5 * 48 + 20], ["h1.attn.Wo", 33], ["h1.mlp.W1", 70], ["h0.ln1.g", 3], ["lnf.b", 7]] as const) {
      const { analytic, numeric } = gradientCheck(loss, model.params[name]!, index);
      expect(Math.abs(analytic), name).toBeGreaterThan(1e-3);
      expect(Math.abs(analytic - numeric), name).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
    }
    tf.dispose([tokens, mask]);
  });

  it("counts only the masked targets in the loss (mask aligned with the targets)", () => {
    const [B, T, V] = [1, 6, tiny.vocabSize];
    const ids = randomTokens(8, B, T, V);
    const tokens = tf.tensor2d(ids, [B, T], "int32");
    const logits = model.logits(tokens, false);
    const l = logits.dataSync();
    const nll = (t: number) => { // −log softmax(logits[t − 1])[ids[t]]
      const row = Array.from(l.slice((t - 1) * V, t * V));
      const m = Math.max(...row);
      return -(row[ids[t]!]! - m - Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0)));
    };
    const mask = tf.tensor2d([1, 0, 1, 0, 0, 1], [B, T], "int32"); // column 0 never counts
    const loss = model.loss(tokens, mask, false);
    expect(loss.dataSync()[0]).toBeCloseTo((nll(2) + nll(5)) / 2, 4);
    tf.dispose([tokens, logits, mask, loss]);
  });
});

describe("sampleToken", () => {
  const logits = Float32Array.from([0.1, 0.2, 0.3, 0.4].map(Math.log));

  it("draws by the inverse CDF of softmax(logits / T) in order of token id", () => {
    expect([0.05, 0.15, 0.35, 0.65, 0.999].map((u) => sampleToken(logits, { temperature: 1 }, u))).toEqual([0, 1, 2, 3, 3]);
    const hot = [0.1, 0.2, 0.3, 0.4].map(Math.sqrt); // T = 2: p ∝ p₀^½
    const z = hot.reduce((a, b) => a + b, 0);
    samplingDistribution(logits, { temperature: 2 }).forEach(({ token, p }) => expect(p).toBeCloseTo(hot[token]! / z, 6));
    expect(sampleToken(logits, { temperature: 2 }, 0.17)).toBe(1); // cumulative 0.1627, 0.3928
    expect(sampleToken(logits, { temperature: 0 }, 0.01)).toBe(3);
  });

  it("keeps the K most probable tokens (top-k) and the smallest set reaching P (top-p)", () => {
    // top-k 2: {2: 3/7, 3: 4/7}
    expect(samplingDistribution(logits, { temperature: 1, topK: 2 }).map(({ token, p }) => [token, +p.toFixed(6)])).toEqual([[3, +(4 / 7).toFixed(6)], [2, +(3 / 7).toFixed(6)]]);
    expect(sampleToken(logits, { temperature: 1, topK: 2 }, 0.42)).toBe(2);
    expect(sampleToken(logits, { temperature: 1, topK: 2 }, 0.43)).toBe(3);
    // top-p 0.5: 0.4 < 0.5, 0.4 + 0.3 ≥ 0.5 → {3, 2}; top-p 0.35 → {3}; top-p 0.75 → {3, 2, 1}
    expect(samplingDistribution(logits, { temperature: 1, topP: 0.5 }).map((d) => d.token)).toEqual([3, 2]);
    expect(samplingDistribution(logits, { temperature: 1, topP: 0.35 }).map((d) => d.token)).toEqual([3]);
    expect(samplingDistribution(logits, { temperature: 1, topP: 0.75 }).map((d) => +d.p.toFixed(6))).toEqual([4 / 9, 3 / 9, 2 / 9].map((p) => +p.toFixed(6)));
    expect(sampleToken(logits, { temperature: 1, topP: 0.35 }, 0.01)).toBe(3);
    // top-p 1 and no truncation map every u to the same token
    for (const u of [0.05, 0.25, 0.5, 0.95]) expect(sampleToken(logits, { temperature: 1, topP: 1 }, u)).toBe(sampleToken(logits, { temperature: 1 }, u));
  });

  it("never draws an excluded (−∞) token, and refuses bad settings", () => {
    const masked = Float32Array.from([0, -Infinity, 0, -Infinity]);
    const r = rng(1);
    for (let k = 0; k < 200; k++) expect([0, 2]).toContain(sampleToken(masked, { temperature: 1 }, r.next()));
    expect(() => sampleToken(Float32Array.from([-Infinity, -Infinity]), { temperature: 1 }, 0.5)).toThrow(ModelRequestError);
    expect(() => generate(model, [Int32Array.from([1])], { temperature: -1, maxNewTokens: 2, seed: 1 }, { eosId: 0 })).toThrow(/temperature/);
    expect(() => generate(model, [Int32Array.from([1])], { temperature: 1, topP: 0, maxNewTokens: 2, seed: 1 }, { eosId: 0 })).toThrow(/topP/);
    expect(() => generate(model, [new Int32Array(17)], { temperature: 1, maxNewTokens: 2, seed: 1 }, { eosId: 0 })).toThrow(/longer than the context/);
  });
});

describe("generate", () => {
  const prompts = [Int32Array.from([1, 4]), Int32Array.from([1]), Int32Array.from([1, 7, 7, 2]), Int32Array.from([1, 9])];

  it("gives each sequence the same tokens whatever batch it runs in, and stops at eos or maxNewTokens", () => {
    const sampling = { temperature: 1.3, maxNewTokens: 9, seed: 42 };
    const together = generate(model, prompts, sampling, { eosId: 0 });
    const alone = generate(model, prompts, sampling, { eosId: 0, batchSize: 1 });
    const reordered = generate(model, [prompts[2]!, prompts[0]!], sampling, { eosId: 0 }); // other indices: other streams
    expect(together.map((s) => Array.from(s))).toEqual(alone.map((s) => Array.from(s)));
    together.forEach((s, i) => {
      expect(Array.from(s.slice(0, prompts[i]!.length))).toEqual(Array.from(prompts[i]!));
      const generated = s.length - prompts[i]!.length;
      expect(generated).toBeGreaterThan(0);
      expect(generated === 9 || s[s.length - 1] === 0).toBe(true);
      expect(Array.from(s.slice(prompts[i]!.length, -1))).not.toContain(0);
    });
    expect(reordered.length).toBe(2);
    const again = generate(model, prompts, { ...sampling, seed: 43 }, { eosId: 0 });
    expect(again.map((s) => Array.from(s))).not.toEqual(together.map((s) => Array.from(s)));
  });

  it("greedy generation continues with the arg-max of the full forward pass, reports top-5 steps and obeys the grammar mask", () => {
    const steps: { sequence: number; position: number; token: number; p: number[] }[] = [];
    const [out] = generate(model, [Int32Array.from([1, 3])], { temperature: 0, maxNewTokens: 6, seed: 0 }, {
      eosId: -1, onStep: (s) => steps.push({ sequence: s.sequence, position: s.position, token: s.token, p: s.top.map((t) => t.p) }),
    });
    expect(out!.length).toBe(8);
    const x = tf.tensor2d(out!, [1, 8], "int32");
    const l = model.logits(x, false);
    const vals = l.dataSync();
    for (let t = 1; t < 7; t++) {
      const row = Array.from(vals.slice(t * tiny.vocabSize, (t + 1) * tiny.vocabSize));
      expect(out![t + 1]).toBe(row.indexOf(Math.max(...row)));
    }
    tf.dispose([x, l]);
    expect(steps.map((s) => s.position)).toEqual([2, 3, 4, 5, 6, 7]);
    for (const s of steps) {
      expect(s.p.length).toBe(5);
      expect(s.p).toEqual([...s.p].sort((a, b) => b - a));
    }
    const allowed = Int32Array.from([5, 6]);
    const masked = generate(model, prompts, { temperature: 1, maxNewTokens: 5, seed: 3 }, { eosId: 0, allowedTokens: () => allowed });
    masked.forEach((s, i) => Array.from(s.slice(prompts[i]!.length)).forEach((t) => expect([5, 6]).toContain(t)));
  });

  it("stops at the context length", () => {
    const [out] = generate(model, [Int32Array.from([1])], { temperature: 1, maxNewTokens: 100, seed: 5 }, { eosId: -1 });
    expect(out!.length).toBe(tiny.contextLength);
  });
});

describe("training", () => {
  it("learns a toy copy task (loss on the copied half falls well below chance) and leaks no tensors", async () => {
    const config: TransformerConfig = { vocabSize: 8, contextLength: 12, dModel: 32, nLayers: 2, nHeads: 2, mlpRatio: 2, dropout: 0.1 };
    const m = new DecoderTransformer(config, 11);
    const r = rng(2);
    // [bos=1, a b c d e, sep=2, a b c d e] with symbols 3–7; the loss counts the copy.
    const examples = Array.from({ length: 64 }, () => {
      const s = Array.from({ length: 5 }, () => 3 + r.int(5));
      return [1, ...s, 2, ...s];
    });
    const mask = Array.from({ length: 12 }, (_, t) => (t >= 7 ? 1 : 0));
    const evalLoss = () => {
      const x = tf.tensor2d(examples.flat(), [64, 12], "int32");
      const mk = tf.tensor2d(examples.flatMap(() => mask), [64, 12], "int32");
      const l = m.loss(x, mk, false);
      const out = l.dataSync()[0]!;
      tf.dispose([x, mk, l]);
      return out;
    };
    const before = evalLoss();
    const params = m.paramMap();
    const state = initOptimizerState(params);
    type Batch = { x: tf.Tensor2D; m: tf.Tensor2D };
    const task: TrainTask<Batch> = {
      params,
      numExamples: examples.length,
      prepare: ({ indices: idx }) => ({ x: tf.tensor2d(idx.flatMap((i) => examples[i]!), [idx.length, 12], "int32"), m: tf.tensor2d(idx.flatMap(() => mask), [idx.length, 12], "int32") }),
      loss: (b) => m.loss(b.x, b.m, true),
      dispose: (b) => tf.dispose([b.x, b.m]),
      describe: (idx) => idx.map(String),
    };
    const tensorsBefore = tf.memory().numTensors;
    await trainLoop(task, state, { epochs: 60, batchSize: 16, lr: 3e-3, schedule: { kind: "cosine", warmupSteps: 10, lrMin: 1e-4 }, adam: { ...ADAM_DEFAULTS, emaDecay: 0 }, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const after = evalLoss();
    expect(before).toBeGreaterThan(1.4); // ≈ ln 8 at initialisation
    expect(after).toBeLessThan(0.3 * Math.log(5));
    // Inference paths leak nothing either.
    const n0 = tf.memory().numTensors;
    generate(m, [Int32Array.from([1, 3, 4])], { temperature: 1, topK: 3, maxNewTokens: 8, seed: 1 }, { eosId: 0, batchSize: 1, onStep: () => undefined });
    m.attention(Int32Array.from(examples[0]!), 0, 1);
    expect(tf.memory().numTensors).toBe(n0);
    disposeOptimizerState(state);
    m.dispose();
  });
});

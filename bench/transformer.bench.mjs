// Transformer benchmark: the shared decoder-only transformer (src/models/transformer/) at the sizes the Wyckoff
// transformer trains with, ours (best TF.js backend) vs the same transformer in PyTorch (bench/py/transformer_torch.py,
// same sizes, same run): one training step (forward over [B, T] tokens, masked next-token cross-entropy, gradients,
// Adam) and sampling throughput with a key/value cache (64 sequences from one start token, 64 new tokens each,
// temperature 1, no grammar mask, no early stop).
// Like for like: the same shapes and arithmetic (random tokens on both sides), 3 untimed steps then the median of N on
// both sides, one thread on both sides (TF.js wasm has no threads in Node; PyTorch set_num_threads(1)). Sampling:
// one untimed run, then the median of 3, on both sides; both caches grow with the sequence.
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../dist/models/backend/index.js";
import { ADAM_DEFAULTS, adamUpdate, initOptimizerState } from "../dist/models/training/index.js";
import { DecoderTransformer, generate, transformerParamCount } from "../dist/models/transformer/index.js";
import { VOCAB_SIZE } from "../dist/models/wyckoff-transformer/index.js";
import { runPython } from "./lib/python.mjs";
import { costRow, rateRow } from "./lib/rows.mjs";
import { medianStepMs } from "./lib/timing.mjs";

/** The Wyckoff transformer's training configuration (data/checkpoints/wyckoff-transformer-mpts52) and batch shape. */
const SIZES = { vocab: VOCAB_SIZE, context: 128, dModel: 96, layers: 3, heads: 4, mlpRatio: 4, batch: 16, seq: 64, sampleBatch: 64, sampleTokens: 64 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function ourTransformer() {
  return new DecoderTransformer({ vocabSize: SIZES.vocab, contextLength: SIZES.context, dModel: SIZES.dModel, nLayers: SIZES.layers, nHeads: SIZES.heads, mlpRatio: SIZES.mlpRatio, dropout: 0 }, 0);
}

/** Median ms of our training step: forward, masked cross-entropy, gradients, Adam. */
function oursStepMs(steps) {
  const net = ourTransformer();
  const params = net.paramMap();
  const state = initOptimizerState(params);
  const B = SIZES.batch, T = SIZES.seq;
  let s = 1;
  const tokens = tf.tensor2d(Int32Array.from({ length: B * T }, () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % SIZES.vocab), [B, T], "int32");
  const mask = tf.ones([B, T]);
  const names = new Map([...params].map(([k, v]) => [v.name, k]));
  const step = () => {
    const { value, grads } = tf.variableGrads(() => net.loss(tokens, mask, true), [...params.values()]);
    adamUpdate(params, Object.fromEntries(Object.entries(grads).map(([k, v]) => [names.get(k), v])), state, 1e-3, 1, { ...ADAM_DEFAULTS });
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const ms = medianStepMs(step, steps);
  tf.dispose([tokens, mask]);
  net.dispose();
  for (const m of [state.m, state.v, state.ema]) for (const v of m.values()) v.dispose();
  return ms;
}

/** Our generated tokens per second (KV cache, batch of sampleBatch sequences from one start token). */
function oursSampleRate() {
  const net = ourTransformer();
  const prompts = Array.from({ length: SIZES.sampleBatch }, () => Int32Array.of(1));
  const run = (seed) => generate(net, prompts, { temperature: 1, maxNewTokens: SIZES.sampleTokens, seed }, { eosId: -1, batchSize: SIZES.sampleBatch });
  run(0);
  const times = [];
  for (let i = 1; i <= 3; i++) {
    const t0 = performance.now();
    run(i);
    times.push((performance.now() - t0) / 1000);
  }
  net.dispose();
  return (SIZES.sampleBatch * SIZES.sampleTokens) / median(times);
}

export default async function transformerBench(ctx) {
  const info = await initBackend();
  const steps = ctx.quick ? 3 : 10;
  const params = transformerParamCount({ vocabSize: SIZES.vocab, contextLength: SIZES.context, dModel: SIZES.dModel, nLayers: SIZES.layers, nHeads: SIZES.heads, mlpRatio: SIZES.mlpRatio, dropout: 0 });
  ctx.log(`transformer: backend ${info.name}; d ${SIZES.dModel}, L ${SIZES.layers}, H ${SIZES.heads}, V ${SIZES.vocab}, ${params} parameters; batch ${SIZES.batch} × ${SIZES.seq} tokens`);
  const oursMs = oursStepMs(steps);
  const oursRate = oursSampleRate();
  const torch = await runPython(new URL("./py/transformer_torch.py", import.meta.url).pathname, [
    "--vocab", SIZES.vocab, "--context", SIZES.context, "--d-model", SIZES.dModel, "--layers", SIZES.layers, "--heads", SIZES.heads, "--mlp-ratio", SIZES.mlpRatio,
    "--batch", SIZES.batch, "--seq", SIZES.seq, "--steps", steps, "--sample-batch", SIZES.sampleBatch, "--sample-tokens", SIZES.sampleTokens, "--threads", 1,
  ]);
  if (torch.params !== params) throw new Error(`the PyTorch transformer has ${torch.params} parameters, ours ${params}: not the same model`);
  ctx.log(`transformer: ours ${oursMs.toFixed(0)} ms/step, ${oursRate.toFixed(0)} tokens/s; PyTorch ${torch.train_ms.toFixed(0)} ms/step, ${torch.sample_tokens_per_s.toFixed(0)} tokens/s`);
  const shape = `d ${SIZES.dModel}, L ${SIZES.layers}, H ${SIZES.heads}, V ${SIZES.vocab}, context ${SIZES.context}; ${params} parameters`;
  return [
    costRow(`transformer train step, serial (batch ${SIZES.batch} × ${SIZES.seq} tokens, ${shape}; Adam)`, oursMs, torch.train_ms, "wall ms/step",
      `TF.js ${info.name} vs PyTorch CPU, one thread both, warm both (3 untimed steps, median of ${steps}); target: ours ≤ 1.5× PyTorch's time (ratio ≥ 0.67)`),
    rateRow(`transformer sampling with KV cache, serial (${SIZES.sampleBatch} sequences × ${SIZES.sampleTokens} new tokens, ${shape})`, oursRate, torch.sample_tokens_per_s, "tokens/s",
      "one untimed run, then the median of 3, both sides; growing key/value cache both sides; temperature 1, no grammar mask"),
  ];
}

// Models benchmark: one Adam training step of the CSPNet denoiser at the reference sizes, ours (best TF.js backend)
// vs PyTorch CPU (/work/shared/bench/cspnet_torch.py, same arguments, same run), plus sampling throughput of
// DiffCSP (predictor–corrector) and FlowMM (Euler) in crystals per second (ours only).
// Like for like: the same shapes and arithmetic (random inputs of the same sizes on both sides: the graph is dense
// within each crystal, so the values do not change the work); the warm-up of cspnet_torch.py on both sides (3 untimed
// steps, then the median of N); the same threads on both sides: TF.js wasm runs one thread in Node, so PyTorch runs
// with --threads 1 for the row and its time at its default 2 threads is quoted in the note (with tfjs-node, which uses
// every core, PyTorch gets as many threads).
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../dist/models/backend/index.js";
import { crystalGraph, cspnetConfig, cspnetForward, cspnetParamCount, initCspnetParams } from "../dist/models/cspnet/index.js";
import { createModel } from "../dist/models/index.js";
import { ADAM_DEFAULTS, adamUpdate, initOptimizerState } from "../dist/models/training/index.js";
import { batchStructures } from "../dist/representations/batch.js";
import { rng } from "../dist/util/random.js";
import { randomCrystals } from "./lib/crystals.mjs";
import { PYTHON, SERIAL_ENV } from "./lib/python.mjs";
import { costRow, oursOnlyRow } from "./lib/rows.mjs";
import { medianStepMs } from "./lib/timing.mjs";

/** The CSP training configuration of the benchmarks (also bench/training-parallel.bench.mjs). */
export const SIZES = { atoms: 5, batch: 64, hidden: 256, layers: 4, freqs: 64, timeDim: 64 };


/** Median ms of our training step: forward, MSE loss on coordinate and lattice outputs, gradients, Adam. */
function oursStepMs(steps) {
  const B = SIZES.batch, N = SIZES.atoms * B;
  const batch = batchStructures(randomCrystals(B, SIZES.atoms, 1));
  const g = crystalGraph(batch);
  const config = cspnetConfig({ hidden: SIZES.hidden, layers: SIZES.layers, freqs: SIZES.freqs, timeDim: SIZES.timeDim });
  const params = initCspnetParams(config, 0);
  const state = initOptimizerState(params);
  const r = rng(2);
  const input = {
    types: tf.tensor1d(batch.species, "int32"),
    fracCoords: tf.tensor2d(batch.fracCoords, [N, 3]),
    lattices: tf.tensor3d(batch.lattices, [B, 3, 3]),
    time: tf.tensor1d(Float32Array.from({ length: B }, () => 1000 * r.next())),
  };
  const tc = tf.tensor2d(Float32Array.from({ length: 3 * N }, () => r.normal()), [N, 3]);
  const tl = tf.tensor3d(Float32Array.from({ length: 9 * B }, () => r.normal()), [B, 3, 3]);
  const vars = [...params.values()];
  const names = new Map([...params].map(([k, v]) => [v.name, k]));
  const step = () => {
    const { value, grads } = tf.variableGrads(() => {
      const o = cspnetForward(params, config, g, input);
      return tf.losses.meanSquaredError(tc, o.coord).add(tf.losses.meanSquaredError(tl, o.lattice));
    }, vars);
    const byName = Object.fromEntries(Object.entries(grads).map(([k, v]) => [names.get(k), v]));
    adamUpdate(params, byName, state, 1e-3, 1, { ...ADAM_DEFAULTS });
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
  };
  const ms = medianStepMs(step, steps);
  return { ms, params: cspnetParamCount(config), edges: batch.edgeSenders.length };
}

/** Median ms per PyTorch training step on `threads` threads (cspnet_torch.py at SIZES). */
function torchStepMs(ctx, steps, threads) {
  const args = ["--atoms", SIZES.atoms, "--batch", SIZES.batch, "--hidden", SIZES.hidden, "--layers", SIZES.layers, "--freqs", SIZES.freqs, "--time-dim", SIZES.timeDim, "--steps", steps, "--threads", threads].map(String);
  const env = threads === 1 ? SERIAL_ENV : process.env;
  const out = execFileSync(PYTHON, [`${ctx.sharedDir}/bench/cspnet_torch.py`, ...args], { encoding: "utf8", env });
  const m = /median_ms_per_step=([\d.]+)/.exec(out);
  if (!m) throw new Error(`cspnet_torch.py printed no median: ${out}`);
  return { ms: Number(m[1]), line: out.trim() };
}

async function samplingThroughput(family, steps, count) {
  const model = createModel(family, { hidden: 128, layers: 4, freqs: 10, maxAtoms: 20 });
  const compositions = Array.from({ length: count }, (_, i) => (i % 2 ? "SrTiO3" : "BaZrO3"));
  await model.sample({ compositions: compositions.slice(0, 2), settings: { steps: 2 } });
  const t0 = performance.now();
  await model.sample({ compositions, settings: { steps }, batchSize: count });
  const s = (performance.now() - t0) / 1000;
  model.dispose();
  return count / s;
}

export default async function modelsBench(ctx) {
  const info = await initBackend();
  const steps = ctx.quick ? 5 : 20;
  ctx.log(`models: backend ${info.name}; training step at atoms ${SIZES.atoms} × batch ${SIZES.batch}, H ${SIZES.hidden}, L ${SIZES.layers}, F ${SIZES.freqs}`);
  const ours = oursStepMs(steps);
  const threads = info.name === "tensorflow" ? availableParallelism() : 1;
  const torch = torchStepMs(ctx, steps, threads);
  const torch2 = threads === 1 ? torchStepMs(ctx, steps, 2) : null;
  ctx.log(`models: ours ${ours.ms.toFixed(1)} ms/step (${ours.params} parameters, ${ours.edges} edges); ${torch.line}`);
  const diffSteps = ctx.quick ? 20 : 100;
  const flowSteps = ctx.quick ? 20 : 100;
  const count = 64;
  const diffRate = await samplingThroughput("diffcsp", diffSteps, count);
  const flowRate = await samplingThroughput("flowmm", flowSteps, count);
  return [
    costRow(`cspnet train step, ${threads === 1 ? "serial" : `${threads} threads`} (atoms 5 × batch 64, H 256, L 4, F 64; Adam)`, ours.ms, torch.ms, "wall ms/step",
      `TF.js ${info.name} vs PyTorch CPU --threads ${threads}, warm both (3 untimed steps, median of ${steps}); ${ours.params} parameters` +
        (torch2 ? `; PyTorch at its default 2 threads: ${torch2.ms.toFixed(0)} ms/step (TF.js wasm has no threads in Node)` : "")),
    oursOnlyRow(`DiffCSP sampling, ${diffSteps} predictor–corrector steps (2 denoiser calls each), 64 perovskites, H 128 L 4 F 10`, diffRate, "crystals/s",
      `warm (one small call first); no in-run reference; full T = 1000 schedule is ${1000 / diffSteps}× slower`),
    oursOnlyRow(`FlowMM sampling, ${flowSteps} Euler steps, 64 perovskites, H 128 L 4 F 10`, flowRate, "crystals/s", "warm (one small call first); no in-run reference"),
  ];
}

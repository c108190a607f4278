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
import { initBackend } from "../dist/models/backend/index.js";
import { createModel } from "../dist/models/index.js";
import { CSP_SIZES, cspnetTrainingStep } from "./lib/cspnet-step.mjs";
import { PYTHON, SERIAL_ENV } from "./lib/python.mjs";
import { costRow, oursOnlyRow } from "./lib/rows.mjs";
import { medianStepMs } from "./lib/timing.mjs";

/** Median ms of our training step (bench/lib/cspnet-step.mjs), with its parameter and edge counts. */
function oursStepMs(steps) {
  const { step, params, edges } = cspnetTrainingStep();
  return { ms: medianStepMs(step, steps), params, edges };
}

/** Median ms per PyTorch training step on `threads` threads (cspnet_torch.py at CSP_SIZES). */
function torchStepMs(ctx, steps, threads) {
  const args = ["--atoms", CSP_SIZES.atoms, "--batch", CSP_SIZES.batch, "--hidden", CSP_SIZES.hidden, "--layers", CSP_SIZES.layers, "--freqs", CSP_SIZES.freqs, "--time-dim", CSP_SIZES.timeDim, "--steps", steps, "--threads", threads].map(String);
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
  ctx.log(`models: backend ${info.name}; training step at atoms ${CSP_SIZES.atoms} × batch ${CSP_SIZES.batch}, H ${CSP_SIZES.hidden}, L ${CSP_SIZES.layers}, F ${CSP_SIZES.freqs}`);
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

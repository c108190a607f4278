// Data-parallel training benchmark: steps/s of DiffCSP training through model.train at the CSP training configuration
// of models.bench.mjs (5 atoms × 64 crystals, hidden 256, 4 layers, 64 frequencies) with 2 threads (this one + 1
// worker) vs 1 thread, in the same script; the ratio is the speed-up. Step times are the medians of the gaps between
// consecutive steps after 3 untimed ones (the worker's start-up is not counted); the process CPU per step (all threads)
// and the worker's memory are quoted: on a loaded machine the wall ratio understates the speed-up, while CPU per step
// (1 thread vs 2) shows the work the second thread adds (exchange of gradients, a second Adam update). A second row
// times the gan of data/checkpoints/gan-perov5 (its sizes; 5 critic batches of 64 and a generator update per step).
import { initBackend } from "../dist/models/backend/index.js";
import { createModel } from "../dist/models/index.js";
import { randomCrystals } from "./lib/crystals.mjs";
import { rateRow } from "./lib/rows.mjs";
import { CSP_SIZES as SIZES } from "./lib/cspnet-step.mjs";

const WARMUP = 3;

/** The shipped gan-perov5's sizes and batch (64 crystals per critic batch). */
const GAN = { options: { latentDim: 64, generatorHidden: 256, criticHidden: 64, nCritic: 5 }, batch: 64, settings: { diagnosticsEvery: 0 } };

/**
 * Median wall seconds per step of `steps` timed steps of `make()` on `workers` threads, the mean process CPU seconds per
 * timed step (all threads) and the report's worker memory.
 */
async function secondsPerStep(make, data, workers, steps, batchSize = SIZES.batch, settings = undefined) {
  const model = make();
  const times = [];
  let cpu = null;
  const onStep = (s) => {
    times.push(s.elapsed);
    if (times.length === WARMUP) cpu = process.cpuUsage();
  };
  const report = await model.train(data, { epochs: 1000, batchSize, workers, stopAfterSteps: WARMUP + steps, onStep, ...(settings ? { settings } : {}) });
  const used = process.cpuUsage(cpu); // includes the last step's bookkeeping and the worker's exit: an upper bound
  model.dispose();
  const gaps = times.slice(WARMUP).map((t, i) => t - times[WARMUP - 1 + i]);
  return { seconds: gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)], cpuSeconds: (used.user + used.system) / 1e6 / steps, workers: report.workers ?? [] };
}

export default async function trainingParallelBench(ctx) {
  const info = await initBackend();
  const steps = ctx.quick ? 5 : 20;
  const data = randomCrystals(SIZES.batch, SIZES.atoms, 1);
  const diffcsp = () => createModel("diffcsp", { hidden: SIZES.hidden, layers: SIZES.layers, freqs: SIZES.freqs, timeDim: SIZES.timeDim, maxAtoms: 20 });
  const one = await secondsPerStep(diffcsp, data, 1, steps);
  const two = await secondsPerStep(diffcsp, data, 2, steps);
  const gan = () => createModel("gan", GAN.options);
  const ganData = randomCrystals(GAN.batch * GAN.options.nCritic, SIZES.atoms, 2);
  const ganOne = await secondsPerStep(gan, ganData, 1, steps, GAN.batch, GAN.settings);
  const ganTwo = await secondsPerStep(gan, ganData, 2, steps, GAN.batch, GAN.settings);
  const mb = (b) => (b / 2 ** 20).toFixed(0);
  const w = two.workers[0];
  const ms = (x) => (1000 * x).toFixed(0);
  ctx.log(`training-parallel: ${info.name}; 1 thread ${ms(one.seconds)} ms/step (CPU ${ms(one.cpuSeconds)}), 2 threads ${ms(two.seconds)} ms/step (CPU ${ms(two.cpuSeconds)}); worker heap ${mb(w.heapBytes)} MB, tensors ${mb(w.tensorBytes)} MB`);
  return [
    rateRow(`DiffCSP training, 2 threads vs 1 (atoms 5 × batch 64, H 256, L 4, F 64; data-parallel)`, 1 / two.seconds, 1 / one.seconds, "steps/s",
      `model.train with workers 2 vs workers 1, same script, ${info.name}; median step gap after ${WARMUP} untimed steps, ${steps} timed; process CPU per step ${ms(one.cpuSeconds)} ms (1 thread) vs ${ms(two.cpuSeconds)} ms (2); ` +
        `the worker holds ${mb(w.tensorBytes)} MB of tensors (weights, Adam moments, EMA) and a ${mb(w.heapBytes)} MB JS heap; ratio = speed-up`),
    rateRow(`GAN training, 2 threads vs 1 (gan-perov5 sizes: 5 critic batches of 64 + a generator update per step)`, 1 / ganTwo.seconds, 1 / ganOne.seconds, "steps/s",
      `model.train with workers 2 vs workers 1, same script, ${info.name}; each critic batch split across the threads; median step gap after ${WARMUP} untimed steps, ${steps} timed; ` +
        `process CPU per step ${ms(ganOne.cpuSeconds)} ms (1 thread) vs ${ms(ganTwo.cpuSeconds)} ms (2); ratio = speed-up`),
  ];
}

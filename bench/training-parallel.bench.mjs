// Data-parallel training benchmark: steps/s of DiffCSP training through model.train at the CSP training configuration
// of models.bench.mjs (5 atoms × 64 crystals, hidden 256, 4 layers, 64 frequencies) with 2 threads (this one + 1
// worker) vs 1 thread, in the same script; the ratio is the speed-up. Step times are the medians of the gaps between
// consecutive steps after 3 untimed ones (the worker's start-up is not counted); the process CPU per step (all threads)
// and the worker's memory are quoted: on a loaded machine the wall ratio understates the speed-up, while CPU per step
// (1 thread vs 2) shows the work the second thread adds (exchange of gradients, a second Adam update). A second row
// times the gan of data/checkpoints/gan-perov5 (its sizes; 5 critic batches of 64 and a generator update per step), a
// third the gflownet of data/checkpoints/gflownet-mp20-eform (its sizes and reward: 64 trajectories per step, rewarded
// by the shipped CGCNN formation-energy predictor, on mp_20_biternary fit), where drawing and rewarding the trajectories
// is most of a step and each thread does its share.
import { initBackend } from "../dist/models/backend/index.js";
import { loadDataset } from "../dist/datasets/load.js";
import { createModel } from "../dist/models/index.js";
import { randomCrystals } from "./lib/crystals.mjs";
import { rateRow } from "./lib/rows.mjs";
import { CSP_SIZES as SIZES } from "./lib/cspnet-step.mjs";

const WARMUP = 3;

/** The shipped gflownet-mp20-eform's sizes, reward and batch. */
const GFLOWNET = { options: { reward: "formation-energy", predictor: "data/checkpoints/cgcnn-mp20-mpts52-eform", beta: 4, hidden: 256, layers: 2 }, batch: 64 };
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
  process.env.CRYSTAL_DATA_DIR ??= ctx.dataDir;
  const gflownet = () => createModel("gflownet", GFLOWNET.options);
  const fit = { name: "mp_20_biternary", split: "fit", structures: (await loadDataset("mp_20_biternary", "fit")).structures };
  const gfnSteps = ctx.quick ? 3 : 8;
  const gfnOne = await secondsPerStep(gflownet, fit, 1, gfnSteps, GFLOWNET.batch);
  const gfnTwo = await secondsPerStep(gflownet, fit, 2, gfnSteps, GFLOWNET.batch);
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
    rateRow(`GFlowNet training, 2 threads vs 1 (gflownet-mp20-eform: 64 trajectories per step, CGCNN formation-energy reward)`, 1 / gfnTwo.seconds, 1 / gfnOne.seconds, "steps/s",
      `model.train with workers 2 vs workers 1 on mp_20_biternary fit, same script, ${info.name}; each thread draws and rewards its share of the trajectories (other draws than one thread's); median step gap after ${WARMUP} untimed steps, ${gfnSteps} timed; ` +
        `process CPU per step ${ms(gfnOne.cpuSeconds)} ms (1 thread) vs ${ms(gfnTwo.cpuSeconds)} ms (2); ratio = speed-up`),
  ];
}

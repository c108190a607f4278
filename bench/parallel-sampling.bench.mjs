// Parallel sampling benchmark: the shipped DiffCSP perov_5 checkpoint samples the same CSP request in seeded chunks with
// 2 worker threads and with 1 (the calling thread, the model already loaded), so the ratio is the speed-up of the
// chunked sampler (the crystals are identical, which the bench checks); the same for an `xtal evaluate`-style CSP
// evaluation (sampling, then validity and matching, each with that many workers); and the memory each worker thread
// reports after sampling (it keeps its loaded checkpoint). One worker and two are timed in alternation
// (bench/lib/timing.mjs alternatingColdWarm), so a machine whose speed drifts slows both alike; the first pass of each
// side is the cold one (it starts the workers and loads the checkpoint in each).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDataset } from "../dist/datasets/load.js";
import { closeParallelPool } from "../dist/metrics/parallel/index.js";
import { evaluateCspModel, initBackend, loadModel, sampleCrystals, samplingThreadMemory } from "../dist/models/index.js";
import { oursOnlyRow, rateRow } from "./lib/rows.mjs";
import { alternatingColdWarm } from "./lib/timing.mjs";

const CHECKPOINT = resolve(dirname(fileURLToPath(import.meta.url)), "../data/checkpoints/diffcsp-perov5");
const MB = 2 ** 20;
/** Warm passes per side, alternating one worker and two: the ratio of their medians is the speed-up. */
const ROUNDS = 5;
/** The warm CPU (all threads) of both sides: equal CPU with less wall is a real speed-up; a ratio near 1 with equal CPU means no free core. */
const cpu = (two, one) => `CPU (all threads) ${two.warm.cpuMs.toFixed(0)} vs ${one.warm.cpuMs.toFixed(0)} ms per item`;

export default async function parallelSamplingBench(ctx) {
  process.env.CRYSTAL_DATA_DIR ??= ctx.dataDir;
  const size = ctx.quick ? { targets: 16, steps: 20, chunkSize: 4 } : { targets: 64, steps: 100, chunkSize: 8 };
  await initBackend();
  const model = await loadModel(CHECKPOINT);
  const source = { model, checkpoint: CHECKPOINT };
  const targets = (await loadDataset("perov_5", "test", { limit: size.targets })).structures;
  const request = { compositions: targets.map((t) => t.species), settings: { steps: size.steps }, seed: 0 };
  const what = `${size.targets} perov_5 test compositions, ${size.steps} predictor–corrector steps, chunks of ${size.chunkSize}`;
  const rows = [];
  try {
    ctx.log(`parallel sampling: ${what}`);
    const sample = (workers) => () => sampleCrystals(source, request, { workers, chunkSize: size.chunkSize });
    const { a: one, b: two } = await alternatingColdWarm(sample(1), sample(2), size.targets, ROUNDS);
    const same = JSON.stringify(one.out.map((s) => [...s.fracCoords, ...s.lattice.matrix])) === JSON.stringify(two.out.map((s) => [...s.fracCoords, ...s.lattice.matrix]));
    if (!same) throw new Error("2 workers sampled other crystals than 1");
    rows.push(rateRow("DiffCSP sampling, 2 workers vs 1", 1000 / two.warm.wallMs, 1000 / one.warm.wallMs, "crystals/s",
      `${what}; ratio = speed-up (identical crystals checked); warm wall, medians of ${ROUNDS} passes per side timed in alternation; ${cpu(two, one)}; cold (workers start, load the checkpoint) ${(1000 / two.cold.wallMs).toFixed(2)} vs ${(1000 / one.cold.wallMs).toFixed(2)} crystals/s`));

    const memory = await samplingThreadMemory(2);
    const heap = memory.map((m) => m.heapUsed / MB), external = memory.map((m) => m.external / MB);
    rows.push(oursOnlyRow("DiffCSP sampling worker memory (V8 heap + external, mean of 2)", heap.reduce((a, b) => a + b, 0) / heap.length + external.reduce((a, b) => a + b, 0) / external.length, "MB/worker",
      `per worker after sampling (checkpoint loaded): heap ${heap.map((v) => v.toFixed(1)).join(" / ")} MB, external (TF.js wasm memory) ${external.map((v) => v.toFixed(1)).join(" / ")} MB; process RSS ${(memory[0].rss / MB).toFixed(0)} MB (all threads)`));

    const evaluate = (workers) => () => evaluateCspModel(model, targets, { checkpoint: CHECKPOINT, settings: { steps: size.steps }, seed: 0, workers, chunkSize: size.chunkSize, structFingerprint: "none" });
    const { a: e1, b: e2 } = await alternatingColdWarm(evaluate(1), evaluate(2), size.targets, ROUNDS);
    rows.push(rateRow("xtal evaluate-style CSP evaluation, 2 workers vs 1", 1000 / e2.warm.wallMs, 1000 / e1.warm.wallMs, "targets/s",
      `${what}, k = 1, validity without fingerprints + StructureMatcher; sampling and metrics each with that many workers; warm wall, medians of ${ROUNDS} alternating passes per side; ${cpu(e2, e1)}`));
  } finally {
    model.dispose();
    await closeParallelPool();
  }
  return rows;
}

// M3GNet benchmark (issue #19): the shipped potential and formation-energy model, ours (TF.js) against the PyTorch
// reference bench/py/m3gnet_torch.py (the same computation, float32) on the same graphs, plus relaxation runs of the
// same crystals on 1 and 2 worker threads (bench/lib/m3gnet-relax-run.mjs, each in a fresh process).
// Like for like: our side builds each graph once (buildM3gnetGraph) and both sides compute on it, so graph
// construction is timed on neither side (ours is quoted in the note); the same cold/warm policy (bench/lib/timing.mjs,
// bench/py/timing.py; CPU time per crystal); one thread both (TF.js wasm has no threads in Node, so PyTorch runs with
// --threads 1 and one BLAS thread). Memory per batch: the rise of the process's peak resident memory during the first
// evaluation of the batch in a fresh process, above its resident memory before (weights and graph loaded), both sides
// (bench/lib/m3gnet-memory.mjs, m3gnet_torch.py memory).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initBackend } from "../dist/models/backend/index.js";
import { crystalBatches } from "../dist/models/m3gnet/batches.js";
import { m3gnetGraphFormationEnergies } from "../dist/models/m3gnet/formation-energy.js";
import { m3gnetGraphJson } from "../dist/models/m3gnet/graph.js";
import { SHIPPED_EFORM, SHIPPED_PES, SHIPPED_POTENTIALS_DIR, loadM3gnetFormationEnergy, loadM3gnetPotential } from "../dist/models/m3gnet/index.js";
import { m3gnetGraphPotential } from "../dist/models/m3gnet/potential.js";
import { graphOf, testCrystals } from "./lib/m3gnet-inputs.mjs";
import { runPython } from "./lib/python.mjs";
import { costRow, oursOnlyRow, rateRow, warmCpuRow } from "./lib/rows.mjs";
import { coldWarm } from "./lib/timing.mjs";

const script = fileURLToPath(new URL("./py/m3gnet_torch.py", import.meta.url));
const BATCH = 32;
/** Issue #19's target: relax 1,000 MP-20-size crystals in at most this many minutes. */
const TARGET_MINUTES = 15;

/** Our peak resident-memory rise (bytes) over the first evaluation of the batch, in a fresh process. */
function oursPeakRssRise(ctx, dataset, range) {
  const probe = fileURLToPath(new URL("./lib/m3gnet-memory.mjs", import.meta.url));
  const out = execFileSync(process.execPath, [probe, ctx.dataDir, dataset, BATCH, ...range].map(String), { encoding: "utf8" });
  return JSON.parse(out).peakRssRiseBytes;
}

/** The reference's `mode` ("time" or "memory") on graph `g` of the model in `dir` (float32, one thread, a fresh process). */
const reference = (mode, dir, g) => runPython(script, [mode, dir, "-", "--dtype", "float32", "--threads", 1], { input: m3gnetGraphJson(g) });

const describeGraph = (g) => `${(g.numAtoms / g.numCrystals).toFixed(1)} atoms avg; ${g.numBonds} bonds, ${g.tripleReceiver.length} triples`;
const mb = (bytes) => bytes / 2 ** 20;

/** Energy + forces + stress of 32 crystals: time per crystal-step and memory per batch, ours vs PyTorch. */
async function potentialRows(ctx, potential, dataset, range) {
  const model = potential.model;
  const structures = await testCrystals(ctx.dataDir, dataset, BATCH, range);
  const g = graphOf(model, structures);
  const ours = await coldWarm(() => m3gnetGraphPotential(model, g), BATCH);
  const graphBuild = await coldWarm(() => graphOf(model, structures), BATCH);
  const whole = await coldWarm(() => potential.evaluate(structures), BATCH);
  const dir = join(SHIPPED_POTENTIALS_DIR, SHIPPED_PES);
  const ref = await reference("time", dir, g);
  const refMemory = await reference("memory", dir, g);
  const peak = oursPeakRssRise(ctx, dataset, range);
  ctx.log(`m3gnet: ${dataset} PES ours ${ours.warm.cpuMs.toFixed(1)} ms/crystal (${ours.passes} passes), PyTorch ${ref.time.warm.cpu_ms.toFixed(1)} (${ref.time.passes})`);
  const name = `M3GNet energy + forces + stress, ${dataset} test, batch of ${BATCH} (${describeGraph(g)})`;
  return [
    warmCpuRow(name, ours, ref.time, "crystal-step",
      `the same graph both sides; PyTorch float32 --threads 1; forces and stress by autograd both; graph construction (ours: ` +
        `${graphBuild.warm.cpuMs.toFixed(2)} ms/crystal) timed on neither side; our whole evaluate() ${whole.warm.cpuMs.toFixed(1)} ms/crystal ` +
        `(graph built and evaluated in ${crystalBatches(structures, 256).length} part(s) of ≤ 256 atoms, its default)`),
    costRow(`${name}: memory`, mb(peak), mb(refMemory.peak_rss_rise_bytes), "MiB/batch",
      "peak resident memory rise of a fresh process over its first evaluation of the batch (weights and graph already loaded), both sides; " +
        "TF.js keeps every forward tensor and every intermediate gradient until the gradient is complete (tape.js frees none of them early)"),
  ];
}

/** Formation energies of 32 MP-20 crystals: throughput ours vs PyTorch. */
async function formationEnergyRow(ctx) {
  const model = loadM3gnetFormationEnergy().model;
  const g = graphOf(model, await testCrystals(ctx.dataDir, "mp_20_biternary", BATCH, [1, 20]));
  const ours = await coldWarm(() => m3gnetGraphFormationEnergies(model, g), BATCH);
  const ref = await reference("time", join(SHIPPED_POTENTIALS_DIR, SHIPPED_EFORM), g);
  model.dispose();
  const rate = (cpuMs) => 1000 / cpuMs;
  return rateRow(`M3GNet formation energy (set2set), mp_20_biternary test, batch of ${BATCH} (${describeGraph(g)})`,
    rate(ours.warm.cpuMs), rate(ref.time.warm.cpu_ms), "crystals/s (CPU)",
    `the same graph both sides (three-body cutoff 5 Å); PyTorch float32 --threads 1, no_grad; warm both; cold ours ` +
      `${rate(ours.cold.cpuMs).toFixed(1)} / ref ${rate(ref.time.cold.cpu_ms).toFixed(1)} crystals/s; graph construction timed on neither side`);
}

/** One relaxation run (bench/lib/m3gnet-relax-run.mjs) of `n` crystals on `workers` threads, in a fresh process. */
function relaxationRun(ctx, n, workers, chunkSize) {
  const probe = fileURLToPath(new URL("./lib/m3gnet-relax-run.mjs", import.meta.url));
  const out = execFileSync(process.execPath, [probe, ctx.dataDir, n, workers, chunkSize].map(String), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 2 ** 26 });
  return JSON.parse(out);
}

/**
 * Relaxation of N perturbed MP-20 crystals (defaults of relaxStructures but the chunk size) on one worker (this thread)
 * and on two: the wall time for 1,000, the speed-up of two workers, peak memory per worker, identical results.
 */
async function relaxationRows(ctx) {
  const [n, chunkSize] = ctx.quick ? [64, 16] : [1000, 64];
  const one = relaxationRun(ctx, n, 1, chunkSize);
  const two = relaxationRun(ctx, n, 2, chunkSize);
  if (one.digest !== two.digest) throw new Error(`m3gnet: relaxing on 2 workers gave other results than on 1 (digests ${one.digest} and ${two.digest})`);
  const steps = [...one.steps].sort((a, b) => a - b);
  const count = (status) => one.statuses[status] ?? 0;
  const minutes = (run) => (run.wallS / n) * 1000 / 60;
  const [minutes1, minutes2] = [minutes(one), minutes(two)];
  ctx.log(`m3gnet: relaxed ${n} in ${one.wallS.toFixed(0)} s (1 worker), ${two.wallS.toFixed(0)} s (2 workers); ${one.evaluations} evaluations`);
  const name = `M3GNet relaxation (FIRE + ExpCellFilter, fmax 0.05 eV/Å, ≤ 500 steps, batch 32, chunks of ${chunkSize}), ${n} mp_20_biternary test ` +
    `crystals strained ±${100 * one.strain} % and rattled ${one.rattle} Å: wall time for 1,000${n < 1000 ? " (projected)" : ""}`;
  const target = (m) => (m <= TARGET_MINUTES ? "met" : `missed by ${(m / TARGET_MINUTES).toFixed(1)}×`);
  return [
    oursOnlyRow(`${name}, 1 worker`, minutes1, "min/1,000 crystals",
      `no in-run reference (a full relaxation is not run in PyTorch here); ${n} relaxed in ${one.wallS.toFixed(0)} s wall, ` +
        `${one.cpuS.toFixed(0)} s CPU; ${one.evaluations} crystal evaluations (${((1000 * one.wallS) / one.evaluations).toFixed(1)} ms wall each); steps per ` +
        `crystal median ${steps[Math.floor(n / 2)]}, mean ${(steps.reduce((a, b) => a + b, 0) / n).toFixed(0)}, max ${steps[n - 1]}; converged ` +
        `${count("converged")}/${n} (${((100 * count("converged")) / n).toFixed(1)} %), not converged ${count("not-converged")}, exploded ${count("exploded")}, ` +
        `refused ${count("refused")}; peak resident memory rise ${mb(one.peakRssRiseBytes).toFixed(0)} MiB; target ≤ ${TARGET_MINUTES} min: ${target(minutes1)}`),
    costRow(`${name}, 2 workers vs 1`, minutes2, minutes1, "min/1,000 crystals",
      `the same crystals and chunks, identical results (digest ${two.digest.slice(0, 12)}); ${two.wallS.toFixed(0)} s wall, ${two.cpuS.toFixed(0)} s CPU ` +
        `(all threads); peak resident memory rise ${mb(two.peakRssRiseBytes).toFixed(0)} MiB, ${mb(two.peakRssRiseBytes / 2).toFixed(0)} MiB per worker ` +
        `(each worker loads the weights and has its own wasm heap; the calling thread's copy is idle); target ≤ ${TARGET_MINUTES} min: ${target(minutes2)}`),
  ];
}

export default async function m3gnetBench(ctx) {
  const info = await initBackend();
  ctx.log(`m3gnet: backend ${info.name}`);
  const potential = loadM3gnetPotential();
  const rows = [
    ...(await potentialRows(ctx, potential, "perov_5", [5, 5])),
    ...(await potentialRows(ctx, potential, "mpts_52", [30, 52])),
    await formationEnergyRow(ctx),
  ];
  potential.model.dispose();
  return [...rows, ...(await relaxationRows(ctx))];
}

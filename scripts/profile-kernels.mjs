// Per-kernel profile of a model workload on the active TF.js backend (wasm unless TFJS_BACKEND says otherwise):
// every registered kernel function is wrapped with a timer and its time booked to the phase it ran in. Prints the
// median time per pass and a markdown table of the top kernels.
//   cspnet: one Adam training step of the CSPNet denoiser at the bench's sizes (atoms 5 × batch 64, H 256, L 4, F 64),
//           phases fwd / bwd / adam;
//   m3gnet: energy + forces + stress of the shipped potential on 32 perov_5 test crystals (CRYSTAL_DATA_DIR), phase eval.
// With --ab it times passes alternately with the stock and the patched versions of the kernels named in AB_KERNELS
// (default: the Sum, Sin, Cos, Transpose, Concat, SplitV and CrystalFourierFeatures patches) in one process, so both see the same load.
// usage: npm run build && node scripts/profile-kernels.mjs cspnet|m3gnet [--ab]   (env STEPS, default 5; TOP, default 40)
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { cspnetTrainingStep } from "../bench/lib/cspnet-step.mjs";
import { initBackend } from "../dist/models/backend/index.js";

const [workload = "cspnet"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const ab = process.argv.includes("--ab");
const STEPS = Number(process.env.STEPS ?? 5);
const AB = (process.env.AB_KERNELS ?? "Sum,Sin,Cos,Transpose,Concat,SplitV,CrystalFourierFeatures").split(",");
const stockKernels = Object.fromEntries(AB.map((n) => [n, tf.getKernel(n, "wasm")]));
const info = await initBackend();
const patchedKernels = Object.fromEntries(AB.map((n) => [n, tf.getKernel(n, "wasm")]));
console.log(`backend ${info.name}; patches ${info.patches.join(", ")}`);

/** Registers one set of the AB kernels (a missing entry leaves the kernel unregistered, as before the patches). */
function useKernels(set) {
  for (const n of AB) {
    if (tf.getKernel(n, "wasm")) tf.unregisterKernel(n, "wasm");
    if (set[n]) tf.registerKernel(set[n]);
  }
}

let phase = "other";
const stats = new Map();
function wrapKernels() {
  for (const k of tf.getKernelsForBackend(info.name)) {
    const f = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, k.backendName);
    tf.registerKernel({ ...k, kernelFunc: (args) => {
      const t0 = performance.now();
      const out = f(args);
      const dt = performance.now() - t0;
      const key = `${phase}|${k.kernelName}`;
      const s = stats.get(key) ?? { ms: 0, n: 0, shapes: new Map() };
      s.ms += dt;
      s.n++;
      const shapes = Object.values(args.inputs).map((t) => (t ? `[${t.shape}]` : "-")).join(" ");
      const attrs = args.attrs ? JSON.stringify(args.attrs, (_, v) => (Array.isArray(v) && v.length > 8 ? `len ${v.length}` : v)) : "";
      const sk = `${shapes} ${attrs}`;
      s.shapes.set(sk, (s.shapes.get(sk) ?? 0) + dt);
      stats.set(key, s);
      return out;
    } });
  }
}

/** One CSPNet training step as in bench/models.bench.mjs, with phase marks. */
function cspnetPass() {
  return cspnetTrainingStep((p) => (phase = p)).step;
}

/** Energy + forces + stress of 32 perov_5 test crystals as in bench/m3gnet.bench.mjs. */
async function m3gnetPass() {
  const { graphOf, testCrystals } = await import("../bench/lib/m3gnet-inputs.mjs");
  const { loadM3gnetPotential } = await import("../dist/models/m3gnet/index.js");
  const { m3gnetGraphPotential } = await import("../dist/models/m3gnet/potential.js");
  const model = loadM3gnetPotential().model;
  const structures = await testCrystals(process.env.CRYSTAL_DATA_DIR ?? "/work/shared/data", "perov_5", 32, [5, 5]);
  const g = graphOf(model, structures);
  return () => {
    phase = "eval";
    m3gnetGraphPotential(model, g);
    phase = "other";
  };
}

const pass = workload === "m3gnet" ? await m3gnetPass() : cspnetPass();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (ab) {
  const ms = { stock: [], patched: [] }, cpu = { stock: [], patched: [] };
  for (let i = 0; i < STEPS + 1; i++)
    for (const [name, set] of [["stock", stockKernels], ["patched", patchedKernels]]) {
      useKernels(set);
      pass(); // the first pass after a switch warms the switched kernels
      const t = performance.now(), c = process.cpuUsage();
      pass();
      const u = process.cpuUsage(c);
      if (i > 0) ms[name].push(performance.now() - t), cpu[name].push((u.user + u.system) / 1e3);
    }
  const line = (label, m) => `${label} stock ${median(m.stock).toFixed(1)} ms, patched ${median(m.patched).toFixed(1)} ms (stock/patched ${(median(m.stock) / median(m.patched)).toFixed(3)})`;
  console.log(`${workload}: ${AB.join(", ")}; medians of ${STEPS} alternating passes: ${line("wall", ms)}; ${line("CPU", cpu)}`);
} else {
  wrapKernels();
  for (let i = 0; i < 3; i++) pass();
  stats.clear();
  const times = [];
  for (let i = 0; i < STEPS; i++) {
    const t = performance.now();
    pass();
    times.push(performance.now() - t);
  }
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, v]) => s + v.ms, 0) / STEPS;
  console.log(`${workload}: median pass ${median(times).toFixed(1)} ms (kernel timers on); kernels ${total.toFixed(1)} ms/pass`);
  console.log("| phase | kernel | ms/pass | calls/pass | top shapes (ms/pass) |\n|---|---|---:|---:|---|");
  for (const [k, v] of rows.slice(0, Number(process.env.TOP ?? 40))) {
    const [ph, name] = k.split("|");
    const top = [...v.shapes].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([s, t]) => `${s} ${(t / STEPS).toFixed(1)}`).join("; ");
    console.log(`| ${ph} | ${name} | ${(v.ms / STEPS).toFixed(1)} | ${v.n / STEPS} | ${top} |`);
  }
}

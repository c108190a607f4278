// Per-kernel profile of one CSPNet training step (the bench's row: atoms 5 × batch 64, H 256, L 4, F 64; Adam) on the
// active TF.js backend: every registered kernel function is wrapped with a timer, and its time is booked to the phase
// it ran in (forward, backward, Adam). Prints the phase times and a markdown table of the top kernels.
// usage: npm run build && node scripts/profile-cspnet-step.mjs   (env STEPS = timed steps, default 5; TOP = rows, default 40;
// NOPROF=1 times the steps without the wrappers)
import * as tf from "@tensorflow/tfjs";
import { latticeFromMatrix } from "../dist/crystal/lattice.js";
import { makeStructure } from "../dist/crystal/structure.js";
import { initBackend } from "../dist/models/backend/index.js";
import { crystalGraph, cspnetConfig, cspnetForward, initCspnetParams } from "../dist/models/cspnet/index.js";
import { ADAM_DEFAULTS, adamUpdate, initOptimizerState } from "../dist/models/training/index.js";
import { batchStructures } from "../dist/representations/batch.js";
import { rng } from "../dist/util/random.js";

const info = await initBackend();
console.log(info.name, info.patches.join(","));
let phase = "other";
const stats = new Map();
const PROFILE = !process.env.NOPROF;
if (PROFILE) for (const k of tf.getKernelsForBackend(info.name)) {
  const f = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, k.backendName);
  tf.registerKernel({ ...k, kernelFunc: (args) => {
    const t0 = performance.now();
    const out = f(args);
    const dt = performance.now() - t0;
    const shp = Object.values(args.inputs).map((t) => t ? `[${t.shape}]` : "-").join(" ");
    const key = `${phase}|${k.kernelName}`;
    const s = stats.get(key) ?? { ms: 0, n: 0, shapes: new Map() };
    s.ms += dt; s.n++;
    const a = args.attrs ? JSON.stringify(args.attrs, (kk, v) => (typeof v === "object" && v && v.length > 8 ? `len${v.length}` : v)) : "";
    const sk = shp + " " + a;
    s.shapes.set(sk, (s.shapes.get(sk) ?? 0) + dt);
    stats.set(key, s);
    return out;
  } });
}
const SIZES = { atoms: 5, batch: 64, hidden: 256, layers: 4, freqs: 64, timeDim: 64 };
function randomCrystals(count, atoms, seed) {
  const r = rng(seed);
  return Array.from({ length: count }, () => makeStructure({
    lattice: latticeFromMatrix(Array.from({ length: 9 }, (_, k) => (k % 4 === 0 ? 5 : 0) + 0.3 * r.normal())),
    species: Array.from({ length: atoms }, () => 1 + r.int(89)),
    fracCoords: Array.from({ length: 3 * atoms }, () => r.next()),
  }));
}
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
const phaseMs = { fwd: 0, bwd: 0, adam: 0 };
const step = () => {
  let t0 = performance.now(), t1;
  phase = "fwd";
  const { value, grads } = tf.variableGrads(() => {
    const o = cspnetForward(params, config, g, input);
    const l = tf.losses.meanSquaredError(tc, o.coord).add(tf.losses.meanSquaredError(tl, o.lattice));
    phase = "bwd"; t1 = performance.now(); phaseMs.fwd += t1 - t0;
    return l;
  }, vars);
  const t2 = performance.now(); phaseMs.bwd += t2 - t1;
  phase = "adam";
  const byName = Object.fromEntries(Object.entries(grads).map(([k, v]) => [names.get(k), v]));
  adamUpdate(params, byName, state, 1e-3, 1, { ...ADAM_DEFAULTS });
  value.dataSync();
  tf.dispose([value, ...Object.values(grads)]);
  phaseMs.adam += performance.now() - t2;
  phase = "other";
};
for (let i = 0; i < 3; i++) step();
stats.clear(); phaseMs.fwd = phaseMs.bwd = phaseMs.adam = 0;
const S = Number(process.env.STEPS ?? 5);
const times = [];
for (let i = 0; i < S; i++) { const t = performance.now(); step(); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(`median step ${times[Math.floor(S / 2)].toFixed(1)} ms; per step fwd ${(phaseMs.fwd / S).toFixed(1)} bwd ${(phaseMs.bwd / S).toFixed(1)} adam ${(phaseMs.adam / S).toFixed(1)}`);
const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, v]) => s + v.ms, 0) / S;
console.log(`kernel total ${total.toFixed(1)} ms/step`);
console.log("| phase | kernel | ms/step | calls/step | top shapes (ms/step) |\n|---|---|---:|---:|---|");
for (const [k, v] of rows.slice(0, Number(process.env.TOP ?? 40))) {
  const [ph, name] = k.split("|");
  const sh = [...v.shapes].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([s, ms]) => `${s} ${(ms / S).toFixed(1)}`).join("; ");
  console.log(`| ${ph} | ${name} | ${(v.ms / S).toFixed(1)} | ${v.n / S} | ${sh} |`);
}

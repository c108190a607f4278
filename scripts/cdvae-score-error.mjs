// How well a CDVAE checkpoint's score decoder denoises, level by level (run from the package root after
// `npm run build`, with CRYSTAL_DATA_DIR set):
//   node scripts/cdvae-score-error.mjs --checkpoint DIR --input DATASET:SPLIT [--limit N] [--seed 1] --out FILE.json
// Each crystal is encoded (z = μ) and its true coordinates are displaced by wrapped N(0, σ_ℓ²) noise at each of nine
// levels ℓ; the decoder, given the true lattice and types, predicts the normalised score. The report holds the mean
// squared error against the target per level: 1 means the decoder predicts nothing at that level, 0 is perfect.
import { writeFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { reducedStructure } from "../dist/crystal/reduced-structure.js";
import { loadDataset } from "../dist/datasets/index.js";
import { decodeForward } from "../dist/models/cdvae/networks.js";
import { levelTime, noiseLevels } from "../dist/models/cdvae/objective.js";
import { crystalGraph, disposeCrystalGraph } from "../dist/models/cspnet/index.js";
import { wrappedNormalNegScore } from "../dist/models/diffcsp/schedules.js";
import { initBackend, loadModel } from "../dist/models/index.js";
import { batchStructures } from "../dist/representations/batch.js";
import { rng } from "../dist/util/random.js";

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const [checkpoint, input, out] = [arg("--checkpoint"), arg("--input"), arg("--out")];
if (!checkpoint || !input?.includes(":") || !out) throw new Error("usage: node scripts/cdvae-score-error.mjs --checkpoint DIR --input DATASET:SPLIT [--limit N] [--seed 1] --out FILE.json");
const limit = Number(arg("--limit", "120")), seed = Number(arg("--seed", "1"));
const [dataset, split] = input.split(":");
await initBackend();
const model = await loadModel(checkpoint);
const f = model.config.familyConfig;
const crystals = (await loadDataset(dataset, split)).structures.slice(0, limit).map((s) => reducedStructure(s));
const z = (await model.encode(crystals)).flatMap((c) => [...c.mean]);
const levels = noiseLevels(f.noise);
const batch = batchStructures(crystals);
const graph = crystalGraph(batch);
const B = crystals.length, N = batch.species.length;
const random = rng(seed);
const rows = [];
for (const level of [1, 5, 10, 15, 20, 25, 30, 40, 50].filter((l) => l <= levels.levels)) {
  const sigma = levels.sigmas[level], norm = Math.sqrt(levels.norms[level]);
  const target = new Float32Array(3 * N), noisy = new Float32Array(3 * N);
  for (let k = 0; k < 3 * N; k++) {
    const d = sigma * random.normal(), v = batch.fracCoords[k] + d;
    noisy[k] = v - Math.floor(v);
    target[k] = wrappedNormalNegScore(d, sigma) / norm;
  }
  // The decoder's forward pass is not part of the GenerativeModel interface: this diagnostic reads the model's weight
  // map (a TypeScript-private getter) directly.
  const prediction = tf.tidy(() => decodeForward(model.weights, f, graph,
    { species: tf.tensor1d(batch.species, "int32"), fracCoords: tf.tensor2d(noisy, [N, 3]), lattices: tf.tensor3d(batch.lattices, [B, 3, 3]) },
    tf.fill([B], levelTime(level, levels.levels)), tf.tensor2d(z, [B, f.latentDim])).coord.dataSync());
  let se = 0;
  for (let k = 0; k < 3 * N; k++) se += (prediction[k] - target[k]) ** 2;
  rows.push({ level, sigma, mse: se / (3 * N) });
  console.log(`level ${level} (σ ${sigma.toFixed(4)}): normalised-score MSE ${(se / (3 * N)).toFixed(3)}`);
}
disposeCrystalGraph(graph);
const command = `node scripts/cdvae-score-error.mjs ${args.join(" ")}`;
writeFileSync(out, JSON.stringify({ command, checkpoint, input, crystals: B, seed, rows }, null, 2) + "\n");

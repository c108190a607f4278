// Simulated powder XRD vs pymatgen's XRDCalculator on the same dataset structures (Cu Kα, 2θ 0–90°; serial both,
// warm, process CPU time), and the composition-map embeddings (ours only: one cold run each, no in-run reference).
import { fileURLToPath } from "node:url";
import { featureMatrix, pca, tsne, umapEmbedding, xrdPattern } from "../dist/analysis/index.js";
import { loadDataset } from "../dist/datasets/index.js";
import { magpieFingerprint, scaleCompositionFingerprint } from "../dist/metrics/index.js";
import { runPython } from "./lib/python.mjs";
import { oursOnlyRow, warmCpuRow } from "./lib/rows.mjs";
import { coldWarm, timeOnce } from "./lib/timing.mjs";

const script = fileURLToPath(new URL("./py/viz_xrd_time.py", import.meta.url));

export default async function vizBench(ctx) {
  const rows = [];
  for (const [name, n] of [["perov_5", ctx.quick ? 40 : 200], ["mpts_52", ctx.quick ? 20 : 100]]) {
    const { structures } = await loadDataset(name, "test", { dataDir: ctx.dataDir, limit: n, download: false });
    const ours = await coldWarm(() => structures.map((s) => xrdPattern(s)), structures.length);
    const input = JSON.stringify(structures.map((s) => ({ lattice: Array.from(s.lattice.matrix), species: Array.from(s.species), frac: Array.from(s.fracCoords) })));
    const ref = await runPython(script, [], { input });
    const peaks = ours.out.reduce((k, p) => k + p.twoTheta.length, 0);
    rows.push(warmCpuRow(`xrdPattern ${name} (${structures.length} structures)`, ours, ref.time, "structure",
      `XRDCalculator.get_pattern; peaks ${peaks} ours vs ${ref.peaks} pymatgen`));
  }
  const protos = await loadDataset("prototypes", "train");
  const X = featureMatrix(protos.structures.slice(0, ctx.quick ? 300 : 1000).map((s) => scaleCompositionFingerprint(magpieFingerprint(s.species))));
  for (const [name, fn] of [["PCA", () => pca(X)], ["UMAP", () => umapEmbedding(X, { seed: 0 })], ["t-SNE (exact, 500 it.)", () => tsne(X, { seed: 0 })]]) {
    const t = await timeOnce(fn);
    rows.push(oursOnlyRow(`${name} of ${X.rows} Magpie fingerprints (132-D)`, t.cpuMs, "CPU ms", "one cold run; no in-run reference"));
  }
  return rows;
}

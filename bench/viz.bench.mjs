// Simulated powder XRD vs pymatgen's XRDCalculator on the same dataset structures (Cu Kα, 2θ 0–90°), and the
// composition-map embeddings. Ratio = pymatgen CPU time / ours (> 1: we are faster); both timed in their own process.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadDataset } from "../dist/datasets/index.js";
import { magpieFingerprint, scaleCompositionFingerprint } from "../dist/metrics/index.js";
import { featureMatrix, pca, tsne, umapEmbedding, xrdPattern } from "../dist/analysis/index.js";

const run = promisify(execFile);

/** CPU milliseconds per item of fn over items (one warm-up pass, then passes until ≥ 0.5 s CPU). */
function cpuMsPerItem(fn, items) {
  let out = items.map(fn);
  let cpuUs = 0, done = 0;
  while (cpuUs < 5e5) {
    const c = process.cpuUsage();
    out = items.map(fn);
    const used = process.cpuUsage(c);
    cpuUs += used.user + used.system;
    done += items.length;
  }
  return { ms: cpuUs / 1e3 / done, out };
}

function cpuMs(fn) {
  const c = process.cpuUsage();
  fn();
  const used = process.cpuUsage(c);
  return (used.user + used.system) / 1e3;
}

export default async function vizBench(ctx) {
  const rows = [];
  const script = fileURLToPath(new URL("./py/viz_xrd_time.py", import.meta.url));
  for (const [name, n] of [["perov_5", ctx.quick ? 40 : 200], ["mpts_52", ctx.quick ? 20 : 100]]) {
    const ds = await loadDataset(name, "test", { dataDir: ctx.dataDir, limit: n, download: false });
    const ours = cpuMsPerItem((s) => xrdPattern(s), ds.structures);
    const input = JSON.stringify(ds.structures.map((s) => ({ lattice: Array.from(s.lattice.matrix), species: Array.from(s.species), frac: Array.from(s.fracCoords) })));
    const child = run(ctx.python, [script], { maxBuffer: 1 << 26 });
    child.child.stdin.end(input);
    const ref = JSON.parse((await child).stdout);
    const peaks = ours.out.reduce((k, p) => k + p.twoTheta.length, 0);
    rows.push({
      name: `xrdPattern ${name} (${ds.structures.length} structures)`, ours: ours.ms, reference: ref.ms, unit: "ms CPU/structure", ratio: ref.ms / ours.ms,
      note: `pymatgen XRDCalculator.get_pattern; peaks ${peaks} ours vs ${ref.peaks} pymatgen`,
    });
    ctx.log(`xrd ${name}: ${ours.ms.toFixed(2)} ms vs pymatgen ${ref.ms.toFixed(2)} ms`);
  }
  const protos = await loadDataset("prototypes", "train");
  const X = featureMatrix(protos.structures.slice(0, ctx.quick ? 300 : 1000).map((s) => scaleCompositionFingerprint(magpieFingerprint(s.species))));
  for (const [name, fn] of [["PCA", () => pca(X)], ["UMAP", () => umapEmbedding(X, { seed: 0 })], ["t-SNE (exact, 500 it.)", () => tsne(X, { seed: 0 })]]) {
    rows.push({ name: `${name} of ${X.rows} Magpie fingerprints (132-D)`, ours: cpuMs(fn), reference: null, unit: "ms CPU", ratio: null, note: "no in-run reference" });
  }
  return rows;
}

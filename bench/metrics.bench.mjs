// De novo generation metrics: evaluateGeneration (validity, SMACT, CrystalNN + Magpie fingerprints, W1, COV, diversity)
// on 10,000 perturbed Perov-5 crystals against the Perov-5 test split, vs an estimate of the Python reference pipeline
// (CDVAE compute_metrics.py semantics) from per-crystal pymatgen timings on a few hundred rows (bench/py/metrics_reference.py).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { latticeFromMatrix, makeStructure } from "../dist/crystal/index.js";
import { loadDataset } from "../dist/datasets/index.js";
import { evaluateGeneration } from "../dist/metrics/index.js";
import { rng } from "../dist/util/random.js";

const run = promisify(execFile);

/** n crystals cycling through `base`, each with fractional coordinates jittered (σ 0.02) and the cell scaled (σ 2 %). */
function perturbed(base, n, seed) {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const s = base[i % base.length];
    const f = 1 + 0.02 * r.normal();
    return makeStructure({
      lattice: latticeFromMatrix(s.lattice.matrix.map((x) => x * f)),
      species: s.species,
      fracCoords: s.fracCoords.map((x) => x + 0.02 * r.normal()),
    });
  });
}

export default async function metricsBench(ctx) {
  const nGen = ctx.quick ? 1000 : 10000;
  const test = await loadDataset("perov_5", "test", { dataDir: ctx.dataDir, download: false });
  const val = await loadDataset("perov_5", "val", { dataDir: ctx.dataDir, download: false });
  const generated = perturbed(val.structures, nGen, 1);
  ctx.log(`evaluateGeneration: ${nGen} generated vs ${test.structures.length} test crystals`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const table = await evaluateGeneration(generated, test, { seed: 0 });
  const oursMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0); // whole process, worker threads included
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const m = new Map(table.objects().map((r) => [r.metric, r.value]));
  const nPy = ctx.quick ? 40 : 200;
  ctx.log(`python reference timing on ${nPy} rows`);
  const script = fileURLToPath(new URL("./py/metrics_reference.py", import.meta.url));
  const { stdout } = await run(ctx.python, [script, join(ctx.dataDir, "perov_5/test.csv"), String(nPy), String(nGen), String(test.structures.length)], { maxBuffer: 1 << 24 });
  const py = JSON.parse(stdout.trim().split("\n").pop());
  return [
    {
      name: `metrics: evaluateGeneration ${nGen} perturbed perov_5 vs test (${test.structures.length})`,
      ours: oursMs / 1000,
      reference: py.estimate_ms / 1000,
      unit: "s",
      ratio: py.estimate_ms / oursMs,
      note:
        `reference = lower-bound estimate: (distance_matrix ${py.validity_ms.toFixed(2)} + CrystalNN.get_nn_data ${py.crystalnn_ms.toFixed(1)} ms/crystal, ` +
        `pymatgen, ${py.n} rows) × ${nGen + test.structures.length} + cdist ${(py.cov_ms / 1000).toFixed(1)} s; order parameters, Magpie, SMACT not timed. ` +
        `ours: process CPU ${cpuS.toFixed(1)} s (all threads; wall time depends on machine load), ` +
        `COV-R ${m.get("cov_recall")?.toFixed(4)}, validity ${m.get("validity")?.toFixed(4)}`,
    },
  ];
}

// De novo generation metrics: evaluateGeneration (validity, SMACT, CrystalNN + Magpie fingerprints, W1, COV, diversity)
// on perturbed Perov-5 crystals against the Perov-5 test split. Ours only: the Python pipeline (CDVAE
// compute_metrics.py) needs matminer and SMACT, which are not installed, so there is no in-run reference; its costliest
// part, the CrystalNN fingerprint, is compared like for like in crystalnn-fingerprint.bench.mjs. One cold run, on the
// worker pool (all cores): wall time, with the process CPU time (all threads) in the note.
import { availableParallelism } from "node:os";
import { latticeFromMatrix, makeStructure } from "../dist/crystal/index.js";
import { loadDataset } from "../dist/datasets/index.js";
import { evaluateGeneration } from "../dist/metrics/index.js";
import { rng } from "../dist/util/random.js";
import { oursOnlyRow } from "./lib/rows.mjs";
import { timeOnce } from "./lib/timing.mjs";

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
  const t = await timeOnce(() => evaluateGeneration(generated, test, { seed: 0 }));
  const m = new Map(t.out.objects().map((r) => [r.metric, r.value]));
  return [
    oursOnlyRow(`metrics: evaluateGeneration ${nGen} perturbed perov_5 vs test (${test.structures.length})`, t.wallMs / 1000, "wall s",
      `parallel (worker pool, ${availableParallelism()} cores), one cold run; process CPU ${(t.cpuMs / 1000).toFixed(1)} s; ` +
        `no in-run reference (matminer, SMACT not installed); COV-R ${m.get("cov_recall")?.toFixed(4)}, validity ${m.get("validity")?.toFixed(4)}`),
  ];
}

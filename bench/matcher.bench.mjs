// StructureMatcher get_rms_dist with the CSP tolerances (ltol 0.3, stol 0.5, angle_tol 10), ours vs pymatgen, on one
// pairs file per dataset that both sides read (test rows, each against a copy moved 0.05 Å, seed 0; bench/lib/pairs.mjs).
// Serial rows: one thread each (pymatgen with one BLAS thread), process CPU time, cold (first pass) and warm (shared
// policy, bench/lib/timing.mjs and bench/py/timing.py). Worker-pool rows: our matchPairs on all cores vs pymatgen on a
// multiprocessing pool of as many processes (bench/py/matcher_pool.py), wall time, cold (pool start-up included) and warm.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { closeParallelPool } from "../dist/metrics/index.js";
import { CSP_MATCHER, matchPairs } from "../dist/metrics/structure-matcher/index.js";
import { agreement, matchTimings } from "./lib/match-timing.mjs";
import { pairsFile } from "./lib/pairs.mjs";
import { runPython } from "./lib/python.mjs";
import { costRow } from "./lib/rows.mjs";
import { coldWarm } from "./lib/timing.mjs";

const poolScript = fileURLToPath(new URL("./py/matcher_pool.py", import.meta.url));

export default async function matcherBench(ctx) {
  const rows = [];
  const workers = availableParallelism();
  for (const [dataset, n] of [["perov_5", ctx.quick ? 100 : 300], ["mpts_52", ctx.quick ? 100 : 500]]) {
    const path = await pairsFile(ctx.dataDir, dataset, n);
    ctx.log(`matcher: ${dataset} ${n} pairs, serial (ours, then pymatgen)`);
    const { ours, ref } = await matchTimings(path);
    const same = agreement(ours.results, ref.rms);
    for (const phase of ["cold", "warm"]) {
      rows.push(costRow(`get_rms_dist ${dataset}, ${n} pairs, serial, ${phase}`, ours.match[phase].cpuMs, ref.match[phase].cpu_ms, "CPU ms/pair",
        `${phase === "cold" ? "first pass" : "median of later passes"}, one thread both sides; ${same}`));
    }

    ctx.log(`matcher: ${dataset} worker pool (${workers}) ours, then pymatgen pool`);
    await closeParallelPool(); // the cold pass starts the workers, as the reference's starts its pool
    const pool = await coldWarm(() => matchPairs(ours.pairs, CSP_MATCHER, { minParallel: 1, workers }), n);
    await closeParallelPool();
    const refPool = await runPython(poolScript, [path, workers]);
    const identical = pool.out.every((r, i) => (r === null) === (ours.results[i] === null) && (r === null || r.rms === ours.results[i].rms));
    for (const phase of ["cold", "warm"]) {
      rows.push(costRow(`matchPairs ${dataset}, ${n} pairs, parallel ×${workers}, ${phase}`, pool[phase].wallMs, refPool.match[phase].wall_ms, "wall ms/pair",
        `${workers} worker threads vs multiprocessing.Pool(${workers})${phase === "cold" ? ", start-up included" : ""}; results ${identical ? "identical to" : "DIFFER from"} serial; ${agreement(pool.out, refPool.rms)}`));
    }
  }
  return rows;
}

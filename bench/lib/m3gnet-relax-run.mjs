// One relaxation run of bench/m3gnet.bench.mjs in a fresh process: the first N mp_20_biternary test crystals (1–20
// atoms) strained ±3 % and rattled 0.05 Å (seeded), relaxed by relaxStructures with its defaults on W workers in chunks
// of CHUNK_SIZE crystals. Reports
// wall and CPU time (this process, all threads), the peak resident-memory rise over the run above the resident memory
// before it (potential loaded; Linux /proc VmHWM reset through clear_refs, then VmHWM − VmRSS), the step and status
// counts, and a digest of every result's numbers (equal digests: identical results). Progress goes to stderr.
// usage: node bench/lib/m3gnet-relax-run.mjs DATA_DIR N WORKERS CHUNK_SIZE   → prints one JSON line
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { cartToFrac, latticeFromMatrix } from "../../dist/crystal/lattice.js";
import { mul3, rowsTimesMat3 } from "../../dist/crystal/math3.js";
import { cartCoords, makeStructure } from "../../dist/crystal/structure.js";
import { initBackend } from "../../dist/models/backend/index.js";
import { loadM3gnetPotential } from "../../dist/models/m3gnet/index.js";
import { relaxStructures } from "../../dist/stability/index.js";
import { rng } from "../../dist/util/random.js";
import { testCrystals } from "./m3gnet-inputs.mjs";

/** Strain amplitude (fraction) and rattle (Å) of the inputs. */
const STRAIN = 0.03;
const RATTLE = 0.05;

/**
 * The crystal with its lattice deformed by I + ε (ε symmetric, components uniform in ±STRAIN) and every Cartesian
 * coordinate, deformed with it, then moved by a normal deviate of RATTLE Å (seeded).
 */
function perturbed(s, seed) {
  const r = rng(seed);
  const [xx, yy, zz, yz, xz, xy] = Array.from({ length: 6 }, () => STRAIN * (2 * r.next() - 1));
  const deformation = [1 + xx, xy, xz, xy, 1 + yy, yz, xz, yz, 1 + zz];
  const lattice = latticeFromMatrix(mul3(s.lattice.matrix, deformation));
  const cart = rowsTimesMat3(cartCoords(s), deformation).map((x) => x + RATTLE * r.normal());
  return makeStructure({ ...s, lattice, fracCoords: cartToFrac(lattice, cart) });
}

/** SHA-256 of every result's status, steps, energies, max forces and final cell and coordinates. */
function digestOf(results) {
  const h = createHash("sha256");
  for (const r of results) {
    h.update(`${r.status}:${r.steps};`);
    for (const a of [r.energies, r.maxForces, r.structure.lattice.matrix, r.structure.fracCoords]) h.update(new Uint8Array(Float64Array.from(a).buffer));
  }
  return h.digest("hex");
}

const [dataDir, count, workerCount, chunk] = process.argv.slice(2);
const [n, workers, chunkSize] = [count, workerCount, chunk].map(Number);
const structures = (await testCrystals(dataDir, "mp_20_biternary", n, [1, 20])).map((s, i) => perturbed(s, 1000 + i));
await initBackend();
const potential = loadM3gnetPotential();
const status = (key) => 1024 * Number(/\d+/.exec(readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith(key)))[0]);
writeFileSync("/proc/self/clear_refs", "5");
const before = status("VmRSS:");
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let shown = 0;
const onProgress = (done, total) => {
  if (done < total && done < shown + Math.max(1, Math.floor(total / 10))) return;
  shown = done;
  process.stderr.write(`[bench] m3gnet: ${workers} worker(s): relaxed ${done}/${total} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
};
const results = await relaxStructures(potential, structures, { workers, chunkSize, onProgress, onWarning: (m) => process.stderr.write(`[bench] ${m}\n`) });
const wallS = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const statuses = {};
for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({
  wallS, cpuS: (cpu.user + cpu.system) / 1e6, peakRssRiseBytes: status("VmHWM:") - before, workers, strain: STRAIN, rattle: RATTLE,
  steps: results.map((r) => r.steps), evaluations: results.reduce((t, r) => t + r.energies.length, 0), statuses, digest: digestOf(results),
})}\n`);
process.exit(0); // the pool's idle workers are unref'd, but exit at once rather than wait for their teardown

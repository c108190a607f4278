// CrystalNN "ops" structure fingerprint (metrics-spec §5.1) vs pymatgen 2022.11 CrystalNN + LocalStructOrderParams
// with matminer's featurize loop re-created (test/py/fingerprint_reference.py), per crystal, on the same dataset rows
// prepared the CDVAE way (CIF → Niggli → rebuilt from lattice parameters, done by pymatgen in the reference script).
// Both sides are timed in CPU time of their own process (the machine is shared). Ratio = pymatgen / ours.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { latticeFromMatrix, makeStructure } from "../dist/crystal/index.js";
import { crystalNNFingerprint } from "../dist/metrics/index.js";

const run = promisify(execFile);

/** CPU ms per item: one warm-up pass, then whole passes until ≥ 0.5 s CPU. */
function perItemMs(fn, items) {
  items.forEach(fn);
  let cpuUs = 0, done = 0;
  while (cpuUs < 5e5) {
    const c = process.cpuUsage();
    items.forEach(fn);
    const used = process.cpuUsage(c);
    cpuUs += used.user + used.system;
    done += items.length;
  }
  return cpuUs / 1e3 / done;
}

export default async function crystalNNFingerprintBench(ctx) {
  const script = fileURLToPath(new URL("../test/py/fingerprint_reference.py", import.meta.url));
  const sets = [["perov_5", ctx.quick ? 40 : 200], ["mpts_52", ctx.quick ? 10 : 40]];
  const rows = [];
  for (const [dataset, n] of sets) {
    ctx.log(`fingerprint_reference.py ${dataset} × ${n}`);
    const request = { structures: Array.from({ length: n }, (_, row) => ({ dataset, split: "test", row })), want: ["time"], repeat: 1 };
    const child = run(ctx.python, [script], { maxBuffer: 1 << 28, env: { ...process.env, CRYSTAL_SHARED_DIR: ctx.sharedDir } });
    child.child.stdin.end(JSON.stringify(request));
    const ref = JSON.parse((await child).stdout);
    const structures = ref.map((o) => makeStructure({ lattice: latticeFromMatrix(o.lattice), species: o.species, fracCoords: o.frac.flat() }));
    const ours = perItemMs((s) => crystalNNFingerprint(s), structures);
    const reference = (ref.reduce((t, o) => t + o.cpu_seconds, 0) / n) * 1e3;
    const atoms = structures.reduce((t, s) => t + s.species.length, 0) / n;
    rows.push({ name: `CrystalNN ops fingerprint, ${dataset} test (${n} crystals, ${atoms.toFixed(1)} atoms avg)`, ours, reference, unit: "ms/crystal (CPU)", ratio: reference / ours, note: "pymatgen CrystalNN + LocalStructOrderParams" });
  }
  return rows;
}

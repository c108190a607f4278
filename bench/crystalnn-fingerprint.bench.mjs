// CrystalNN "ops" structure fingerprint (metrics-spec §5.1) vs pymatgen CrystalNN + LocalStructOrderParams with
// matminer's featurize loop re-created (test/py/fingerprint_reference.py, timed by bench/py/fingerprint_time.py), per
// crystal, on the same structures: the reference prepares the dataset rows the CDVAE way (CIF → Niggli → rebuilt from
// lattice parameters) and we fingerprint exactly the structures it prints. Serial both, warm, process CPU time.
import { fileURLToPath } from "node:url";
import { latticeFromMatrix, makeStructure } from "../dist/crystal/index.js";
import { crystalNNFingerprint } from "../dist/metrics/index.js";
import { runPython, SERIAL_ENV } from "./lib/python.mjs";
import { warmCpuRow } from "./lib/rows.mjs";
import { coldWarm } from "./lib/timing.mjs";

const script = fileURLToPath(new URL("./py/fingerprint_time.py", import.meta.url));

export default async function crystalNNFingerprintBench(ctx) {
  const rows = [];
  for (const [dataset, n] of [["perov_5", ctx.quick ? 40 : 120], ["mpts_52", ctx.quick ? 10 : 30]]) {
    ctx.log(`fingerprint_time.py ${dataset} × ${n}`);
    const ref = await runPython(script, [dataset, n], { env: { ...SERIAL_ENV, CRYSTAL_SHARED_DIR: ctx.sharedDir } });
    const structures = ref.structures.map((o) => makeStructure({ lattice: latticeFromMatrix(o.lattice), species: o.species, fracCoords: o.frac }));
    const ours = await coldWarm(() => structures.map((s) => crystalNNFingerprint(s)), n);
    const atoms = structures.reduce((t, s) => t + s.species.length, 0) / n;
    rows.push(warmCpuRow(`CrystalNN ops fingerprint, ${dataset} test (${n} crystals, ${atoms.toFixed(1)} atoms avg)`, ours, ref.time, "crystal",
      "same structures (the reference's CDVAE preparation); pymatgen CrystalNN + LocalStructOrderParams"));
  }
  return rows;
}

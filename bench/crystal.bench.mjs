// Crystal core vs pymatgen 2022.11 on the same dataset rows: CIF parse, Niggli reduction (get_reduced_structure),
// periodic distance matrix and neighbour list, per structure. Ratio = pymatgen time / our time (> 1: we are faster).
// Both sides are timed in CPU time of their own process (the machine is shared, wall clocks are noisy); the CIF parse
// is also compared in wall time against /work/shared/bench/pymatgen_anchor.py.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { distanceMatrix, neighbourList, readCif, reducedStructure } from "../dist/crystal/index.js";
import { parseCsvText } from "../dist/datasets/index.js";

const run = promisify(execFile);
const CUTOFF = 5; // Å, neighbour-list radius

/** The CIF column of the first n data rows of a dataset CSV (optionally gzipped). */
function readCifColumn(path, n) {
  const bytes = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  const [header, ...records] = parseCsvText(text);
  const col = header.fields.indexOf("cif");
  if (col < 0) throw new Error(`${path}: no "cif" column`);
  return records.filter((r) => r.fields.length > col).slice(0, n).map((r) => r.fields[col]);
}

/**
 * CPU and wall milliseconds per item of fn over items: one warm-up pass (JIT), then whole passes until at least
 * 0.5 s of CPU time has been spent (so garbage collection and compilation average out); mean over the timed passes.
 * Returns the outputs of the last pass.
 */
function perItemMs(fn, items) {
  let out = items.map(fn);
  let cpuUs = 0, wallMs = 0, done = 0;
  while (cpuUs < 5e5 && done < 200 * items.length) {
    const w = performance.now();
    const c = process.cpuUsage();
    out = items.map(fn);
    const used = process.cpuUsage(c);
    cpuUs += used.user + used.system;
    wallMs += performance.now() - w;
    done += items.length;
  }
  return { ms: cpuUs / 1e3 / done, wallMs: wallMs / done, out };
}

export default async function crystalBench(ctx) {
  const n = ctx.quick ? 100 : 500;
  const sets = [
    ["perov_5 test", join(ctx.dataDir, "perov_5/test.csv")],
    ["mpts_52 test", join(ctx.dataDir, "mpts_52/test.csv.gz")],
  ];
  const anchorScript = fileURLToPath(new URL("./py/crystal_anchor.py", import.meta.url));
  const rows = [];
  for (const [label, csv] of sets) {
    const cifs = readCifColumn(csv, n);
    const parse = perItemMs((c) => readCif(c), cifs);
    const structures = parse.out;
    const niggli = perItemMs((s) => reducedStructure(s), structures);
    const dm = perItemMs((s) => distanceMatrix(s), structures);
    const nl = perItemMs((s) => neighbourList(s, CUTOFF), structures);
    const ourPairs = nl.out.reduce((acc, l) => acc + l.centers.length, 0);

    ctx.log(`pymatgen on ${label} (${cifs.length} rows)`);
    const anchor = await ctx.pymatgenAnchor(csv, cifs.length);
    // One BLAS thread: idle OpenBLAS threads spin and would inflate pymatgen's CPU time.
    const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
    const { stdout } = await run(ctx.python, [anchorScript, csv, String(cifs.length), String(CUTOFF)], { maxBuffer: 1 << 26, env });
    const ref = JSON.parse(stdout.trim().split("\n").pop());

    const row = (what, ours, reference, note = "", unit = "CPU ms/structure") => ({
      name: `${what} (${label}, n=${cifs.length})`,
      ours,
      reference,
      unit,
      ratio: reference / ours,
      note,
    });
    rows.push(row("CIF parse", parse.wallMs, anchor.parse_ms, "reference: pymatgen_anchor.py CifParser", "wall ms/structure"));
    rows.push(row("CIF parse", parse.ms, ref.parse_ms, "reference: CifParser"));
    rows.push(row("Niggli reduced structure", niggli.ms, ref.niggli_ms, "reference: get_reduced_structure()"));
    rows.push(row("distance matrix", dm.ms, ref.distance_matrix_ms, "reference: Structure.distance_matrix"));
    rows.push(
      row(`neighbour list ${CUTOFF} Å`, nl.ms, ref.neighbor_list_ms, `pairs ours ${ourPairs} / pymatgen ${ref.neighbor_pairs}`),
    );
  }
  return rows;
}

// Crystal core vs pymatgen on the same dataset rows (bench/py/crystal_anchor.py): CIF parse, Niggli reduction
// (get_reduced_structure), periodic distance matrix and neighbour list, per structure. Both sides serial (pymatgen with
// one BLAS thread), warm under the shared policy, process CPU time (cold first-pass times in each note).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { distanceMatrix, neighbourList, readCif, reducedStructure } from "../dist/crystal/index.js";
import { parseCsvText } from "../dist/datasets/index.js";
import { runPython } from "./lib/python.mjs";
import { warmCpuRow } from "./lib/rows.mjs";
import { coldWarm } from "./lib/timing.mjs";

const CUTOFF = 5; // Å, neighbour-list radius
const script = fileURLToPath(new URL("./py/crystal_anchor.py", import.meta.url));

/** The CIF column of the first n data rows of a dataset CSV (optionally gzipped). */
function readCifColumn(path, n) {
  const bytes = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  const [header, ...records] = parseCsvText(text);
  const col = header.fields.indexOf("cif");
  if (col < 0) throw new Error(`${path}: no "cif" column`);
  return records.slice(0, n).map((r) => r.fields[col]);
}

export default async function crystalBench(ctx) {
  const n = ctx.quick ? 100 : 500;
  const rows = [];
  for (const [label, file] of [["perov_5 test", "perov_5/test.csv"], ["mpts_52 test", "mpts_52/test.csv.gz"]]) {
    const csv = join(ctx.dataDir, file);
    const cifs = readCifColumn(csv, n);
    const timeAll = (fn, items) => coldWarm(() => items.map(fn), items.length);
    const parse = await timeAll((c) => readCif(c), cifs);
    const structures = parse.out;
    const niggli = await timeAll((s) => reducedStructure(s), structures);
    const dm = await timeAll((s) => distanceMatrix(s), structures);
    const nl = await timeAll((s) => neighbourList(s, CUTOFF), structures);
    const ourPairs = nl.out.reduce((acc, l) => acc + l.centers.length, 0);

    ctx.log(`crystal: pymatgen on ${label} (${cifs.length} rows)`);
    const ref = await runPython(script, [csv, cifs.length, CUTOFF]);
    if (ref.n !== cifs.length) throw new Error(`${label}: pymatgen read ${ref.n} rows, we read ${cifs.length}`);
    const name = (what) => `${what} (${label}, n=${cifs.length})`;
    rows.push(warmCpuRow(name("CIF parse"), parse, ref.parse, "structure", "CifParser(primitive=False)"));
    rows.push(warmCpuRow(name("Niggli reduced structure"), niggli, ref.niggli, "structure", "get_reduced_structure()"));
    rows.push(warmCpuRow(name("distance matrix"), dm, ref.distance_matrix, "structure", "Structure.distance_matrix"));
    rows.push(warmCpuRow(name(`neighbour list ${CUTOFF} Å`), nl, ref.neighbor_list, "structure", `get_neighbor_list; pairs ours ${ourPairs} / pymatgen ${ref.neighbor_pairs}`));
  }
  return rows;
}

// Dataset loading vs the Python way on the same files (bench/py/datasets_load.py): CSV framing of the whole file (our
// streaming RFC-4180 reader vs pandas.read_csv) and loading the first N structures (loadDataset: CSV + readCif + typed
// table, vs pandas.read_csv(nrows=N) + pymatgen CifParser per row). Serial both, warm, process CPU time.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDataset, openCsvFile, readCsvRecords } from "../dist/datasets/index.js";
import { runPython } from "./lib/python.mjs";
import { warmCpuRow } from "./lib/rows.mjs";
import { coldWarm } from "./lib/timing.mjs";

const script = fileURLToPath(new URL("./py/datasets_load.py", import.meta.url));

export default async function datasetsBench(ctx) {
  const rows = [];
  for (const [name, file, full] of [["perov_5", "perov_5/test.csv", 3785], ["mpts_52", "mpts_52/test.csv.gz", 2000]]) {
    const path = join(ctx.dataDir, file);
    const n = ctx.quick ? 500 : full;
    ctx.log(`datasets: ${name} test (pandas + pymatgen on ${n} rows)`);
    const ref = await runPython(script, [path, n]);
    const csv = await coldWarm(async () => {
      let count = 0;
      for await (const _ of readCsvRecords(openCsvFile(path).stream)) count++;
      if (count !== ref.rows + 1) throw new Error(`${file}: read ${count - 1} rows, pandas ${ref.rows}`);
    });
    const load = await coldWarm(async () => {
      const d = await loadDataset(name, "test", { dataDir: ctx.dataDir, limit: n, download: false });
      if (d.structures.length !== n || ref.n !== n) throw new Error(`${name} test: loaded ${d.structures.length}, pandas ${ref.n}, of ${n}`);
    }, n);
    rows.push(warmCpuRow(`${name} test: CSV records (whole file, ${ref.rows} rows)`, csv, ref.csv, "file", "readCsvRecords vs pandas.read_csv"));
    rows.push(warmCpuRow(`${name} test: load first ${n} structures`, load, ref.load, "structure",
      "loadDataset (CSV + readCif + typed table) vs pandas.read_csv(nrows) + CifParser per row"));
  }
  return rows;
}

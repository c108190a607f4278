// Dataset loading vs the Python way on the same files: CSV framing alone (our streaming RFC-4180 reader vs
// pandas.read_csv) and a whole load with CIF parsing (loadDataset vs pandas + pymatgen CifParser per row).
// Wall time, best of two runs on our side (the machine is shared). Ratio = reference / ours (> 1: we are faster).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadDataset, openCsvFile, readCsvRecords } from "../dist/datasets/index.js";

const run = promisify(execFile);

async function bestMs(fn, times = 2) {
  let best = Infinity;
  for (let k = 0; k < times; k++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

export default async function datasetsBench(ctx) {
  const script = fileURLToPath(new URL("./py/datasets_load.py", import.meta.url));
  const sets = [
    ["perov_5", "test", "perov_5/test.csv"],
    ["mpts_52", "test", "mpts_52/test.csv.gz"],
  ];
  const rows = [];
  for (const [name, split, file] of sets) {
    const path = join(ctx.dataDir, file);
    const n = ctx.quick ? 500 : name === "mpts_52" ? 2000 : 3785;
    ctx.log(`datasets: ${name} ${split} (pandas + pymatgen on ${n} rows)`);
    const { stdout } = await run(ctx.python, [script, path, String(n)], { maxBuffer: 1 << 26 });
    const ref = JSON.parse(stdout);
    const csvMs = await bestMs(async () => {
      let count = 0;
      for await (const _ of readCsvRecords(openCsvFile(path).stream)) count++;
      if (count !== ref.rows + 1) throw new Error(`${file}: read ${count - 1} rows, pandas ${ref.rows}`);
    });
    const loadMs = await bestMs(async () => {
      const d = await loadDataset(name, split, { dataDir: ctx.dataDir, limit: n });
      if (d.structures.length !== n) throw new Error(`${name} ${split}: loaded ${d.structures.length} of ${n}`);
    });
    rows.push({
      name: `${name} ${split}: CSV records (whole file)`,
      ours: csvMs, reference: ref.csv_ms, unit: "ms", ratio: ref.csv_ms / csvMs,
      note: `readCsvRecords vs pandas.read_csv, ${ref.rows} rows`,
    });
    rows.push({
      name: `${name} ${split}: load ${n} structures`,
      ours: loadMs / n, reference: (ref.csv_ms * (n / ref.rows) + ref.parse_ms) / n, unit: "ms/structure",
      ratio: (ref.csv_ms * (n / ref.rows) + ref.parse_ms) / loadMs,
      note: "loadDataset (CSV + readCif + typed table) vs pandas.read_csv share + pymatgen CifParser",
    });
  }
  return rows;
}

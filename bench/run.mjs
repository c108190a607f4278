// Benchmark runner: runs every bench/*.bench.mjs in name order (or those whose name contains an argument), prints one
// aligned table and writes bench/out/results.json. Exits 1 when any bench fails (its error is printed, no row is kept).
// Each bench file runs in its own Node process (`run.mjs --one FILE`), so its first passes are not warmed by another's.
// usage: npm run bench [-- --quick] [-- NAME_FILTER …]
// A bench file default-exports `async function (ctx)` returning rows { name, ours, reference, unit, ratio, note }
// (bench/lib/rows.mjs: ratio = reference / ours for costs, so > 1 means we are faster; null when there is no
// in-run reference). ctx = { sharedDir, dataDir, quick, log }. Every side-by-side row gives both sides the same
// inputs, the same warm-up policy (bench/lib/timing.mjs, bench/py/timing.py) and the same parallelism.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatTable } from "./lib/table.mjs";

const benchDir = dirname(fileURLToPath(import.meta.url));
const sharedDir = resolve(benchDir, "../../shared");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const filters = args.filter((a) => !a.startsWith("--"));
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const ctx = { sharedDir, dataDir: process.env.CRYSTAL_DATA_DIR ?? join(sharedDir, "data"), quick, log };

/** Runs one bench file in this process and prints its checked rows as JSON on stdout. */
async function runOne(f) {
  const mod = await import(pathToFileURL(join(benchDir, f)).href);
  const out = await mod.default(ctx);
  const bad = out.find((r) => !Number.isFinite(r.ours) || !r.unit || !r.note);
  if (bad) throw new Error(`row "${bad.name}" has no finite value, unit or note`);
  await new Promise((done) => process.stdout.write(JSON.stringify(out), done));
}

const one = args.indexOf("--one");
if (one >= 0) {
  await runOne(args[one + 1]); // an error exits non-zero with its stack on stderr
  process.exit(0);
}

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.mjs") && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();
const rows = [];
const failed = [];
const started = Date.now();
for (const f of files) {
  log(`${f}${quick ? " (quick)" : ""}`);
  const t0 = Date.now();
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--one", f, ...(quick ? ["--quick"] : [])],
    { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "inherit"] });
  if (child.status === 0) for (const r of JSON.parse(child.stdout)) rows.push({ file: f, ...r });
  else {
    const error = child.error?.message ?? `exited with status ${child.status} (its error is printed above)`;
    failed.push({ file: f, error });
    log(`${f} FAILED: ${error}`);
  }
  log(`${f} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

console.log(formatTable(rows));
mkdirSync(join(benchDir, "out"), { recursive: true });
const results = { date: new Date().toISOString(), quick, seconds: (Date.now() - started) / 1000, node: process.version, rows, failed };
writeFileSync(join(benchDir, "out/results.json"), JSON.stringify(results, null, 2));
log(`wrote bench/out/results.json (${rows.length} rows)`);
if (failed.length > 0) {
  for (const { file, error } of failed) console.error(`FAILED ${file}: ${error}`);
  process.exitCode = 1;
}

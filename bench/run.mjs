// Benchmark runner: runs every bench/*.bench.mjs in name order (or those whose name contains an argument),
// prints one aligned table and writes bench/out/results.json.
// usage: npm run bench [-- --quick] [-- NAME_FILTER …]
// A bench file default-exports `async function (ctx)` returning rows { name, ours, reference, unit, ratio, note }
// (ratio = reference / ours for times, so > 1 means we are faster). ctx = { sharedDir, dataDir, quick, python, log,
// pymatgenAnchor(csvPath, n) } where pymatgenAnchor runs /work/shared/bench/pymatgen_anchor.py once per (csv, n) in
// the whole run and returns its parsed numbers { n, parse_ms, match_pair_ms, matched, total, mean_rms }.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(benchDir, "..");
const sharedDir = resolve(repoRoot, "../shared");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const filters = args.filter((a) => !a.startsWith("--"));
const python = "/usr/bin/python3";

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

const anchorRuns = new Map();
/** pymatgen_anchor.py numbers for the first n rows of a CSV (memoised for the whole run). */
function pymatgenAnchor(csvPath, n) {
  const key = `${csvPath}\0${n}`;
  if (!anchorRuns.has(key)) {
    log(`pymatgen_anchor.py ${csvPath} ${n}`);
    anchorRuns.set(
      key,
      run(python, [join(sharedDir, "bench/pymatgen_anchor.py"), csvPath, String(n)], { maxBuffer: 1 << 26 }).then(({ stdout }) => {
        const m = /n=(\d+) parse_ms=([\d.]+) match_pair_ms=([\d.]+) matched=(\d+)\/(\d+) mean_rms=([\d.nan]+)/.exec(stdout);
        if (!m) throw new Error(`pymatgen_anchor.py printed something unexpected: ${stdout}`);
        return { n: +m[1], parse_ms: +m[2], match_pair_ms: +m[3], matched: +m[4], total: +m[5], mean_rms: +m[6] };
      }),
    );
  }
  return anchorRuns.get(key);
}

const ctx = {
  sharedDir,
  dataDir: process.env.CRYSTAL_DATA_DIR ?? join(sharedDir, "data"),
  quick,
  python,
  log,
  pymatgenAnchor,
};

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.mjs") && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort();
const rows = [];
const started = Date.now();
for (const f of files) {
  log(`${f}${quick ? " (quick)" : ""}`);
  const t0 = Date.now();
  try {
    const mod = await import(pathToFileURL(join(benchDir, f)).href);
    const out = await mod.default(ctx);
    for (const r of out) rows.push({ file: f, ...r });
  } catch (e) {
    log(`${f} failed: ${e?.stack ?? e}`);
    rows.push({ file: f, name: `${f} FAILED`, ours: NaN, reference: NaN, unit: "", ratio: NaN, note: String(e?.message ?? e) });
  }
  log(`${f} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const fmt = (v) => (typeof v === "number" ? (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)) : String(v)) : String(v ?? ""));
const header = ["name", "ours", "reference", "unit", "ratio", "note"];
const table = rows.map((r) => [r.name, fmt(r.ours), fmt(r.reference), r.unit ?? "", fmt(r.ratio), r.note ?? ""]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const line = (cells) => cells.map((c, i) => (i === 0 || i >= 3 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ").trimEnd();
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const t of table) console.log(line(t));

mkdirSync(join(benchDir, "out"), { recursive: true });
writeFileSync(
  join(benchDir, "out/results.json"),
  JSON.stringify({ date: new Date().toISOString(), quick, seconds: (Date.now() - started) / 1000, node: process.version, rows }, null, 2),
);
log(`wrote bench/out/results.json (${rows.length} rows)`);

// `xtal table --checkpoints DIR…`: the benchmark table of checkpoint folders (their eval-*.json and config.json) beside
// the published rows, as HTML, CSV, Arrow or Parquet; every cell of ours with the file and command behind it.
import { writeFileSync } from "node:fs";
import type { ColumnTable } from "arquero";
import { exportFormatFromPath, exportTable } from "../../datasets/export.js";
import { type BenchmarkTable, buildBenchmarkTable } from "../../metrics/benchmark/index.js";
import { escapeHtml } from "../../viz/mime-bundle.js";
import { benchmarkCellsFrame, benchmarkFrame } from "../../viz/figures/benchmark-table.js";
import { tableBundle } from "../../viz/table-html.js";
import { CliUsageError, parseArgs } from "../args.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoints: { type: "string", multiple: true },
  split: { type: "string" },
  out: { type: "string" },
  cells: { type: "string" },
} as const;

/** A self-contained HTML page: the table, then every cell's file and command, then the reports left out. */
function htmlPage(table: BenchmarkTable): string {
  const frame = tableBundle(benchmarkFrame(table), { maxRows: Infinity, caption: `Benchmark table (${table.split} split): our checkpoints and baselines beside published rows`, highlight: (r) => r["kind"] === "ours" });
  const cells = tableBundle(benchmarkCellsFrame(table), { maxRows: Infinity, digits: 6, caption: "Provenance: the eval file and command behind every cell of ours (command_recorded false: rebuilt from the file's fields)" });
  const unplaced = table.unplaced.length ? `<p>Left out: ${table.unplaced.map((u) => `${escapeHtml(u.file)} (${escapeHtml(u.reason)})`).join("; ")}</p>` : "";
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>crystal-workbench benchmark table</title></head><body>\n${frame["text/html"]}\n<br>\n${cells["text/html"]}\n${unplaced}\n</body></html>\n`;
}

/** Writes a frame by the path's extension (.html, or a format of exportTable). @throws CliUsageError for another extension */
function writeFrame(path: string, frame: ColumnTable, page: () => string): void {
  if (path.toLowerCase().endsWith(".html")) writeFileSync(path, page());
  else if (exportFormatFromPath(path)) exportTable({ table: frame }, path);
  else throw new CliUsageError(`table: cannot tell the format of ${path} (use .html, .csv, .csv.gz, .arrow or .parquet)`);
}

const table: CliCommand = {
  name: "table",
  summary: "the benchmark table of checkpoint folders (their eval-*.json files) beside the published rows: HTML, CSV or Parquet",
  usage: [
    "usage: xtal table --checkpoints DIR [DIR…] [--split test] [--out FILE.html|.csv|.parquet] [--cells FILE.html|.csv|.parquet]",
    "",
    "  --checkpoints   checkpoint folders (e.g. data/checkpoints/*); each needs config.json and is read with its eval-*.json",
    "                  files (xtal evaluate --out, xtal metrics --json, xtal stability --report); rows: each checkpoint and",
    "                  each baseline found in the reports, per dataset",
    "  --split         the split whose evaluations fill the cells (default test)",
    "  --out           the table; by extension: .html (self-contained, with every cell's file and command), .csv[.gz],",
    "                  .arrow or .parquet; without it the table is printed",
    "  --cells         one line per cell of ours: value, interval, the eval file and the command that wrote it",
    "",
    "  A cell comes from the report with the most targets (CSP) or crystals (de novo) on the split, then the fewest",
    "  samples, then the first file name; --skip subsets and guided runs (--target) never feed a cell.",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const dirs = [...flags.checkpoints, ...positionals];
    if (dirs.length === 0) throw new CliUsageError("table: --checkpoints DIR is required (e.g. --checkpoints data/checkpoints/*)");
    const built = buildBenchmarkTable(dirs, flags.split ? { split: flags.split } : {});
    for (const u of built.unplaced) io.stderr(`table: left out ${u.file}: ${u.reason}\n`);
    const frame = benchmarkFrame(built);
    if (flags.out) writeFrame(flags.out, frame, () => htmlPage(built));
    if (flags.cells) writeFrame(flags.cells, benchmarkCellsFrame(built), () => htmlPage(built));
    io.stdout(flags.out ? `table: ${built.rows.length} rows of ours (${frame.numRows()} with the published ones) → ${flags.out}\n` : `${tableBundle(frame, { maxRows: Infinity })["text/plain"]}\n`);
    return 0;
  },
};

export default table;

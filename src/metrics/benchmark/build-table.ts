// The benchmark table of the workbench: one row per shipped checkpoint and per baseline and dataset, its cells read from
// the recorded evaluations (`eval-*.json`) beside the checkpoints and from their config.json, each cell with the file
// and the command behind it.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type BenchmarkColumn, type BenchmarkColumnKey, BENCHMARK_COLUMNS, feedsColumn } from "./columns.js";
import { type CheckpointRecord, readCheckpointRecord } from "./checkpoint-record.js";
import { type EvalReport, readEvalReport } from "./eval-report.js";

/** Where a cell comes from. */
export interface CellSource {
  /** The eval file (or config.json for the training cost). */
  readonly file: string;
  readonly command: string;
  /** False when the command was rebuilt from the file's fields (the file does not record it). */
  readonly commandRecorded: boolean;
}

/** One cell of ours: the recorded value (fractions as fractions), its 95 % interval and count when recorded. */
export interface BenchmarkCell {
  readonly value: number;
  readonly ci95?: readonly [number, number];
  readonly n?: number;
  /** What the value is when the column admits several: the metric name (W1 property), the backend (training cost). */
  readonly detail?: string;
  readonly source: CellSource;
}

/** A row: a checkpoint or a baseline, on one dataset. */
export interface BenchmarkRow {
  /** The checkpoint folder's name, or `baseline: NAME`. */
  readonly name: string;
  readonly kind: "checkpoint" | "baseline";
  readonly family: string;
  readonly tasks: readonly string[];
  readonly dataset: string;
  /** The checkpoint folder, as given. */
  readonly dir?: string;
  readonly cells: Readonly<Partial<Record<BenchmarkColumnKey, BenchmarkCell>>>;
}

/** The table: its rows, and the reports that could not be placed (no dataset recorded, or written by another command). */
export interface BenchmarkTable {
  /** The split every metric cell was measured on. */
  readonly split: string;
  readonly rows: readonly BenchmarkRow[];
  readonly unplaced: readonly { readonly file: string; readonly reason: string }[];
}

/** Options of buildBenchmarkTable. */
export interface BenchmarkTableOptions {
  /** The split whose evaluations fill the metric cells (default "test"). */
  split?: string;
}

/** Every `eval-*.json` of a folder, by name. */
function reportsOf(dir: string): EvalReport[] {
  return readdirSync(dir).filter((f) => /^eval-.*\.json$/.test(f)).sort().map((f) => readEvalReport(join(dir, f)));
}

/** Reports that may feed a metric cell: on the split (stability reports score samples, not a split), not a --skip subset, not guided. */
const eligible = (r: EvalReport, split: string) => (r.kind === "stability" || r.split === split) && r.skip === 0 && !r.guided;
/** Largest scored set first (targets or crystals), then fewest samples (the run made for an @1 cell), then file name. */
const bySize = (a: EvalReport, b: EvalReport) => b.size - a.size || a.samples - b.samples || a.file.localeCompare(b.file);

function metricCell(column: BenchmarkColumn, reports: readonly EvalReport[]): BenchmarkCell | undefined {
  for (const r of reports) {
    if (!column.from.includes(r.kind)) continue;
    const row = r.rows.find((m) => feedsColumn(column, m.metric) && Number.isFinite(m.value));
    if (!row) continue;
    const ci = row.ci95_low !== undefined && row.ci95_high !== undefined && Number.isFinite(row.ci95_low) && Number.isFinite(row.ci95_high) ? { ci95: [row.ci95_low, row.ci95_high] as const } : {};
    return {
      value: row.value, ...ci, ...(Number.isFinite(row.n) ? { n: row.n } : {}), ...(column.metrics.length > 1 || column.metrics[0]!.endsWith("*") ? { detail: row.metric } : {}),
      source: { file: r.file, command: r.command, commandRecorded: r.commandRecorded },
    };
  }
  return undefined;
}

function sampleCostCell(reports: readonly EvalReport[]): BenchmarkCell | undefined {
  const r = [...reports].filter((x) => x.sampleSeconds !== undefined && x.sampleSeconds > 0 && x.samples > 0).sort((a, b) => b.samples - a.samples || a.file.localeCompare(b.file))[0];
  return r ? { value: (1000 * r.sampleSeconds!) / r.samples, n: r.samples, source: { file: r.file, command: r.command, commandRecorded: r.commandRecorded } } : undefined;
}

function cells(reports: readonly EvalReport[], split: string, checkpoint?: CheckpointRecord): Partial<Record<BenchmarkColumnKey, BenchmarkCell>> {
  const usable = reports.filter((r) => eligible(r, split)).sort(bySize);
  const out: Partial<Record<BenchmarkColumnKey, BenchmarkCell>> = {};
  for (const column of BENCHMARK_COLUMNS.filter((c) => c.group !== "cost")) {
    const cell = metricCell(column, usable);
    if (cell) out[column.key] = cell;
  }
  const t = checkpoint?.training;
  if (t) out.train_hours = { value: t.wallSeconds / 3600, detail: t.backend, source: { file: join(checkpoint.dir, "config.json"), command: t.command, commandRecorded: false } };
  const cost = sampleCostCell(usable);
  if (cost) out.sample_seconds_per_1000 = cost;
  return out;
}

/** Items grouped by a key, groups in order of first appearance. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const byDataset = (reports: readonly EvalReport[]) => groupBy(reports, (r) => r.dataset!);

/**
 * Builds the benchmark table from checkpoint folders: their config.json (family, tasks, training wall time and backend)
 * and every `eval-*.json` in them (MODEL_CARD.md is prose and is not read). A checkpoint gets one row per dataset its
 * reports score (or its training dataset when it has none); the baselines' reports, from whichever folder, one row per
 * baseline and dataset (a baseline recorded by its short name and by its family name is one baseline when some
 * report records both).
 *
 * Which report feeds a metric cell: among the reports of the row on `split` — never a `--skip` subset (those tune
 * sampler settings) and never a guided run (`target`) — the one with the most targets (CSP) or crystals (de novo),
 * then the fewest samples (an @1 cell from a k = 1 run rather than from the first of k = 20), then the first file name; stability reports (their novelty reference is the training
 * split) feed uniqueness and novelty. `xtal metrics` reports do not record guidance and count as unguided. The sampling
 * cost is the `sampleSeconds` of the eligible report with the most samples, per 1,000 crystals.
 * Reports of other commands, or without a dataset, and property-predictor folders (task predict) are listed in `unplaced`.
 * @throws CheckpointFolderError for a folder without a model's config.json; MetricReportError for an unreadable eval file
 */
export function buildBenchmarkTable(dirs: readonly string[], options: BenchmarkTableOptions = {}): BenchmarkTable {
  const split = options.split ?? "test";
  const read = dirs.map((dir) => ({ checkpoint: readCheckpointRecord(dir), reports: reportsOf(dir) }));
  // Property predictors generate nothing: their errors are in their cards, not in this table.
  const isPredictor = (c: (typeof read)[number]) => c.checkpoint.tasks.every((t) => t === "predict");
  const checkpoints = read.filter((c) => !isPredictor(c));
  const all = checkpoints.flatMap((c) => c.reports);
  const unplaced = [
    ...read.filter(isPredictor).map((c) => ({ file: c.checkpoint.dir, reason: "a property predictor (task predict): no generation metrics; its errors are in its eval files and card" })),
    ...all.filter((r) => r.dataset === undefined).map((r) => ({
    file: r.file,
      reason: r.kind === "other" ? "not a report of xtal evaluate --out, xtal metrics --json or xtal stability --report" : "the report names no dataset (a file reference instead of DATASET:SPLIT)",
    })),
  ];
  const placed = (rs: readonly EvalReport[]) => rs.filter((r) => r.dataset !== undefined);
  const rows: BenchmarkRow[] = [];
  for (const { checkpoint, reports } of checkpoints) {
    const own = byDataset(placed(reports.filter((r) => r.baseline === undefined)));
    if (own.size === 0 && checkpoint.training) own.set(checkpoint.training.dataset, []);
    for (const [dataset, rs] of own)
      rows.push({ name: checkpoint.name, kind: "checkpoint", family: checkpoint.family, tasks: checkpoint.tasks, dataset, dir: checkpoint.dir, cells: cells(rs, split, checkpoint) });
  }
  const baselines = placed(all.filter((r) => r.baseline !== undefined));
  const familyOf = new Map(baselines.filter((r) => r.family).map((r) => [r.baseline!, r.family!]));
  for (const [name, rs] of groupBy(baselines, (r) => r.family ?? familyOf.get(r.baseline!) ?? r.baseline!)) {
    for (const [dataset, ds] of byDataset(rs)) {
      const tasks = [...new Set(ds.map((r) => (r.kind === "csp" ? "csp" : "gen")))];
      rows.push({ name: `baseline: ${name}`, kind: "baseline", family: name, tasks, dataset, cells: cells(ds, split) });
    }
  }
  rows.sort((a, b) => a.dataset.localeCompare(b.dataset) || Number(a.kind === "baseline") - Number(b.kind === "baseline") || a.name.localeCompare(b.name));
  return { split, rows, unplaced };
}

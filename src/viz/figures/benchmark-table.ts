// A benchmark table that puts our measured rows beside published ones, each row with its source.
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import { type BenchmarkColumn, type BenchmarkColumnKey, type BenchmarkTable, BENCHMARK_COLUMNS } from "../../metrics/benchmark/index.js";
import type { MetricRow } from "../../metrics/evaluate.js";

/** A CSP row: match rate (%) and normalised RMSE at k samples per composition. */
export interface CspBenchmarkRow {
  readonly dataset: string;
  readonly model: string;
  readonly samples: number;
  readonly matchRate: number;
  readonly rmse: number;
  readonly source: string;
  /** 95 % interval of the match rate (%), when measured here. */
  readonly matchRateCi95?: readonly [number, number];
}

/** A de novo generation row (validity %, coverage %, Wasserstein distances); null where not reported. */
export interface DeNovoBenchmarkRow {
  readonly dataset: string;
  readonly model: string;
  readonly validityStruct: number | null;
  readonly validityComp: number | null;
  readonly covR: number | null;
  readonly covP: number | null;
  readonly wDensity: number | null;
  readonly wEnergy: number | null;
  readonly wElements: number | null;
  readonly source: string;
}

const DIFFCSP_T1 = "Jiao et al., DiffCSP, NeurIPS 2023, Table 1";
const DIFFCSP_T4 = "Jiao et al., DiffCSP, NeurIPS 2023, Table 4";
const DATASETS = ["Perov-5", "Carbon-24", "MP-20", "MPTS-52"] as const;

/** Published CSP results (DiffCSP paper, Table 1), as surveyed in Metni et al., arXiv 2511.22652. */
export const PUBLISHED_CSP: readonly CspBenchmarkRow[] = (
  [
    ["CDVAE", 1, [[45.31, 0.1138], [17.09, 0.2969], [33.9, 0.1045], [5.34, 0.2106]]],
    ["DiffCSP", 1, [[52.02, 0.076], [17.54, 0.2759], [51.49, 0.0631], [12.19, 0.1786]]],
    ["CDVAE", 20, [[88.51, 0.0464], [88.37, 0.2286], [66.95, 0.1026], [20.79, 0.2085]]],
    ["DiffCSP", 20, [[98.6, 0.0128], [88.47, 0.2192], [77.93, 0.0492], [34.02, 0.1749]]],
  ] as const
).flatMap(([model, samples, values]) => values.map(([matchRate, rmse], i) => ({ dataset: DATASETS[i]!, model, samples, matchRate, rmse, source: DIFFCSP_T1 })));

/** Published de novo generation results (DiffCSP paper, Table 4). */
export const PUBLISHED_DE_NOVO: readonly DeNovoBenchmarkRow[] = (
  [
    ["Perov-5", "CDVAE", 100, 98.59, 99.45, 98.46, 0.1258, 0.0264, 0.0628],
    ["Perov-5", "DiffCSP", 100, 98.85, 99.74, 98.27, 0.111, 0.0263, 0.0128],
    ["Carbon-24", "CDVAE", 100, null, 99.8, 83.08, 0.1407, 0.285, null],
    ["Carbon-24", "DiffCSP", 100, null, 99.9, 97.27, 0.0805, 0.082, null],
    ["MP-20", "CDVAE", 100, 86.7, 99.15, 99.49, 0.6875, 0.2778, 1.432],
    ["MP-20", "DiffCSP", 100, 83.25, 99.71, 99.76, 0.3502, 0.1247, 0.3398],
  ] as const
).map(([dataset, model, validityStruct, validityComp, covR, covP, wDensity, wEnergy, wElements]) => ({ dataset, model, validityStruct, validityComp, covR, covP, wDensity, wEnergy, wElements, source: DIFFCSP_T4 }));

/**
 * Our CSP row at k samples per target from an evaluation's metric rows (evaluateCsp, or the `metrics`/`table` rows that
 * `xtal metrics --json` and `xtal evaluate --out` write): match rate in %, RMSE, and the match rate's 95 % interval.
 */
export function cspRowFromMetrics(rows: readonly MetricRow[], k: number, meta: { dataset: string; model: string; source: string }): CspBenchmarkRow {
  const get = (name: string): MetricRow => {
    const row = rows.find((r) => r.metric === name);
    if (!row) throw new RangeError(`cspRowFromMetrics: no "${name}" row (have ${rows.map((r) => r.metric).join(", ")})`);
    return row;
  };
  const rate = get(`match_rate@${k}`);
  const ci = rate.ci95_low !== undefined && rate.ci95_high !== undefined ? { matchRateCi95: [100 * rate.ci95_low, 100 * rate.ci95_high] as const } : {};
  return { ...meta, samples: k, matchRate: 100 * rate.value, rmse: get(`rmse@${k}`).value, ...ci };
}

/**
 * CSP benchmark table: our rows (source e.g. "this workbench, 2026-11-24, quick run") beside the published ones for the
 * same datasets, sorted by dataset, samples, then published before ours. Columns: dataset, samples, model,
 * match_rate_pct, match_rate_95ci (our rows that carry an interval, e.g. "51.9–55.1"), rmse, source.
 */
export function cspBenchmarkTable(ours: readonly CspBenchmarkRow[], options: { onlyOurDatasets?: boolean } = {}): ColumnTable {
  const datasets = new Set(ours.map((r) => r.dataset));
  const published = PUBLISHED_CSP.filter((r) => !(options.onlyOurDatasets ?? true) || datasets.has(r.dataset) || ours.length === 0);
  const rows = [...published.map((r) => ({ ...r, ours: false })), ...ours.map((r) => ({ ...r, ours: true }))];
  const order = (d: string) => { const i = DATASETS.indexOf(d as (typeof DATASETS)[number]); return i < 0 ? DATASETS.length : i; };
  rows.sort((a, b) => order(a.dataset) - order(b.dataset) || a.dataset.localeCompare(b.dataset) || a.samples - b.samples || Number(a.ours) - Number(b.ours));
  const ci = (r: CspBenchmarkRow) => (r.matchRateCi95 ? `${r.matchRateCi95[0].toFixed(1)}–${r.matchRateCi95[1].toFixed(1)}` : "");
  return aq.from(rows.map((r) => ({ dataset: r.dataset, samples: r.samples, model: r.model, match_rate_pct: r.matchRate, match_rate_95ci: ci(r), rmse: r.rmse, source: r.source })));
}

/** De novo benchmark table: our rows beside the published ones (same columns as DeNovoBenchmarkRow, snake_case). */
export function deNovoBenchmarkTable(ours: readonly DeNovoBenchmarkRow[], options: { onlyOurDatasets?: boolean } = {}): ColumnTable {
  const datasets = new Set(ours.map((r) => r.dataset));
  const published = PUBLISHED_DE_NOVO.filter((r) => !(options.onlyOurDatasets ?? true) || datasets.has(r.dataset) || ours.length === 0);
  return aq.from([...published, ...ours].map((r) => ({
    dataset: r.dataset, model: r.model, valid_struct_pct: r.validityStruct, valid_comp_pct: r.validityComp, cov_r_pct: r.covR, cov_p_pct: r.covP,
    w_density: r.wDensity, w_energy: r.wEnergy, w_n_elements: r.wElements, source: r.source,
  })));
}

/** The registry names of the published tables' datasets. */
const DATASET_IDS: Readonly<Record<string, string>> = { "Perov-5": "perov_5", "Carbon-24": "carbon_24", "MP-20": "mp_20", "MPTS-52": "mpts_52" };

/** A published row in the columns of the benchmark table (rates in %, as published). */
interface PublishedRow {
  readonly model: string;
  readonly dataset: string;
  readonly source: string;
  readonly values: Partial<Record<BenchmarkColumnKey, number>>;
}

/** The published rows (CSP Table 1 with @1 and @20 merged per model, de novo Table 4; its W1 of energy as W1 property). */
function publishedRows(): PublishedRow[] {
  const csp = new Map<string, PublishedRow>();
  for (const r of PUBLISHED_CSP) {
    const key = `${r.model}|${r.dataset}`;
    const row = csp.get(key) ?? { model: r.model, dataset: DATASET_IDS[r.dataset] ?? r.dataset, source: r.source, values: {} };
    csp.set(key, { ...row, values: { ...row.values, [`match_rate@${r.samples}`]: r.matchRate, [`rmse@${r.samples}`]: r.rmse } });
  }
  const denovo = PUBLISHED_DE_NOVO.map((r) => {
    const entries: [BenchmarkColumnKey, number | null][] = [
      ["struct_validity", r.validityStruct], ["comp_validity", r.validityComp], ["cov_recall", r.covR], ["cov_precision", r.covP],
      ["wdist_density", r.wDensity], ["wdist_num_elements", r.wElements], ["wdist_property", r.wEnergy],
    ];
    return { model: r.model, dataset: DATASET_IDS[r.dataset] ?? r.dataset, source: r.source, values: Object.fromEntries(entries.filter(([, v]) => v !== null)) };
  });
  return [...csp.values(), ...denovo];
}

/** Options of benchmarkFrame. */
export interface BenchmarkFrameOptions {
  /** Only the columns of one task (plus the cost columns), and only rows with a value in them. */
  group?: "csp" | "gen";
  /** Only these datasets (registry names, e.g. perov_5). */
  datasets?: readonly string[];
  /** Add the published rows of the datasets shown (default true). */
  published?: boolean;
}

const pct = (c: BenchmarkColumn, v: number) => (c.fraction ? 100 * v : v);
/** A column's name in the frame: its key, with `_pct` for a fraction shown in %. */
const frameName = (c: BenchmarkColumn) => (c.fraction ? `${c.key}_pct` : c.key);

/**
 * The benchmark table as one frame: a row per checkpoint and baseline (then the published rows of the same datasets),
 * columns model, dataset, kind (ours, baseline, published), family, every metric column (fractions in %, `_pct`), a
 * `_ci95` column ("low–high") beside each column that has intervals, train_backend, and source (our eval files, or
 * the citation). The cells' files and commands are in benchmarkCellsFrame.
 */
export function benchmarkFrame(table: BenchmarkTable, options: BenchmarkFrameOptions = {}): ColumnTable {
  const columns = BENCHMARK_COLUMNS.filter((c) => !options.group || c.group === options.group || c.group === "cost");
  const inGroup = (keys: readonly string[]) => !options.group || columns.some((c) => c.group === options.group && keys.includes(c.key));
  const rows = table.rows.filter((r) => (!options.datasets || options.datasets.includes(r.dataset)) && inGroup(Object.keys(r.cells)));
  const datasets = new Set(rows.map((r) => r.dataset));
  const published = options.published === false ? [] : publishedRows().filter((r) => datasets.has(r.dataset) && inGroup(Object.keys(r.values)));
  const withCi = columns.filter((c) => rows.some((r) => r.cells[c.key]?.ci95));
  const record = (head: Record<string, unknown>, value: (c: BenchmarkColumn) => number | null, ci: (c: BenchmarkColumn) => string | null, tail: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...head };
    for (const c of columns) {
      out[frameName(c)] = value(c);
      if (withCi.includes(c)) out[`${c.key}_ci95`] = ci(c);
    }
    return { ...out, ...tail };
  };
  const fmt = (c: BenchmarkColumn, v: number) => String(Number(pct(c, v).toPrecision(3)));
  return aq.from([
    ...rows.map((r) => record(
      { model: r.name, dataset: r.dataset, kind: r.kind === "checkpoint" ? "ours" : "baseline", family: r.family },
      (c) => { const cell = r.cells[c.key]; return cell ? pct(c, cell.value) : null; },
      (c) => { const ci = r.cells[c.key]?.ci95; return ci ? `${fmt(c, ci[0])}–${fmt(c, ci[1])}` : null; },
      { train_backend: r.cells.train_hours?.detail ?? null, source: [...new Set(Object.values(r.cells).map((cell) => cell.source.file.split("/").pop()))].join("; ") },
    )),
    ...published.map((r) => record({ model: r.model, dataset: r.dataset, kind: "published", family: null }, (c) => r.values[c.key] ?? null, () => null, { train_backend: null, source: r.source })),
  ]);
}

/** Every cell of ours with its provenance: model, dataset, column, value (as recorded), ci95_low/high, n, detail, file, command, command_recorded. */
export function benchmarkCellsFrame(table: BenchmarkTable): ColumnTable {
  return aq.from(table.rows.flatMap((r) => BENCHMARK_COLUMNS.flatMap((c) => {
    const cell = r.cells[c.key];
    return cell ? [{
      model: r.name, dataset: r.dataset, column: c.key, value: cell.value, ci95_low: cell.ci95?.[0] ?? null, ci95_high: cell.ci95?.[1] ?? null, n: cell.n ?? null,
      detail: cell.detail ?? null, file: cell.source.file, command: cell.source.command, command_recorded: cell.source.commandRecorded,
    }] : [];
  })));
}

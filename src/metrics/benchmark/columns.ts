// The columns of the benchmark table: which metric rows of the recorded evaluations feed each, and how to read it.
import type { EvalKind } from "./eval-report.js";

/** Column keys of the benchmark table. */
export type BenchmarkColumnKey =
  | "match_rate@1" | "rmse@1" | "match_rate@20" | "rmse@20"
  | "struct_validity" | "comp_validity" | "cov_recall" | "cov_precision" | "wdist_density" | "wdist_num_elements" | "wdist_property"
  | "uniqueness" | "novelty" | "p1_share" | "sg_w1"
  | "train_hours" | "sample_seconds_per_1000";

/** One column of the benchmark table. */
export interface BenchmarkColumn {
  readonly key: BenchmarkColumnKey;
  /** Short header with its unit. */
  readonly label: string;
  /** csp / gen: a metric of that task; cost: computed from the training record and the reports' sampling time. */
  readonly group: "csp" | "gen" | "cost";
  /** Metric names that feed the column, first present wins; a name ending in `*` is a prefix. Empty for cost columns. */
  readonly metrics: readonly string[];
  /** Kinds of report that may feed it. */
  readonly from: readonly EvalKind[];
  /** A fraction in [0, 1] (shown in %). */
  readonly fraction: boolean;
  readonly higherIsBetter: boolean;
}

const csp = (key: BenchmarkColumnKey, label: string, fraction: boolean): BenchmarkColumn => ({ key, label, group: "csp", metrics: [key], from: ["csp"], fraction, higherIsBetter: fraction });
const gen = (key: BenchmarkColumnKey, label: string, metrics: readonly string[], fraction: boolean, from: readonly EvalKind[] = ["gen"]): BenchmarkColumn => ({ key, label, group: "gen", metrics, from, fraction, higherIsBetter: fraction });

/** Every column, in table order. */
export const BENCHMARK_COLUMNS: readonly BenchmarkColumn[] = [
  csp("match_rate@1", "match rate @1 (%)", true),
  csp("rmse@1", "RMSE @1", false),
  csp("match_rate@20", "match rate @20 (%)", true),
  csp("rmse@20", "RMSE @20", false),
  gen("struct_validity", "valid struct (%)", ["struct_validity"], true),
  gen("comp_validity", "valid comp (%)", ["comp_validity"], true),
  gen("cov_recall", "COV-R (%)", ["cov_recall"], true),
  gen("cov_precision", "COV-P (%)", ["cov_precision"], true),
  gen("wdist_density", "W1 density (g/cm³)", ["wdist_density"], false),
  gen("wdist_num_elements", "W1 #elements", ["wdist_num_elements"], false),
  gen("wdist_property", "W1 property (predicted)", ["wdist_predicted_*"], false),
  gen("uniqueness", "unique (%)", ["mattergen_unique"], true, ["gen", "stability"]),
  gen("novelty", "novel (%)", ["mattergen_novel"], true, ["gen", "stability"]),
  // Symmetry diagnostics (moyo at symprec 0.1 Å; CSP reports have them too, predictions against their targets). A lower
  // P1 share is not simply better (the data's own share is the aim): higherIsBetter false, and no radar axis.
  { ...gen("p1_share", "P1 share (%)", ["p1_share"], true, ["gen", "stability", "csp"]), higherIsBetter: false },
  gen("sg_w1", "W1 space group (SG number)", ["sg_w1"], false, ["gen", "csp"]),
  { key: "train_hours", label: "train (h)", group: "cost", metrics: [], from: [], fraction: false, higherIsBetter: false },
  { key: "sample_seconds_per_1000", label: "sample (s / 1,000 crystals)", group: "cost", metrics: [], from: [], fraction: false, higherIsBetter: false },
];

/** The column of a key. */
export function benchmarkColumn(key: BenchmarkColumnKey): BenchmarkColumn {
  return BENCHMARK_COLUMNS.find((c) => c.key === key)!;
}

/** Whether a metric row's name feeds the column. */
export function feedsColumn(column: BenchmarkColumn, metric: string): boolean {
  return column.metrics.some((m) => (m.endsWith("*") ? metric.startsWith(m.slice(0, -1)) : metric === m));
}

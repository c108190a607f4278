// Test helper: the shared golden metric values (read at test time, never copied into the repo).
import { readFileSync } from "node:fs";
import { DATA_DIR, GOLDEN_FILE } from "../shared-paths.js";

export interface GoldenStructure {
  dataset: string;
  split: string;
  row: number;
  material_id: string;
  natoms: number;
  nelem: number;
  density: number;
  comp_valid: boolean;
  struct_valid: boolean;
  struct_fp: number[];
  comp_fp_raw: (number | null)[];
  comp_fp_scaled: number[];
}

export interface GoldenCov {
  cov_recall: number;
  cov_precision: number;
  amsd_recall: number;
  amsd_precision: number;
  amcd_recall: number;
  amcd_precision: number;
}

export interface GoldenSplitSummary {
  n: number;
  comp_valid: number;
  struct_valid: number;
  valid: number;
  n_fp_none: number;
  mean_density: number;
  mean_nelem: number;
}

export interface Golden {
  per_structure: GoldenStructure[];
  smact_cases: Record<string, boolean>;
  comp_fp_labels: string[];
  struct_fp_labels: string[];
  summary_perov_5: {
    test: GoldenSplitSummary;
    val: GoldenSplitSummary;
    wdist_density_val_vs_test: number;
    wdist_nelem_val_vs_test: number;
    wdist_density_test_vs_test: number;
    cov_val_as_gen_vs_test: GoldenCov;
    cov_test_vs_test: GoldenCov;
    cov_test_as_gen_vs_val: GoldenCov;
    div_val_all_valid: { comp_div: number; struct_div: number };
  };
}

/** The golden JSON of shared/golden. */
export const golden: Golden = JSON.parse(readFileSync(GOLDEN_FILE, "utf8")) as Golden;

/** Shared data directory (datasets), as the tests use it. */
export { DATA_DIR };

// Screening results as an arquero table and as CSV / Parquet / Arrow files.
import { type ColumnTable, from } from "arquero";
import type { Structure } from "../crystal/structure.js";
import { exportTable } from "../datasets/export.js";
import type { ScreeningRow } from "./types.js";

const COLUMNS: readonly (keyof ScreeningRow)[] = ["rank", "id", "formula", "nsites", "prediction", "std", "score", "novel", "droppedAt", "reason"];

/** The rows as an arquero table (columns rank, id, formula, nsites, prediction, std, score, novel, droppedAt, reason). */
export function screeningTable(rows: readonly ScreeningRow[]): ColumnTable {
  return from(rows.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]]))), [...COLUMNS]);
}

/**
 * Writes rows (e.g. the ranked hits) as CSV, Parquet or Arrow by the file extension, with each crystal as CIF text in a
 * `cif` column when `structures` (same order) are given, so the file reads back as candidates.
 * @throws DatasetError for an unknown extension or a structure count that differs from the rows
 */
export function writeScreeningTable(path: string, rows: readonly ScreeningRow[], structures?: readonly Structure[]): void {
  exportTable({ table: screeningTable(rows), ...(structures ? { structures } : {}) }, path);
}

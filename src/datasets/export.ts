import { type ColumnTable, table, toArrowIPC } from "arquero";
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";
import { writeCif } from "../crystal/io/cif-write.js";
import type { Structure } from "../crystal/structure.js";
import { formatCsv } from "./csv.js";
import { DatasetError } from "./errors.js";

/** File formats of exportTable. */
export type ExportFormat = "csv" | "arrow" | "parquet";

/** What exportTable writes: a property table and (optionally) the structures of its rows, same order. */
export interface ExportSource {
  readonly table: ColumnTable;
  readonly structures?: readonly Structure[];
}

/** Options of exportTable. */
export interface ExportOptions {
  /** File format; default from the extension (.csv/.csv.gz, .arrow/.feather/.ipc, .parquet). */
  format?: ExportFormat;
  /** Name of the column that receives each structure as CIF text (default "cif"). */
  cifColumn?: string;
}

/** The format a path's extension implies, or undefined. */
export function exportFormatFromPath(path: string): ExportFormat | undefined {
  const p = path.toLowerCase();
  if (p.endsWith(".csv") || p.endsWith(".csv.gz")) return "csv";
  if (p.endsWith(".arrow") || p.endsWith(".feather") || p.endsWith(".ipc")) return "arrow";
  if (p.endsWith(".parquet")) return "parquet";
  return undefined;
}

/** The table's columns plus, when structures are given, a CIF column (pymatgen CifWriter layout, P1). */
export function tableWithCifs(source: ExportSource, cifColumn = "cif"): { names: string[]; columns: unknown[][] } {
  const names = source.table.columnNames();
  const columns = names.map((n) => Array.from(source.table.array(n) as ArrayLike<unknown>));
  if (source.structures) {
    if (source.structures.length !== source.table.numRows())
      throw new DatasetError(`export: ${source.structures.length} structures but ${source.table.numRows()} table rows`);
    if (names.includes(cifColumn)) throw new DatasetError(`export: the table already has a "${cifColumn}" column`);
    names.push(cifColumn);
    columns.push(source.structures.map((s) => writeCif(s)));
  }
  return { names, columns };
}

type ParquetType = "BOOLEAN" | "INT32" | "DOUBLE" | "STRING";

/** Parquet type of a column: all booleans → BOOLEAN; numbers → DOUBLE (INT32 for `row`/`nsites` counts); else STRING. */
function parquetType(name: string, values: readonly unknown[]): ParquetType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return "BOOLEAN";
  if (present.length > 0 && present.every((v) => typeof v === "number")) return (name === "row" || name === "nsites") && present.every((v) => Number.isInteger(v) && Math.abs(v as number) < 2 ** 31) ? "INT32" : "DOUBLE";
  return "STRING";
}

/**
 * Writes a dataset (or any arquero table plus structures) as CSV (RFC 4180; gzip for .csv.gz), Arrow IPC file, or
 * Parquet, with each structure as CIF text in a `cif` column so the file can be loaded again with loadStructuresCsv
 * or read by pandas/pyarrow.
 */
export function exportTable(source: ExportSource, path: string, options: ExportOptions = {}): void {
  const format = options.format ?? exportFormatFromPath(path);
  if (!format) throw new DatasetError(`export: cannot tell the format of ${path}; pass { format: "csv" | "arrow" | "parquet" }`);
  const { names, columns } = tableWithCifs(source, options.cifColumn);
  if (format === "csv") {
    const text = formatCsv(names, columns);
    writeFileSync(path, path.toLowerCase().endsWith(".gz") ? gzipSync(text) : text);
  } else if (format === "arrow") {
    const data: Record<string, unknown[]> = {};
    names.forEach((n, k) => (data[n] = columns[k]!));
    writeFileSync(path, toArrowIPC(table(data), { format: "file" }));
  } else {
    const columnData = names.map((name, k) => {
      const data = columns[k]!;
      const type = parquetType(name, data);
      return { name, data: data.map((v) => (v === undefined ? null : v)), type };
    });
    writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData })));
  }
}

import { type ColumnTable, table } from "arquero";
import { basename } from "node:path";
import { reducedFormula } from "../crystal/composition.js";
import { readCif } from "../crystal/io/cif-read.js";
import type { PropertyValue, Structure } from "../crystal/structure.js";
import { type FileDigests, openCsvFile, readCsvRecords } from "./csv.js";
import { DatasetError, DatasetRowError } from "./errors.js";
import type { ColumnKind } from "./registry.js";

/** A row of a structure CSV that was not kept, with its 1-based data row number, start line and reason. */
export interface RejectedRow {
  readonly row: number;
  readonly line: number;
  readonly id?: string;
  readonly reason: string;
}

/** Options of loadStructuresCsv. */
export interface StructuresCsvOptions {
  /** Column holding the CIF text (default "cif"; "cif.conv" selects the DiffCSP conventional cell). */
  cifColumn?: string;
  /** Column holding the identifier (default "material_id"; the row number is used when the file has no such column). */
  idColumn?: string;
  /** Known kinds of property columns; other columns are typed by inspection (all numbers → number, True/False → boolean). */
  columnKinds?: Readonly<Record<string, ColumnKind>>;
  /** Stop after this many data rows (kept or rejected). */
  limit?: number;
  /** Throw DatasetRowError on the first bad row instead of reporting it in rowsRejected. */
  strict?: boolean;
  /** Called as rows are read: done rows, and the expected total (known, or estimated from the bytes read). */
  onProgress?: (done: number, total: number) => void;
  /** Expected number of data rows (used for progress). */
  expectedRows?: number;
}

/** What reading a structure CSV yields before it is wrapped into a Dataset. */
export interface StructuresCsv {
  /** One row per kept structure: id, row, formula, nsites, then the file's other columns typed. */
  readonly table: ColumnTable;
  /** The structures, same order as the table, with their row's properties attached. */
  readonly structures: Structure[];
  /** File header, in order. */
  readonly header: readonly string[];
  readonly rowsRead: number;
  readonly rowsRejected: RejectedRow[];
  /** Kept rows whose CIF the reader warned about (assumed P1, rounded thirds, dropped sites, …). */
  readonly rowsWithWarnings: number;
  /** Digests of the stored file; undefined when reading stopped early because of `limit`. */
  readonly digests?: FileDigests;
}

/** Columns that loading derives; a file column with one of these names is kept as `<name>_file`. */
export const DERIVED_COLUMNS = ["id", "row", "formula", "nsites"] as const;

const CIF_COLUMNS = new Set(["cif", "cif.conv"]);

/** Name a file column gets in the loaded table ("" → "index", derived names → "<name>_file"). */
export function tableColumnName(fileColumn: string): string {
  if (fileColumn === "") return "index";
  return (DERIVED_COLUMNS as readonly string[]).includes(fileColumn) ? `${fileColumn}_file` : fileColumn;
}

/** Types one CSV cell: empty or NaN → null, numbers and True/False as such; undefined when the text does not fit `kind`. */
function typedValue(text: string, kind: ColumnKind): PropertyValue | undefined {
  if (text === "" || text === "nan" || text === "NaN") return null;
  switch (kind) {
    case "string":
      return text;
    case "boolean":
      return text === "True" || text === "true" ? true : text === "False" || text === "false" ? false : undefined;
    case "number":
    case "integer": {
      const v = NUMBER_RE.test(text) ? Number(text) : NaN;
      return Number.isFinite(v) && (kind === "number" || Number.isInteger(v)) ? v : undefined;
    }
  }
}

const NUMBER_RE = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Kind of a column from its values: every non-empty value numeric → number, all True/False → boolean, else string. */
export function inferColumnKind(values: readonly string[]): ColumnKind {
  let numeric = true;
  let boolean = true;
  let any = false;
  for (const v of values) {
    if (v === "" || v === "nan" || v === "NaN") continue;
    any = true;
    if (numeric && !NUMBER_RE.test(v)) numeric = false;
    if (boolean && v !== "True" && v !== "False" && v !== "true" && v !== "false") boolean = false;
    if (!numeric && !boolean) return "string";
  }
  if (!any) return "string";
  return numeric ? "number" : boolean ? "boolean" : "string";
}

/**
 * Reads a CSV with one CIF per row (the CDVAE layout, the DiffCSP layout with `cif.conv`, or any CSV with a `cif`
 * column, plain or .gz). Every data row is accounted for: kept, or listed in `rowsRejected` with its row number,
 * line and reason (wrong field count, broken quoting, empty or unparsable CIF, untyped property value).
 * Fractional coordinates are wrapped into [0, 1) by the CIF reader.
 */
export async function readStructuresCsv(path: string, options: StructuresCsvOptions = {}): Promise<StructuresCsv> {
  const file = openCsvFile(path);
  const cifColumn = options.cifColumn ?? "cif";
  const idColumn = options.idColumn ?? "material_id";
  const limit = options.limit ?? Infinity;
  const label = basename(path);
  let header: string[] | undefined;
  let cifAt = -1;
  let idAt = -1;
  let propertyAt: number[] = [];
  const kept: { row: number; line: number; cells: string[]; warned: boolean }[] = [];
  const structures: Structure[] = [];
  const rejected: RejectedRow[] = [];
  let rowsRead = 0;
  let stoppedEarly = false;

  const reject = (row: number, line: number, reason: string, id?: string) => {
    if (options.strict) throw new DatasetRowError(label, row, line, reason, id);
    rejected.push(id !== undefined ? { row, line, id, reason } : { row, line, reason });
  };
  const progress = () => {
    if (!options.onProgress) return;
    const estimate = options.expectedRows ?? Math.round((rowsRead * file.bytes) / Math.max(1, file.bytesRead()));
    options.onProgress(rowsRead, Math.min(limit, Math.max(estimate, rowsRead)));
  };

  try {
    for await (const record of readCsvRecords(file.stream)) {
      if (!header) {
        header = record.fields;
        if (record.error) throw new DatasetError(`${label}: header: ${record.error}`);
        cifAt = header.indexOf(cifColumn);
        if (cifAt < 0) throw new DatasetError(`${label}: no "${cifColumn}" column (header: ${header.map((h) => JSON.stringify(h)).join(", ")})`);
        idAt = header.indexOf(idColumn);
        propertyAt = header.map((_, i) => i).filter((i) => i !== idAt && !CIF_COLUMNS.has(header![i]!));
        continue;
      }
      if (rowsRead >= limit) {
        stoppedEarly = true;
        break;
      }
      const row = ++rowsRead;
      const f = record.fields;
      const id = idAt >= 0 && idAt < f.length ? f[idAt] : undefined;
      if (record.error) reject(row, record.line, record.error, id);
      else if (f.length !== header.length) reject(row, record.line, `expected ${header.length} fields, found ${f.length}`, id);
      else if (f[cifAt]!.trim() === "") reject(row, record.line, `empty "${cifColumn}" field`, id);
      else {
        try {
          const warnings: string[] = [];
          structures.push(readCif(f[cifAt]!, { file: `${label} row ${row}`, warnings }));
          f[cifAt] = ""; // the CIF text is not needed any more
          kept.push({ row, line: record.line, cells: f, warned: warnings.length > 0 });
        } catch (e) {
          reject(row, record.line, `bad CIF: ${e instanceof Error ? e.message : String(e)}`, id);
        }
      }
      if ((row & 255) === 0) progress();
    }
  } finally {
    if (stoppedEarly || options.strict) file.close();
  }
  if (!header) throw new DatasetError(`${label}: empty file (no header)`);
  progress();

  // Type every property column over the kept rows; a value that does not fit its declared kind rejects the row.
  const kinds = propertyAt.map((i) => options.columnKinds?.[header![i]!] ?? inferColumnKind(kept.map((k) => k.cells[i]!)));
  const columns: Record<string, unknown[]> = { id: [], row: [], formula: [], nsites: [] };
  const names = propertyAt.map((i) => tableColumnName(header![i]!));
  for (const n of names) columns[n] = [];
  const finalStructures: Structure[] = [];
  let rowsWithWarnings = 0;
  kept.forEach((k, j) => {
    const values: PropertyValue[] = [];
    const id = idAt >= 0 ? k.cells[idAt]! : String(k.row);
    for (let c = 0; c < propertyAt.length; c++) {
      const text = k.cells[propertyAt[c]!]!;
      const v = typedValue(text, kinds[c]!);
      if (v === undefined) {
        reject(k.row, k.line, `column "${header![propertyAt[c]!]}": ${JSON.stringify(text)} is not ${kinds[c] === "integer" ? "an integer" : `a ${kinds[c]}`}`, id);
        return;
      }
      values.push(v);
    }
    const s = structures[j]!;
    const properties: Record<string, PropertyValue> = { id, row: k.row };
    names.forEach((n, c) => (properties[n] = values[c]!));
    columns.id!.push(id);
    columns.row!.push(k.row);
    columns.formula!.push(reducedFormula(s.species, s.occupancies));
    columns.nsites!.push(s.species.length);
    names.forEach((n, c) => columns[n]!.push(values[c]));
    finalStructures.push(Object.freeze({ ...s, properties: Object.freeze(properties) }));
    if (k.warned) rowsWithWarnings++;
  });
  rejected.sort((a, b) => a.row - b.row);
  const digests = stoppedEarly ? undefined : await file.digests;
  return {
    table: table(columns),
    structures: finalStructures,
    header,
    rowsRead,
    rowsRejected: rejected,
    rowsWithWarnings,
    ...(digests ? { digests } : {}),
  };
}

import { type ColumnTable, escape } from "arquero";
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import type { Structure } from "../crystal/structure.js";
import type { CovCutoffs } from "../metrics/coverage.js";
import { type DerivedSplit, derivedSplit } from "./derived-splits.js";
import { downloadVerified } from "./download.js";
import { DatasetNotFoundError } from "./errors.js";
import { type DataLocationOptions, datasetCacheDir, datasetCandidatePaths } from "./paths.js";
import { type ColumnKind, type FileChecksum, datasetSpec, splitSpec } from "./registry.js";
import { type RejectedRow, type StructuresCsvOptions, readStructuresCsv } from "./structures-csv.js";

/** Where a dataset's rows came from and what happened to each of them. */
export interface DatasetProvenance {
  readonly name: string;
  readonly split: string;
  /** Path of the file read. */
  readonly file: string;
  /** Where the data originates: repository@commit (or "file" for an arbitrary CSV). */
  readonly source: string;
  /** Download URL of the canonical copy, when known. */
  readonly url?: string;
  /** sha256 of the file read (stored bytes); undefined when reading stopped early because of `limit`. */
  readonly sha256?: string;
  /** "verified": the file matches a published sha256 or git blob id; "mismatch": it differs (a variant or a corrupt copy); "unknown": nothing published or not fully read. */
  readonly checksum: "verified" | "mismatch" | "unknown";
  /** The published copy the file matched (e.g. "txie-93/cdvae@f857f598"), when verified. */
  readonly copy?: string;
  /** Data rows read from the file (kept + rejected). */
  readonly rowsRead: number;
  /** Rows not kept, with 1-based row number, start line, id when readable, and reason. */
  readonly rowsRejected: RejectedRow[];
  /** Kept rows whose CIF the reader warned about (the warnings themselves: `xtal info --csv` or readCif's `warnings`). */
  readonly rowsWithWarnings: number;
  /** Registered property columns that the file does not have (reported, not guessed). */
  readonly missingColumns: string[];
  /** File columns the registry does not describe (loaded with an inferred type). */
  readonly extraColumns: string[];
  /** For a derived split (fit, select): the published split it was cut from, the rule, and the rows it kept of it. */
  readonly derived?: { readonly from: string; readonly rule: string; readonly kept: number; readonly of: number };
}

/** A loaded dataset: a property table (one row per structure) plus the structures in the same order and the provenance. */
export interface Dataset {
  readonly name: string;
  readonly split: string;
  /** Columns: id, row (1-based data row in the file), formula (reduced, pymatgen rules), nsites, then the file's columns typed. */
  readonly table: ColumnTable;
  /** Structures with their row's properties attached (`properties.id`, `properties.row`, …), coordinates in [0, 1). */
  readonly structures: Structure[];
  readonly provenance: DatasetProvenance;
  /** COV cutoffs of the registry entry (absent for datasets without published cutoffs and for user files). */
  readonly covCutoffs?: CovCutoffs;
}

/** Options of loadDataset. */
export interface LoadDatasetOptions extends DataLocationOptions {
  /** Read at most this many data rows. */
  limit?: number;
  /** CIF column to parse: "cif" (default) or the DiffCSP layout's conventional cell "cif.conv". */
  cifColumn?: "cif" | "cif.conv";
  /** Progress in rows: (done, expected total). */
  onProgress?: (done: number, total: number) => void;
  /** Throw DatasetRowError on the first malformed row instead of listing it in provenance.rowsRejected. */
  strict?: boolean;
  /** Allow downloading into the cache when no local file exists (default true). */
  download?: boolean;
}

/** Whether a file's digests match one of the published copies of its name, and which one. */
function checksumStatus(
  known: readonly FileChecksum[] | undefined,
  sha256: string | undefined,
  gitBlob: string | undefined,
): Pick<DatasetProvenance, "checksum" | "copy"> {
  const checkable = (known ?? []).filter((k) => k.sha256 || k.gitBlob);
  if (sha256 === undefined || checkable.length === 0) return { checksum: "unknown" };
  const hit = checkable.find((k) => (!k.sha256 || k.sha256 === sha256) && (!k.gitBlob || k.gitBlob === gitBlob));
  return hit ? { checksum: "verified", copy: hit.copy } : { checksum: "mismatch" };
}

/**
 * Finds the file of a split: `<dataDir or CRYSTAL_DATA_DIR>/<name>/<split>.csv[.gz]`, then the bundled copy (prototypes),
 * then the cache (`$XDG_CACHE_HOME/crystal-workbench/<name>/`), then downloads the canonical copy into the cache and
 * verifies it. Throws DatasetNotFoundError listing every place looked when nothing is found.
 */
export async function resolveDatasetFile(
  name: string,
  split: string,
  options: LoadDatasetOptions = {},
): Promise<string> {
  const candidates = datasetCandidatePaths(name, split, options);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const spec = splitSpec(name, split);
  let problem = "";
  if (!spec.url) problem = "no public download URL is registered";
  else if (options.download === false) problem = "downloads disabled ({ download: false })";
  else {
    const file = basename(new URL(spec.url).pathname);
    try {
      const got = await downloadVerified(spec.url, join(datasetCacheDir(options), name, file), spec.files[file]?.[0]);
      return got.path;
    } catch (e) {
      problem = `${spec.url}: ${e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ""}` : String(e)}`;
    }
  }
  throw new DatasetNotFoundError(name, split, candidates, problem);
}

/**
 * Loads one split of a registered dataset (perov_5, carbon_24, mp_20, mpts_52, mp_20_biternary, prototypes):
 * parses every CIF (coordinates wrapped into [0, 1)), types every property column, and accounts for every row.
 */
export async function loadDataset(name: string, split: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const derived = derivedSplit(split);
  if (derived) return loadDerived(name, split, derived, options);
  const spec = datasetSpec(name);
  const sp = splitSpec(name, split);
  const path = await resolveDatasetFile(name, split, options);
  const columnKinds: Record<string, ColumnKind> = {};
  for (const c of spec.columns) columnKinds[c.name] = c.kind;
  const csvOptions: StructuresCsvOptions = { cifColumn: options.cifColumn ?? spec.cifColumn, idColumn: spec.idColumn, columnKinds };
  if (options.limit !== undefined) csvOptions.limit = options.limit;
  if (options.strict) csvOptions.strict = true;
  if (options.onProgress) csvOptions.onProgress = options.onProgress;
  if (sp.rows !== undefined && sp.rowsVerified) csvOptions.expectedRows = Math.min(sp.rows, options.limit ?? Infinity);
  const csv = await readStructuresCsv(path, csvOptions);
  const described = new Set([...spec.columns.map((c) => c.name), spec.idColumn, spec.cifColumn, "cif", "cif.conv", ""]);
  const source = `${spec.source.repository}${spec.source.commit ? `@${spec.source.commit}` : ""}`;
  const known = sp.files[basename(path)];
  const provenance: DatasetProvenance = {
    name,
    split,
    file: path,
    source,
    ...(sp.url ? { url: sp.url } : {}),
    ...(csv.digests ? { sha256: csv.digests.sha256 } : {}),
    ...checksumStatus(known, csv.digests?.sha256, csv.digests?.gitBlob),
    rowsRead: csv.rowsRead,
    rowsRejected: csv.rowsRejected,
    rowsWithWarnings: csv.rowsWithWarnings,
    missingColumns: spec.columns.map((c) => c.name).filter((c) => !csv.header.includes(c)),
    extraColumns: csv.header.filter((h) => !described.has(h)),
  };
  return { name, split, table: csv.table, structures: csv.structures, provenance, ...(spec.covCutoffs ? { covCutoffs: spec.covCutoffs } : {}) };
}

/** A derived split: the whole published split it comes from, filtered by the stable id rule, then `limit` rows. */
async function loadDerived(name: string, split: string, d: DerivedSplit, options: LoadDatasetOptions): Promise<Dataset> {
  const { limit, ...rest } = options;
  const base = await loadDataset(name, d.from, rest);
  const kept = base.structures.flatMap((s, i) => (d.keeps(String(s.properties?.["id"] ?? "")) ? [i] : [])).slice(0, limit ?? Infinity);
  const ids = new Set(kept.map((i) => String(base.structures[i]!.properties?.["id"] ?? "")));
  const table = base.table.filter(escape((row: { id: unknown }) => ids.has(String(row.id)))).slice(0, kept.length);
  return {
    ...base,
    split,
    table,
    structures: kept.map((i) => base.structures[i]!),
    provenance: { ...base.provenance, split, derived: { from: d.from, rule: d.rule, kept: kept.length, of: base.structures.length } },
  };
}

/** Options of loadStructuresCsv. */
export type LoadStructuresCsvOptions = StructuresCsvOptions;

/**
 * Loads any CSV with a CIF column (generated samples, a user's own data) as a Dataset named after the file
 * (split ""). Column types are inferred unless `columnKinds` gives them.
 */
export async function loadStructuresCsv(path: string, options: LoadStructuresCsvOptions = {}): Promise<Dataset> {
  const csv = await readStructuresCsv(path, options);
  const name = basename(path).replace(/\.csv(\.gz)?$/i, "");
  const provenance: DatasetProvenance = {
    name,
    split: "",
    file: path,
    source: "file",
    ...(csv.digests ? { sha256: csv.digests.sha256 } : {}),
    checksum: "unknown",
    rowsRead: csv.rowsRead,
    rowsRejected: csv.rowsRejected,
    rowsWithWarnings: csv.rowsWithWarnings,
    missingColumns: [],
    extraColumns: [],
  };
  return { name, split: "", table: csv.table, structures: csv.structures, provenance };
}

// Datasets: the CDVAE/DiffCSP benchmark CSVs and the bundled prototypes set, read into Structure[] + arquero tables.
export {
  DatasetChecksumError, DatasetError, DatasetNotFoundError, DatasetRowError, NoCovCutoffsError, UnknownDatasetError, UnknownSplitError,
} from "./errors.js";
export { type CsvFileStream, type CsvRecord, type FileDigests, openCsvFile, parseCsvText, readCsvRecords } from "./csv.js";
export {
  type ColumnKind, type ColumnSpec, type DatasetSpec, type FileChecksum, type SplitSpec, covCutoffsOf, datasetNames, datasetSpec, splitSpec,
} from "./registry.js";
export { type DataLocationOptions, DATA_DIR_ENV, datasetCacheDir, datasetPath } from "./paths.js";
export { type RejectedRow, type StructuresCsv, type StructuresCsvOptions, readStructuresCsv } from "./structures-csv.js";
export {
  type Dataset, type DatasetProvenance, type LoadDatasetOptions, type LoadStructuresCsvOptions, loadDataset, loadStructuresCsv, resolveDatasetFile,
} from "./load.js";
export { type ExportFormat, type ExportOptions, type ExportSource, exportTable, tableWithCifs } from "./export.js";
export { type DerivedSplit, DERIVED_SPLITS, derivedSplit } from "./derived-splits.js";

// The benchmark table from checkpoint folders: recorded evaluations (`eval-*.json`) and training records, with provenance.
export { type BenchmarkCell, type BenchmarkRow, type BenchmarkTable, type BenchmarkTableOptions, type CellSource, buildBenchmarkTable } from "./build-table.js";
export { type BenchmarkColumn, type BenchmarkColumnKey, BENCHMARK_COLUMNS, benchmarkColumn } from "./columns.js";
export { type CheckpointRecord, type TrainingCost, CheckpointFolderError, readCheckpointRecord } from "./checkpoint-record.js";
export { type EvalKind, type EvalReport, readEvalReport } from "./eval-report.js";

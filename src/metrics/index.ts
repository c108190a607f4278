// Metrics: structure matching, validity, fingerprints, coverage, property distances, stability, S.U.N., and the
// one-call evaluations of generated crystals (de novo) and CSP predictions.
export {
  type GroupOptions, type MatchPairsOptions, type MatchResult, type MatcherOptions, type PairOutcome, type PreparedStructure,
  type StructurePair, CSP_MATCHER, DEFAULT_MATCHER, MatcherPairError, fitStructures, getRmsDist, groupStructures, matchPairs,
  prepareForMatching,
} from "./structure-matcher/index.js";
export { CRYSTALNN_FINGERPRINT_LABELS, CRYSTALNN_FINGERPRINT_LENGTH, FingerprintError, crystalNNFingerprint, siteFingerprints } from "./fingerprints/index.js";
export {
  type CrystalRecord, type CrystalRecordOptions, type CrystalRecordsOptions, type ParallelRecordsOptions, type SmactMode,
  type SmactOptions, type SmactReason, type SmactVerdict, type StructFingerprintFn, type StructureValidity,
  type StructureValidityReason, crystalRecord, crystalRecords, parallelCrystalRecords, smactValidity, smactValidityOfCounts,
  structureValidity,
} from "./validity/index.js";
export {
  CompositionFingerprintError, MAGPIE_FEATURE_LABELS, magpieFingerprint, magpieFingerprintOfComposition, scaleCompositionFingerprint,
} from "./composition-fingerprint/index.js";
export { type CovCutoffs, type CoverageResult, type CrystalFingerprints, coverage } from "./coverage.js";
export { diversity } from "./diversity.js";
export { wassersteinDistance } from "./wasserstein.js";
export { type ChiSquareResult, chiSquareHomogeneity, chiSquareSurvival, lnGamma, regularizedGammaQ } from "./chi-square.js";
export {
  type DetectSpaceGroupsOptions, type EvaluateSymmetryOptions, type Share, type SpaceGroupDetection, type SpaceGroupSummary,
  type SymmetryDiagnostics, SYMMETRY_SYMPREC, detectSpaceGroup, detectSpaceGroups, evaluateCspSymmetry, evaluateSymmetry, requestedSpaceGroups,
  spaceGroupSummary, symmetryDiagnostics, symmetryRows,
} from "./symmetry/index.js";
export { type PropertyRecord, type PropertyStatsOptions, type PropertyStatsResult, propertyStats } from "./property-stats.js";
export {
  type CspGating, type CspOptions, type CspRmsTableOptions, type MatchRateResult, cspRmsTable, matchRate, matchRateMulti, matchRatesFromTable,
} from "./csp.js";
export {
  type CompositionLike, type HullEntry, type HullPoint, type PhaseDiagram, PhaseDiagramError, buildPhaseDiagram, energyAboveHull, hullEnergyPerAtom,
} from "./stability/index.js";
export { type SunConvention, type SunOptions, type SunResult, sunMetrics, uniquenessNovelty } from "./sun.js";
export {
  type EvaluateCspOptions, type EvaluateGenerationOptions, type MetricRow, type RecordsFn, type ReferenceSet,
  type StructFingerprintChoice, evaluateCsp, evaluateGeneration, metricRows,
} from "./evaluate.js";
export { closeParallelPool, parallelPoolSize } from "./parallel/index.js";
export { type ProxySummary, type ProxyValue, nearestCompositionProperty, summariseProxy } from "./property-proxy.js";
export { meanInterval, wilsonInterval } from "./intervals.js";
export { type ElementBias, type PredictionErrors, elementBias, predictionErrors } from "./prediction-errors.js";
export { MetricReportError, readMetricReport } from "./report-file.js";
export {
  type BenchmarkCell, type BenchmarkColumn, type BenchmarkColumnKey, type BenchmarkRow, type BenchmarkTable, type BenchmarkTableOptions,
  type CellSource, type CheckpointRecord, type EvalKind, type EvalReport, type TrainingCost, BENCHMARK_COLUMNS, CheckpointFolderError,
  benchmarkColumn, buildBenchmarkTable, readCheckpointRecord, readEvalReport,
} from "./benchmark/index.js";
export { type ImplausibleCellPolicy, applyCellPolicy, isPlausibleCell } from "./plausible-cell.js";

// Stability without DFT: the potential interfaces, relaxation, hull references and the S.U.N. table.
export { type FormationEnergyModel, type Potential, type PotentialEvaluation, PotentialInputError } from "./potential.js";
export { EntriesFileError, HullSourceError } from "./errors.js";
export {
  type DatasetHullSources, type HullEntrySource, type HullReferences, type HullSourceCount, FORMATION_ENERGY_COLUMN, buildHullReferences,
  hullEntriesFromDataset, loadHullEntrySources,
} from "./hull-references.js";
export { readHullEntriesFile } from "./entries-file.js";
export { type HullCoverage, hullCoverage } from "./hull-coverage.js";
export {
  type ConventionSummary, type GeneratedCrystal, type Proportion, type RelaxationStatus, type StabilityRecord, type StabilitySummary, type StabilityTable,
  type StabilityTableOptions, stabilitySummaryRows, stabilityTable, stabilityTableToCsv,
} from "./stability-table.js";

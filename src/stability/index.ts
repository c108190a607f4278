// Stability without DFT: the potential interfaces, relaxation, hull references and the S.U.N. table.
export { type FormationEnergyModel, type Potential, type PotentialEvaluation, type PotentialSource, PotentialInputError } from "./potential.js";
export { type RelaxOptions, relaxStructures } from "./relax/relax-structures.js";
export { type RelaxFrame, type RelaxResult, type RelaxStatus } from "./relax/relax-result.js";
export { EXPLOSION_FORCE, EXPLOSION_VOLUME_FACTOR } from "./relax/crystal-relaxation.js";
export { FIRE_DEFAULTS, type FireParameters } from "./relax/fire.js";
export { structureRefusal } from "./relax/structure-refusal.js";
export { GPA_PER_EV_PER_A3 } from "./relax/units.js";
export { EntriesFileError, HullSourceError } from "./errors.js";
export {
  type DatasetHullSources, type HullEntrySource, type HullReferences, type HullSourceCount, FORMATION_ENERGY_COLUMN, buildHullReferences,
  hullEntriesFromDataset, loadHullEntrySources,
} from "./hull-references.js";
export { readHullEntriesFile } from "./entries-file.js";
export {
  type ElementShift, type ShiftSample, ElementShiftFileError, chooseElementShift, elementShiftOf, fitElementShift, readElementShift, shiftedFormationEnergy, shiftedMae,
} from "./element-shift.js";
export { type HullCoverage, hullCoverage } from "./hull-coverage.js";
export { type DecompositionPhase, type HullPlacement, compositionFormula, hullPlacement } from "./hull-placement.js";
export { type HullSlice, type HullSliceCandidate, type HullSliceEntry, type HullSlicePoint, hullSlice } from "./hull-slice.js";
export {
  type ConventionSummary, type GeneratedCrystal, type Proportion, type StabilityRecord, type StabilitySummary, type StabilityTable,
  type StabilityTableOptions, stabilitySummaryRows, stabilityTable, stabilityTableToCsv,
} from "./stability-table.js";
export { type StabilityAssessment, type StabilityAssessmentOptions, type StabilityStage, assessStability } from "./assess-stability.js";

// Screening: an enumerated composition space on a prototype, and the pipeline that screens candidates from any source
// (validity, SMACT, a property predictor given as a function, a criterion, uniqueness and novelty) into ranked hits.
export { ScreeningInputError } from "./errors.js";
export { type CubicPrototype, type PrototypeSite, cubicPrototype, prototypeNames } from "./prototypes.js";
export { ionName, shannonRadius, tabulatedCharges } from "./ionic-radii.js";
export { type Enumeration, type EnumerationOptions, type EnumerationRejection, type EnumerationRow, enumeratePrototypeCompositions } from "./enumerate.js";
export { type EnumerationSpec, parseEnumerationSpec } from "./enumeration-spec.js";
export type { PredictedValue, PropertyCriterion, PropertyPredictorFn, ScreeningResult, ScreeningRow, ScreeningStage, StageReport } from "./types.js";
export { type ResolvedCriterion, criterionScore, meetsCriterion, resolveCriterion } from "./criterion.js";
export { type ScreeningOptions, type ScreeningStages, screenCandidates } from "./screen.js";
export { screeningTable, writeScreeningTable } from "./screening-table.js";

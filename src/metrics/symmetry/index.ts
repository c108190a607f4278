// Symmetry diagnostics of generated crystals: P1 share, space-group distribution against the reference, requested-group match.
export { SYMMETRY_SYMPREC, type SpaceGroupDetection, detectSpaceGroup } from "./detect.js";
export {
  type DetectSpaceGroupsOptions, type EvaluateSymmetryOptions, type Share, type SpaceGroupSummary, type SymmetryDiagnostics,
  detectSpaceGroups, evaluateCspSymmetry, evaluateSymmetry, requestedSpaceGroups, spaceGroupSummary, symmetryDiagnostics, symmetryRows,
} from "./diagnostics.js";

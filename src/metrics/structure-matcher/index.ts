// pymatgen-equivalent StructureMatcher: reduction, lattice mappings, assignment, rms/fit, grouping and batch matching.
export { type MatcherOptions, type ResolvedMatcherOptions, CSP_MATCHER, DEFAULT_MATCHER, resolveMatcherOptions } from "./options.js";
export { type PreparedStructure, checkMatchableStructure, isPreparedStructure, prepareForMatching } from "./prepare.js";
export { linearAssignment } from "./linear-assignment.js";
export { type MatchResult, fitStructures, getRmsDist } from "./matcher.js";
export { type GroupOptions, groupStructures } from "./group.js";
export type { PairOutcome, StructurePair } from "./worker-tasks.js";
export { type MatchPairsOptions, MatcherPairError, matchPairs } from "./batch.js";

// pymatgen-equivalent StructureMatcher: reduction, lattice mappings, assignment, rms/fit, grouping and batch matching.
export * from "./options.js";
export * from "./prepare.js";
export * from "./lattice-mappings.js";
export * from "./linear-assignment.js";
export * from "./matcher.js";
export * from "./group.js";
export type { PairOutcome, StructurePair } from "./worker-tasks.js";
export * from "./batch.js";

// DiffCSP: its schedules, the model class and its registration.
export { type BetaSchedule, type SigmaTable, cosineBetaSchedule, sigmaSchedule, wrappedNormalDensity, wrappedNormalNegScore, wrappedNormalScoreNorm, sigmaTable } from "./schedules.js";
export { DEFAULT_LATTICE_CLIP, DIFFCSP_TYPE_LOSS_WEIGHT, type DiffcspFamilyConfig, diffcspConfig, DiffCsp } from "./diffcsp.js";
export { DIFFCSP_FAMILY } from "./family.js";

// Validity of generated crystals: SMACT composition checks, structure checks, and per-crystal records.
export { type SmactMode, type SmactOptions, type SmactReason, type SmactVerdict, smactValidity, smactValidityOfCounts } from "./smact.js";
export { type StructureValidity, type StructureValidityReason, structureValidity } from "./structure-validity.js";
export { type CrystalRecord, type CrystalRecordOptions, type StructFingerprintFn, crystalRecord } from "./crystal-record.js";
export { type CrystalRecordsOptions, crystalRecords } from "./records.js";
export { type ParallelRecordsOptions, parallelCrystalRecords } from "./parallel-records.js";

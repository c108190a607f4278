// Per-crystal metric tasks for the parallel pool (loaded in worker threads from dist/metrics/validity/worker-tasks.js).
import type { Structure } from "../../crystal/structure.js";
import { crystalNNFingerprint } from "../fingerprints/index.js";
import { type CrystalRecord, crystalRecord } from "./crystal-record.js";
import type { SmactOptions } from "./smact.js";

/** Shared settings of a crystal-record run: SMACT options and which structure fingerprint to compute. */
export interface CrystalRecordTaskContext extends SmactOptions {
  structFingerprint: "crystalnn" | "none";
}

/** crystalRecord of one structure (never throws on bad structures; see crystalRecord). */
function crystalRecordTask(structure: Structure, context: CrystalRecordTaskContext): CrystalRecord {
  const { structFingerprint, ...smact } = context;
  return crystalRecord(structure, { ...smact, ...(structFingerprint === "crystalnn" ? { structFingerprint: crystalNNFingerprint } : {}) });
}

/** Task registry of this module (see metrics/parallel). */
export const tasks = {
  "metrics.crystal-record": crystalRecordTask,
};

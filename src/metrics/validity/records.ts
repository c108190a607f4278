// Per-crystal records for many structures, with progress (the unit of work the worker pool parallelises).
import type { Structure } from "../../crystal/structure.js";
import { type CrystalRecord, type CrystalRecordOptions, crystalRecord } from "./crystal-record.js";

/** Options of crystalRecords. */
export interface CrystalRecordsOptions extends CrystalRecordOptions {
  /** Progress in crystals. */
  onProgress?: (done: number, total: number) => void;
}

/** crystalRecord for every structure, in order, reporting progress every 64 crystals and at the end. */
export function crystalRecords(structures: readonly Structure[], options: CrystalRecordsOptions = {}): CrystalRecord[] {
  const { onProgress, ...recordOptions } = options;
  const out: CrystalRecord[] = [];
  for (let i = 0; i < structures.length; i++) {
    out.push(crystalRecord(structures[i]!, recordOptions));
    if (onProgress && ((i + 1) % 64 === 0 || i + 1 === structures.length)) onProgress(i + 1, structures.length);
  }
  return out;
}

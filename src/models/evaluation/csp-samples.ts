// Drawing k CSP samples for each target composition with any model (the input of the match-rate metrics).
import type { Structure } from "../../crystal/structure.js";
import type { GenerativeModel, SampleRequest } from "../types.js";

/** Options of cspSamplesForTargets (sampling settings are passed through to model.sample). */
export type CspSamplingOptions = Omit<SampleRequest, "compositions" | "n" | "numAtoms" | "onProgress"> & {
  /** Samples per target. */
  k?: number;
  onProgress?: (done: number, total: number) => void;
};

/** k samples per target, each with the target's exact species list: result[i][j] is sample j of target i. */
export async function cspSamplesForTargets(model: GenerativeModel, targets: readonly Structure[], options: CspSamplingOptions = {}): Promise<Structure[][]> {
  const k = options.k ?? 1;
  const { k: _k, onProgress, ...request } = options;
  const compositions = Array.from({ length: k }, () => targets.map((t) => t.species)).flat();
  const flat = await model.sample({ ...request, compositions, ...(onProgress ? { onProgress } : {}) });
  return targets.map((_, i) => Array.from({ length: k }, (_, j) => flat[j * targets.length + i]!));
}

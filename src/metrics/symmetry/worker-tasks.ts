// Space-group detection as a task of the parallel pool (loaded in worker threads from dist/metrics/symmetry/worker-tasks.js).
import type { Structure } from "../../crystal/structure.js";
import { type SpaceGroupDetection, detectSpaceGroup } from "./detect.js";

/** Shared setting of a detection run: the distance tolerance (Å). */
export interface SpaceGroupTaskContext {
  readonly symprec: number;
}

/** Task registry of this module (see metrics/parallel). */
export const tasks = {
  "metrics.space-group": (structure: Structure, context: SpaceGroupTaskContext): SpaceGroupDetection => detectSpaceGroup(structure, context.symprec),
};

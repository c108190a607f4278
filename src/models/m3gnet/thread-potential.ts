// The M3GNet potential as a worker thread loads it (the module a PotentialSource of M3gnetPotential names).
import { initBackend } from "../backend/index.js";
import { M3gnetModel } from "./model.js";
import { M3gnetPotential } from "./potential.js";

/** The arguments of loadPotential: the model folder and the atoms per graph. */
export interface ThreadPotentialArgs {
  /** Absolute path of the matgl model folder. */
  readonly folder: string;
  /** Largest number of atoms per graph. */
  readonly atomsPerBatch: number;
}

/**
 * Initialises this thread's TF.js backend and loads the M3GNet potential of `args`.
 * @throws ModelConfigError when the folder does not hold a matgl M3GNet potential.
 */
export async function loadPotential(args: ThreadPotentialArgs): Promise<M3gnetPotential> {
  await initBackend();
  return new M3gnetPotential(M3gnetModel.load(args.folder), { atomsPerBatch: args.atomsPerBatch });
}

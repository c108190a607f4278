// M3GNet (matgl's pretrained universal potential and formation-energy model) in TF.js.
import { join } from "node:path";
import { M3gnetFormationEnergy } from "./formation-energy.js";
import { M3gnetModel, SHIPPED_POTENTIALS_DIR } from "./model.js";
import { M3gnetPotential, type M3gnetPotentialOptions } from "./potential.js";

export { type M3gnetConfig, readM3gnetConfig } from "./config.js";
export { M3gnetModel, SHIPPED_POTENTIALS_DIR, MIN_INTERATOMIC_DISTANCE } from "./model.js";
export { M3gnetPotential, type M3gnetPotentialOptions } from "./potential.js";
export { M3gnetFormationEnergy } from "./formation-energy.js";

/** Folder name of the shipped universal potential (M3GNet-MP-2021.2.8-PES). */
export const SHIPPED_PES = "m3gnet-mp-2021.2.8-pes";
/** Folder name of the shipped formation-energy model (M3GNet-MP-2018.6.1-Eform). */
export const SHIPPED_EFORM = "m3gnet-mp-2018.6.1-eform";

/**
 * The M3GNet potential in `dir` (default: the shipped M3GNet-MP-2021.2.8-PES). Call initBackend() first.
 * @throws ModelConfigError when the folder does not hold a matgl M3GNet potential.
 */
export function loadM3gnetPotential(dir = join(SHIPPED_POTENTIALS_DIR, SHIPPED_PES), options: M3gnetPotentialOptions = {}): M3gnetPotential {
  return new M3gnetPotential(M3gnetModel.load(dir), options);
}

/**
 * The M3GNet formation-energy model in `dir` (default: the shipped M3GNet-MP-2018.6.1-Eform). Call initBackend() first.
 * @throws ModelConfigError when the folder does not hold a matgl intensive M3GNet.
 */
export function loadM3gnetFormationEnergy(dir = join(SHIPPED_POTENTIALS_DIR, SHIPPED_EFORM), options: { atomsPerBatch?: number } = {}): M3gnetFormationEnergy {
  return new M3gnetFormationEnergy(M3gnetModel.load(dir), options);
}

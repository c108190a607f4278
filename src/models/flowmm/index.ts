// FlowMM: the lattice-parameter representation, the model class and its registration.
export {
  ANGLE_MIN, ANGLE_SPAN, MIN_STD, type LatticeParamStats, DEFAULT_LATTICE_STATS, latticeToParams, paramsToLattice, fitLatticeStats, standardLatticeParams, latticesFromStandard,
} from "./lattice-params.js";
export { COORD_SCALE, type FlowmmFamilyConfig, flowmmConfig, torusDifference, FlowMm } from "./flowmm.js";
export { FLOWMM_FAMILY } from "./family.js";

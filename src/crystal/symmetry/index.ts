// Crystal symmetry through moyo-wasm: analysis, space-group tables, Wyckoff expansion, asymmetric units.
export { SymmetryError } from "./errors.js";
export type { SpaceGroupInfo, SymmetryDataset, SymmetryOperation, SymmetryOptions, SymmetrySetting, WyckoffPosition } from "./types.js";
export { initSymmetry } from "./moyo-bridge.js";
export { analyzeSymmetry, standardConventionalCell, standardPrimitiveCell, DEFAULT_SYMPREC } from "./analyze.js";
export { spaceGroupInfo, spaceGroupOperations, wyckoffPositions } from "./space-groups.js";
export { applyOperation } from "./operations.js";
export { type AsymmetricUnit, asymmetricUnit } from "./asymmetric-unit.js";
export { type WyckoffAffine, fitWyckoffVariables, parseWyckoffCoordinates, wyckoffPoint } from "./wyckoff-coordinates.js";
export { type SpaceGroupWyckoffTable, type WyckoffDescription, type WyckoffSite, spaceGroupWyckoffTable, structureFromWyckoff } from "./structure-from-wyckoff.js";
export { idealLatticeParameters } from "./ideal-lattice.js";

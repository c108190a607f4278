// Crystal symmetry through moyo-wasm: analysis, space-group tables, Wyckoff expansion, asymmetric units.
export * from "./errors.js";
export * from "./types.js";
export { initSymmetry } from "./moyo-bridge.js";
export { analyzeSymmetry, standardConventionalCell, standardPrimitiveCell, DEFAULT_SYMPREC } from "./analyze.js";
export * from "./space-groups.js";
export * from "./operations.js";
export * from "./asymmetric-unit.js";
export * from "./wyckoff-coordinates.js";
export * from "./structure-from-wyckoff.js";
export * from "./ideal-lattice.js";

// What models eat: lattice + fractional arrays, periodic graphs, Fourier features, the Wyckoff representation, CIF
// tokens and canonical CIF text, voxel grids and batches.
export { type Batch, type BatchOptions, type UnbatchOverrides, batchStructures, unbatch } from "./batch.js";
export { type LatticeCoordsArrays, latticeCoordsArrays, structureFromLatticeCoords } from "./lattice-coords.js";
export { type CrystalGraph, type PeriodicGraph, type PeriodicGraphOptions, CDVAE_GRAPH_DEFAULTS, fullyConnectedGraph, periodicGraph } from "./graphs.js";
export { edgeFracDifferences, fourierFeatures } from "./fourier-features.js";
export { type WyckoffRepresentation, type WyckoffToken, structureFromWyckoffRepresentation, wyckoffRepresentation } from "./wyckoff.js";
export {
  type CifTokenVocabulary, type CifTokenType, CIF_SPECIAL_TOKENS, cifTokenType, cifTokenVocabulary, decodeCifTokens, detokenizeCif, encodeCifTokens, tokenizeCif,
} from "./cif-tokens.js";
export {
  CANONICAL_CIF_SYMPREC, CANONICAL_CIF_DECIMALS, canonicalCif, canonicalSpaceGroupSymbol, restoreSymmetryOperations, roundCifNumbers, spaceGroupNumberOfSymbol,
} from "./cif-canonical.js";
export { type VoxelGrid, type VoxelGridOptions, voxelGrid, voxelGridIntegral } from "./voxel-grid.js";

// Representations barrel: one export line per module.
export * from "./batch.js";
export * from "./lattice-coords.js";
export * from "./graphs.js";
export * from "./fourier-features.js";
export * from "./wyckoff.js";
export * from "./cif-tokens.js";
export * from "./voxel-grid.js";

// The crystal core: elements, lattices, structures, compositions and their IO.
export * from "./errors.js";
export * from "./math3.js";
export * from "./elements.js";
export * from "./lattice.js";
export * from "./structure.js";
export * from "./composition.js";
export * from "./formula.js";
export * from "./io/index.js";
export * from "./lll.js";
export * from "./niggli.js";
export * from "./reduced-structure.js";
export * from "./symmetry/index.js";
export * from "./distances.js";
export * from "./neighbours.js";
export * from "./primitive.js";

export * from "./flowmm.js";
export * from "./lattice-params.js";

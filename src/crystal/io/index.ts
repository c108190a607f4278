// Structure file formats: CIF, POSCAR, extended XYZ, pymatgen JSON.
export * from "./cif-lexer.js";
export * from "./cif-blocks.js";
export * from "./symmetry-ops.js";
export * from "./cif-read.js";

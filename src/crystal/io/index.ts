// Structure file formats: CIF, POSCAR, extended XYZ, pymatgen JSON; format detection and files (.gz).
// The *Transient tokenizer/block parser share scratch memory and stay internal to the readers.
export { CifTokenKind, type CifTokens, cifTokenize, cifTokenText } from "./cif-lexer.js";
export { type CifBlock, type CifLoop, parseCifBlocks, cifIsNull, cifString, cifNumber } from "./cif-blocks.js";
export * from "./symmetry-ops.js";
export * from "./cif-read.js";
export * from "./cif-write.js";
export * from "./poscar.js";
export * from "./extxyz.js";
export * from "./pymatgen-json.js";
export * from "./formats.js";
export * from "./files.js";
export * from "./space-group-symbol.js";

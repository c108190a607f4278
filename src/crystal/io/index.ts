// Structure file formats: CIF, POSCAR, extended XYZ, pymatgen JSON; format detection and files (.gz).
// The *Transient tokenizer/block parser share scratch memory and stay internal to the readers; the CIF lexer and block
// parser below are for the package's own CIF tokenizer (src/representations), not part of crystal-workbench/crystal.
export { CifTokenKind, type CifTokens, cifTokenize, cifTokenText } from "./cif-lexer.js";
export { type CifBlock, type CifLoop, parseCifBlocks, cifIsNull, cifString, cifNumber } from "./cif-blocks.js";
export { type XyzOperation, applyXyzOperation, formatXyzOperation, isIdentityXyzOperation, parseXyzOperation } from "./symmetry-ops.js";
export { type CifEntry, type CifReadOptions, DEFAULT_SITE_TOLERANCE, readCif, readCifs, siteImages } from "./cif-read.js";
export { type CifWriteOptions, type FormulaItemTag, formulaItemLines, writeCif } from "./cif-write.js";
export { type PoscarReadOptions, readPoscar, writePoscar } from "./poscar.js";
export { readExtxyz, writeExtxyz } from "./extxyz.js";
export { type PymatgenStructureDict, pymatgenStructureDict, readPymatgenJson, writePymatgenJson } from "./pymatgen-json.js";
export { type StructureEntry, type StructureFormat, readStructureEntriesText, readStructureText, readStructuresText, structureFormatFromName, structureFormatFromPath, writeStructureText } from "./formats.js";
export { readStructureEntriesFile, readStructureFile, readStructuresFile, writeStructureFile } from "./files.js";
export { operationsFromSpaceGroupSymbol } from "./space-group-symbol.js";

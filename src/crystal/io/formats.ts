// Structure text formats by name or file name: cif, poscar (vasp, CONTCAR), extxyz (xyz), json (pymatgen dict).
import { ParseError } from "../errors.js";
import type { Structure } from "../structure.js";
import { readCifs } from "./cif-read.js";
import { writeCif } from "./cif-write.js";
import { readExtxyz, writeExtxyz } from "./extxyz.js";
import { readPoscar, writePoscar } from "./poscar.js";
import { readPymatgenJson, writePymatgenJson } from "./pymatgen-json.js";

/** A structure file format. */
export type StructureFormat = "cif" | "poscar" | "extxyz" | "json";

const ALIASES: Record<string, StructureFormat> = {
  cif: "cif", mcif: "cif",
  poscar: "poscar", vasp: "poscar", contcar: "poscar",
  extxyz: "extxyz", xyz: "extxyz",
  json: "json", "pymatgen-json": "json",
};

/** The format of a name ("cif", "vasp", "CONTCAR", "xyz", …), or undefined. */
export function structureFormatFromName(name: string): StructureFormat | undefined {
  return ALIASES[name.trim().toLowerCase()];
}

/**
 * The format of a file path from its name (a trailing .gz is ignored): *.cif, *.vasp / *.poscar / POSCAR* / CONTCAR*,
 * *.xyz / *.extxyz, *.json. Undefined when the name says nothing.
 */
export function structureFormatFromPath(path: string): StructureFormat | undefined {
  const base = (path.split(/[\\/]/).pop() ?? "").replace(/\.gz$/i, "");
  const upper = base.toUpperCase();
  if (upper.startsWith("POSCAR") || upper.startsWith("CONTCAR")) return "poscar";
  const dot = base.lastIndexOf(".");
  return dot >= 0 ? structureFormatFromName(base.slice(dot + 1)) : undefined;
}

/** Resolves an explicit format name or the file name to a format; throws ParseError when neither tells. */
export function resolveStructureFormat(format: string | undefined, file: string): StructureFormat {
  if (format !== undefined) {
    const f = structureFormatFromName(format);
    if (!f) throw new ParseError("structure", file, 0, `unknown format '${format}' (expected cif, poscar, vasp, extxyz, xyz or json)`);
    return f;
  }
  const f = structureFormatFromPath(file);
  if (!f) throw new ParseError("structure", file, 0, "cannot tell the format from the file name; pass a format (cif, poscar, extxyz, json)");
  return f;
}

/** One structure of a file with what its reader warned about (only the CIF reader warns; others give []). */
export interface StructureEntry {
  readonly structure: Structure;
  readonly warnings: readonly string[];
}

/**
 * Every structure in a text with its reader's warnings: all CIF data blocks with atoms, all extxyz frames, or the one
 * POSCAR / JSON structure. @throws ParseError (CifParseError for CIF) naming file and line.
 */
export function readStructureEntriesText(text: string, format: string, file = "<string>"): StructureEntry[] {
  const plain = (structure: Structure): StructureEntry => ({ structure, warnings: [] });
  switch (resolveStructureFormat(format, file)) {
    case "cif": return readCifs(text, { file });
    case "poscar": return [plain(readPoscar(text, { file }))];
    case "extxyz": return readExtxyz(text, { file }).map(plain);
    case "json": return [plain(readPymatgenJson(text, { file }))];
  }
}

/** Every structure in a text (readStructureEntriesText without the warnings). */
export function readStructuresText(text: string, format: string, file = "<string>"): Structure[] {
  return readStructureEntriesText(text, format, file).map((e) => e.structure);
}

/** The first structure in a text of the given format (see readStructuresText). */
export function readStructureText(text: string, format: string, file = "<string>"): Structure {
  const all = readStructuresText(text, format, file);
  if (all.length === 0) throw new ParseError(format, file, 0, "no structure in the file");
  return all[0]!;
}

/** A structure as text in the given format (CIF P1 as pymatgen's CifWriter, VASP 5 POSCAR, extxyz, pymatgen JSON). */
export function writeStructureText(structure: Structure, format: string): string {
  switch (resolveStructureFormat(format, "<string>")) {
    case "cif": return writeCif(structure);
    case "poscar": return writePoscar(structure);
    case "extxyz": return writeExtxyz([structure]);
    case "json": return writePymatgenJson(structure);
  }
}

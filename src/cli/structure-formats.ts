import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Structure } from "../crystal/structure.js";
import { readCifs } from "../crystal/io/cif-read.js";
import { writeCif } from "../crystal/io/cif-write.js";
import { readPoscar, writePoscar } from "../crystal/io/poscar.js";
import { CliUsageError } from "./args.js";

/** A structure file format the CLI reads and writes. */
export interface StructureFormat {
  readonly name: string;
  /** Reads every structure of a file's text (a CIF may hold several data blocks). */
  read(text: string, file: string): Structure[];
  /** Writes one structure. */
  write(s: Structure): string;
}

const FORMATS: readonly StructureFormat[] = [
  { name: "cif", read: (text, file) => readCifs(text, { file }).map((e) => e.structure), write: (s) => writeCif(s) },
  { name: "poscar", read: (text, file) => [readPoscar(text, { file })], write: (s) => writePoscar(s) },
];

/** Names of the formats the CLI knows. */
export function structureFormatNames(): string[] {
  return FORMATS.map((f) => f.name);
}

/** A format by name (case-insensitive; "vasp" = poscar); throws CliUsageError for an unknown one. */
export function structureFormat(name: string): StructureFormat {
  const key = name.toLowerCase() === "vasp" ? "poscar" : name.toLowerCase();
  const f = FORMATS.find((x) => x.name === key);
  if (!f) throw new CliUsageError(`unknown structure format "${name}" (known: ${structureFormatNames().join(", ")})`);
  return f;
}

/** Format of a file from its name: .cif; POSCAR…, CONTCAR…, .vasp, .poscar; .xyz, .extxyz; .json. */
export function formatFromPath(path: string): StructureFormat {
  const b = basename(path).toLowerCase();
  if (b.endsWith(".cif")) return structureFormat("cif");
  if (b.startsWith("poscar") || b.startsWith("contcar") || b.endsWith(".vasp") || b.endsWith(".poscar")) return structureFormat("poscar");
  if (b.endsWith(".xyz") || b.endsWith(".extxyz")) return structureFormat("extxyz");
  if (b.endsWith(".json")) return structureFormat("json");
  throw new CliUsageError(`cannot tell the format of ${path} from its name; pass --format (known: ${structureFormatNames().join(", ")})`);
}

/** Reads the structures of a file, with the format given or detected from the name. */
export function readStructureFile(path: string, format?: string): Structure[] {
  const f = format ? structureFormat(format) : formatFromPath(path);
  return f.read(readFileSync(path, "utf8"), path);
}

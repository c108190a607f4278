// Structure files on disk (Node only): format from the name or an option, gzip (.gz) handled transparently.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { ParseError } from "../errors.js";
import type { Structure } from "../structure.js";
import { type StructureEntry, readStructureEntriesText, resolveStructureFormat, writeStructureText } from "./formats.js";

/** Text of a file, gunzipped when it is gzip data (by content, so a .gz name is optional). */
export function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes).toString("utf8");
    } catch (e) {
      throw new ParseError("gzip", path, 0, `corrupt gzip data: ${(e as Error).message}`);
    }
  }
  return bytes.toString("utf8");
}

/**
 * Every structure in a file with its reader's warnings (see readStructureEntriesText); format from options or name.
 * @throws ParseError (CifParseError for CIF) naming file and line; the fs error when the file cannot be read.
 */
export function readStructureEntriesFile(path: string, options: { format?: string } = {}): StructureEntry[] {
  const format = resolveStructureFormat(options.format, path);
  return readStructureEntriesText(readTextFile(path), format, path);
}

/** Every structure in a file (see readStructuresText); the format comes from options.format or the file name. */
export function readStructuresFile(path: string, options: { format?: string } = {}): Structure[] {
  return readStructureEntriesFile(path, options).map((e) => e.structure);
}

/** The first structure in a file; the format comes from options.format or the file name (.gz allowed). */
export function readStructureFile(path: string, options: { format?: string } = {}): Structure {
  return readStructuresFile(path, options)[0]!;
}

/** Writes a structure to a file; the format comes from options.format or the name; a .gz name writes gzip. */
export function writeStructureFile(path: string, structure: Structure, options: { format?: string } = {}): void {
  const text = writeStructureText(structure, resolveStructureFormat(options.format, path));
  writeFileSync(path, /\.gz$/i.test(path) ? gzipSync(text) : text);
}

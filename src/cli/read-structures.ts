// Structure files as the CLI commands read them: every structure with the reader's warnings, which reach the user.
import { readStructureEntriesFile } from "../crystal/io/files.js";
import type { StructureEntry } from "../crystal/io/formats.js";
import type { CliIO } from "./types.js";

/**
 * Every structure of `path` (format from `format` or the name) with its reader's warnings, each warning also printed
 * on stderr as one line prefixed with the file name. @throws ParseError (exit 2) when the file cannot be read.
 */
export function readStructuresReporting(path: string, format: string | undefined, io: CliIO): StructureEntry[] {
  const entries = readStructureEntriesFile(path, format ? { format } : {});
  for (const e of entries) for (const w of e.warnings) io.stderr(`${path}: warning: ${w}\n`);
  return entries;
}

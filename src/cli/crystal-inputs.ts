// The user's crystals as the CLI commands read them: a folder of structure files, a CSV with a CIF column, or one
// structure file. Unreadable entries stay in place as empty placeholders, so counts and rates keep every input.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readStructuresFile } from "../crystal/io/files.js";
import { latticeFromMatrix } from "../crystal/lattice.js";
import type { Structure } from "../crystal/structure.js";
import { loadStructuresCsv } from "../datasets/load.js";
import { CliUsageError } from "./args.js";

/** Crystals read from the user's files; unreadable entries become empty placeholders so they count as invalid. */
export interface LoadedCrystals {
  structures: Structure[];
  /** Identifier per structure (CSV id column, or file name). */
  ids: string[];
  /** Entries that could not be read, with the reason. */
  unreadable: { where: string; reason: string }[];
  /** Per structure, in order: why it could not be read (it is then an empty placeholder), or null. */
  readErrors: (string | null)[];
}

/** A placeholder for an unreadable generated crystal: no sites, so every validity check fails explicitly. */
export function unreadableCrystal(): Structure {
  return { lattice: latticeFromMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1]), species: new Uint8Array(0), fracCoords: new Float64Array(0) };
}

/**
 * Every crystal of `path` in order: a folder (each structure file, id = file name), a CSV (one CIF per row, id from
 * `idColumn` or the dataset convention) or a structure file (id = index). @throws CliUsageError for an empty folder;
 * ParseError for an unreadable single file.
 */
export async function loadCrystals(command: string, path: string, idColumn: string | undefined): Promise<LoadedCrystals> {
  if (statSync(path).isDirectory()) {
    const files = readdirSync(path).filter((f) => /\.(cif|vasp|poscar|extxyz|xyz|json)$/i.test(f) || /^(POSCAR|CONTCAR)/.test(f)).sort();
    if (files.length === 0) throw new CliUsageError(`${command}: folder ${path} holds no structure files (.cif, .vasp, POSCAR, .extxyz, .json)`);
    const out: LoadedCrystals = { structures: [], ids: [], unreadable: [], readErrors: [] };
    for (const f of files) {
      try {
        for (const s of readStructuresFile(join(path, f))) {
          out.structures.push(s);
          out.ids.push(f.replace(/\.[^.]+$/, ""));
          out.readErrors.push(null);
        }
      } catch (e) {
        out.structures.push(unreadableCrystal());
        out.ids.push(f);
        out.unreadable.push({ where: join(path, f), reason: (e as Error).message });
        out.readErrors.push((e as Error).message);
      }
    }
    return out;
  }
  if (/\.csv(\.gz)?$/i.test(path)) {
    const ds = await loadStructuresCsv(path, idColumn ? { idColumn } : {});
    // Keep file order: put placeholders for rejected rows where they were.
    const byRow = new Map<number, Structure>(ds.structures.map((s) => [Number(s.properties!.row), s]));
    const rejected = new Map(ds.provenance.rowsRejected.map((r) => [r.row, r]));
    const out: LoadedCrystals = { structures: [], ids: [], unreadable: [], readErrors: [] };
    for (let row = 1; row <= ds.provenance.rowsRead; row++) {
      const s = byRow.get(row);
      if (s) {
        out.structures.push(s);
        out.ids.push(String(s.properties!.id));
        out.readErrors.push(null);
      } else {
        const r = rejected.get(row);
        out.structures.push(unreadableCrystal());
        out.ids.push(r?.id ?? `row ${row}`);
        out.unreadable.push({ where: `${path} row ${row}`, reason: r?.reason ?? "not read" });
        out.readErrors.push(`row ${row}: ${r?.reason ?? "not read"}`);
      }
    }
    return out;
  }
  const structures = readStructuresFile(path);
  return { structures, ids: structures.map((_, i) => `${i}`), unreadable: [], readErrors: structures.map(() => null) };
}


/** The crystals of several inputs (as loadCrystals each), concatenated in order. */
export async function loadAllCrystals(command: string, paths: readonly string[], idColumn: string | undefined): Promise<LoadedCrystals> {
  const parts: LoadedCrystals[] = [];
  for (const path of paths) parts.push(await loadCrystals(command, path, idColumn));
  return {
    structures: parts.flatMap((p) => p.structures), ids: parts.flatMap((p) => p.ids),
    unreadable: parts.flatMap((p) => p.unreadable), readErrors: parts.flatMap((p) => p.readErrors),
  };
}

// A user's hull reference entries: a CSV (a composition or formula column, formation_energy_per_atom, optional id) or a
// JSON array of {composition | formula, formation_energy_per_atom, id?} as exported from the Materials Project API.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { tryAtomicNumber } from "../crystal/elements.js";
import { FormulaError } from "../crystal/errors.js";
import { parseFormula } from "../crystal/formula.js";
import { parseCsvText } from "../datasets/csv.js";
import type { HullEntry } from "../metrics/stability/phase-diagram.js";
import { EntriesFileError } from "./errors.js";
import { FORMATION_ENERGY_COLUMN, type HullEntrySource } from "./hull-references.js";

/** Accepted names of the composition column / key, in order of preference (MP API: `composition`, `formula_pretty`). */
const COMPOSITION_FIELDS = ["composition", "formula", "formula_pretty", "pretty_formula"];
/** Accepted names of the identifier column / key. */
const ID_FIELDS = ["id", "material_id"];

/** A formation energy (eV/atom) from a CSV cell or a JSON value. */
function parseEnergy(file: string, row: number, raw: unknown): number {
  const text = typeof raw === "string" ? raw.trim() : raw;
  if (text === "" || text === null || text === undefined) throw new EntriesFileError(file, row, FORMATION_ENERGY_COLUMN, "missing value");
  const v = typeof text === "number" ? text : typeof text === "string" ? Number(text) : NaN;
  if (!Number.isFinite(v)) throw new EntriesFileError(file, row, FORMATION_ENERGY_COLUMN, `not a finite number: ${JSON.stringify(raw)}`);
  return v;
}

/** Element amounts (Z → amount) of a formula string or a {symbol: amount} record (keys starting with "@" ignored). */
function parseComposition(file: string, row: number, field: string, raw: unknown): Map<number, number> {
  const fail = (reason: string): never => {
    throw new EntriesFileError(file, row, field, reason);
  };
  if (typeof raw === "string") {
    try {
      return parseFormula(raw);
    } catch (e) {
      if (e instanceof FormulaError) fail(e.message);
      throw e;
    }
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail(`expected a formula or a {element: amount} object, got ${JSON.stringify(raw)}`);
  const out = new Map<number, number>();
  for (const [symbol, amount] of Object.entries(raw)) {
    if (symbol.startsWith("@")) continue;
    const z = tryAtomicNumber(symbol);
    if (z === undefined) fail(`unknown element ${JSON.stringify(symbol)}`);
    if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0) fail(`amount of ${symbol} is ${JSON.stringify(amount)} (expected a number ≥ 0)`);
    if (amount > 0) out.set(z!, (out.get(z!) ?? 0) + amount);
  }
  if (out.size === 0) fail("no element with a positive amount");
  return out;
}

/** The identifier of an entry, when given. */
const idOf = (raw: unknown): { id?: string } => (raw === undefined || raw === null || raw === "" ? {} : { id: String(raw) });

function csvEntries(file: string, text: string): HullEntry[] {
  const [head, ...records] = parseCsvText(text);
  if (!head) throw new EntriesFileError(file, 0, "", "empty file");
  const header = head.fields.map((h) => h.trim());
  const compField = COMPOSITION_FIELDS.find((f) => header.includes(f));
  if (!compField) throw new EntriesFileError(file, 0, "composition", `missing column (one of ${COMPOSITION_FIELDS.join(", ")})`);
  if (!header.includes(FORMATION_ENERGY_COLUMN)) throw new EntriesFileError(file, 0, FORMATION_ENERGY_COLUMN, "missing column");
  const idField = ID_FIELDS.find((f) => header.includes(f));
  return records.map((r, k) => {
    const row = k + 1;
    if (r.error) throw new EntriesFileError(file, row, "", r.error);
    if (r.fields.length !== header.length) throw new EntriesFileError(file, row, "", `${r.fields.length} fields, the header has ${header.length}`);
    const cell = (f: string) => r.fields[header.indexOf(f)]!;
    return {
      composition: parseComposition(file, row, compField, cell(compField).trim()),
      energyPerAtom: parseEnergy(file, row, cell(FORMATION_ENERGY_COLUMN)),
      ...idOf(idField ? cell(idField).trim() : undefined),
    };
  });
}

function jsonEntries(file: string, text: string): HullEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new EntriesFileError(file, 0, "", `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!Array.isArray(data)) throw new EntriesFileError(file, 0, "", "expected a JSON array of entries");
  return data.map((item: unknown, k) => {
    const row = k + 1;
    if (item === null || typeof item !== "object" || Array.isArray(item)) throw new EntriesFileError(file, row, "", "expected an object");
    const obj = item as Record<string, unknown>;
    const compField = COMPOSITION_FIELDS.find((f) => obj[f] !== undefined && obj[f] !== null);
    if (!compField) throw new EntriesFileError(file, row, "composition", `missing (one of ${COMPOSITION_FIELDS.join(", ")})`);
    const idField = ID_FIELDS.find((f) => obj[f] !== undefined);
    return {
      composition: parseComposition(file, row, compField, obj[compField]),
      energyPerAtom: parseEnergy(file, row, obj[FORMATION_ENERGY_COLUMN]),
      ...idOf(idField ? obj[idField] : undefined),
    };
  });
}

/**
 * Reads a user's hull entries: formation energies per atom (eV/atom, MP-compatible) with compositions, from a CSV
 * (columns composition | formula | formula_pretty, formation_energy_per_atom, optional id | material_id) or a JSON
 * array (recognised by its leading "[" or "{"; composition as a formula or an {element: amount} object). ".gz" is gunzipped.
 * @throws EntriesFileError naming the file, the row (1-based) and the field: unreadable file, missing column,
 *   missing or non-numeric energy, unknown element or bad formula.
 */
export function readHullEntriesFile(path: string): HullEntrySource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new EntriesFileError(path, 0, "", `cannot read the file (${e instanceof Error ? e.message : String(e)})`);
  }
  const text = (path.toLowerCase().endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8").replace(/^\uFEFF/, "");
  const entries = /^\s*[[{]/.test(text) ? jsonEntries(path, text) : csvEntries(path, text);
  if (entries.length === 0) throw new EntriesFileError(path, 0, "", "no entries");
  return { source: path, entries, skipped: 0 };
}

// Symmetry operations from a CIF's space-group symbol or number, only where that symbol fixes the setting unambiguously.
import type { LatticeParameters } from "../lattice.js";
import { operationFromMoyo } from "../symmetry/analyze.js";
import { callMoyo } from "../symmetry/moyo-bridge.js";
import { spaceGroupInfo } from "../symmetry/space-groups.js";
import type { XyzOperation } from "./symmetry-ops.js";

/**
 * Space groups with two origin choices in International Tables Vol. A (origin choice 2 = inversion centre at the
 * origin is moyo's "Standard" setting); a symbol without ":1"/":2" does not say which one a CIF uses.
 */
const TWO_ORIGIN_CHOICES = new Set([48, 50, 59, 68, 70, 85, 86, 88, 125, 126, 129, 130, 133, 134, 137, 138, 141, 142, 201, 203, 222, 224, 227, 228]);
/** Rhombohedral space groups (R lattice): hexagonal or rhombohedral axes. */
const RHOMBOHEDRAL = new Set([146, 148, 155, 160, 161, 166, 167]);

/** One setting of a space group in moyo's Hall-symbol database. */
interface Setting {
  hall: number;
  number: number;
  /** moyo's setting code, lower case: "" (the only one), "1"/"2" (origin choice), "h"/"r" (R axes), "b1", "-cba", … */
  code: string;
}

/** Settings by normalised full or short H-M symbol, and by normalised Hall symbol (built once from moyo's tables). */
let index: { hm: Map<string, Setting[]>; hall: Map<string, Setting> } | undefined;
const operationsCache = new Map<number, XyzOperation[]>();

/** Normalised H-M or Hall symbol: lower case, no spaces or underscores ("P 6_3/m m c" → "p63/mmc"). */
function normaliseSymbol(symbol: string): string {
  return symbol.toLowerCase().replace(/[\s_]/g, "");
}

function settingsIndex(): { hm: Map<string, Setting[]>; hall: Map<string, Setting> } {
  if (!index) {
    const hm = new Map<string, Setting[]>(), hall = new Map<string, Setting>();
    for (let h = 1; h <= 530; h++) {
      const e = callMoyo(`Hall number ${h}`, (m) => m.hall_symbol_entry(h));
      const setting = { hall: h, number: e.number, code: e.setting.toLowerCase() };
      for (const key of new Set([normaliseSymbol(e.hm_full), normaliseSymbol(e.hm_short)])) {
        const list = hm.get(key) ?? [];
        list.push(setting);
        hm.set(key, list);
      }
      hall.set(normaliseSymbol(e.hall_symbol), setting);
    }
    index = { hm, hall };
  }
  return index;
}

/** Splits "F d -3 m :2", "R -3 m H", "F d -3 m Z" into the symbol and a setting code ("1", "2", "h", "r"). */
function splitSetting(symbol: string): { base: string; setting?: string } {
  const colon = symbol.indexOf(":");
  if (colon >= 0) return { base: symbol.slice(0, colon), setting: symbol.slice(colon + 1).trim().toLowerCase() };
  const m = /^(.*\S)\s+([ZSHR])$/i.exec(symbol.trim());
  if (m) return { base: m[1]!, setting: ({ z: "2", s: "1", h: "h", r: "r" } as Record<string, string>)[m[2]!.toLowerCase()] };
  return { base: symbol };
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-3 * Math.max(1, Math.abs(b));
}

/** "h" for hexagonal axes (a = b, α = β = 90°, γ = 120°), "r" for rhombohedral ones (a = b = c, α = β = γ), else undefined. */
function rhombohedralAxes(cell: LatticeParameters): "h" | "r" | undefined {
  if (near(cell.a, cell.b) && near(cell.gamma, 120) && near(cell.alpha, 90) && near(cell.beta, 90)) return "h";
  if (near(cell.a, cell.b) && near(cell.b, cell.c) && near(cell.alpha, cell.beta) && near(cell.beta, cell.gamma)) return "r";
  return undefined;
}

/** The one setting among `candidates` a symbol without a setting code means, or the reason there is none. */
function pickSetting(candidates: Setting[], symbol: string, cell: LatticeParameters): Setting | string {
  if (candidates.length === 1) return candidates[0]!;
  const n = candidates[0]!.number;
  if (RHOMBOHEDRAL.has(n)) {
    const axes = rhombohedralAxes(cell);
    const s = candidates.find((c) => c.code === axes);
    return s ?? `space group ${n} '${symbol}' on a cell that is neither hexagonal nor rhombohedral`;
  }
  if (TWO_ORIGIN_CHOICES.has(n)) return `space group ${n} has two origin choices and the symbol does not say which (write ':1' or ':2')`;
  const standard = spaceGroupInfo(n).hallNumber;
  return candidates.find((c) => c.hall === standard) ?? candidates[0]!;
}

/** A setting and how it was found, for the reader's warning. */
export interface SpaceGroupSetting {
  /** ITA number. */
  readonly number: number;
  /** Hall number (1–530) of the setting, as in moyo's and spglib's tables. */
  readonly hallNumber: number;
  /** The setting's operations in the CIF's cell, centring translations included. */
  readonly operations: XyzOperation[];
}

/**
 * The symmetry operations a CIF's Hall symbol, H-M symbol and/or IT number imply, from moyo's Hall-symbol database
 * (every setting of every group), or the reason they cannot be trusted. A Hall symbol fixes the setting; an H-M
 * symbol in any setting ("P 1 21/n 1", "F d -3 m :1", "R -3 c :H") does too, except origin-choice groups written
 * without ":1"/":2"; R groups without ":H"/":R" take the axes of the cell; a number alone is accepted only for groups
 * with one setting (and R groups, by the cell); a symbol and a number that disagree return a reason.
 */
export function operationsFromSpaceGroupSymbol(
  symbol: string | undefined,
  number: number | undefined,
  cell: LatticeParameters,
  hall?: string,
): SpaceGroupSetting | { reason: string } {
  const { hm, hall: halls } = settingsIndex();
  let setting: Setting | string;
  if (hall !== undefined && hall.trim() !== "") {
    setting = halls.get(normaliseSymbol(hall)) ?? `'${hall}' is not a Hall symbol of moyo's tables`;
  } else if (symbol !== undefined && symbol.trim() !== "") {
    const split = splitSetting(symbol);
    const candidates = hm.get(normaliseSymbol(split.base)) ?? [];
    if (candidates.length === 0) return { reason: `'${symbol}' is not an H-M symbol of moyo's tables` };
    const coded = split.setting === undefined ? undefined : candidates.find((c) => c.code === split.setting);
    if (split.setting !== undefined && !coded) return { reason: `'${symbol}': no setting ':${split.setting}' of space group ${candidates[0]!.number}` };
    setting = coded ?? pickSetting(candidates, symbol, cell);
  } else if (number !== undefined) {
    if (!Number.isInteger(number) || number < 1 || number > 230) return { reason: `IT number ${number} does not exist` };
    const all = spaceGroupInfo(number).hallNumbers;
    if (all.length > 1 && !RHOMBOHEDRAL.has(number)) return { reason: `space group ${number} has several settings and the CIF gives only its number` };
    const settings = all.map((h) => halls.get(normaliseSymbol(callMoyo(`Hall number ${h}`, (m) => m.hall_symbol_entry(h)).hall_symbol))!);
    setting = pickSetting(settings, `No. ${number}`, cell);
  } else return { reason: "no space group given" };
  if (typeof setting === "string") return { reason: setting };
  if (number !== undefined && number !== setting.number) return { reason: `the symbol is space group ${setting.number} but the IT number says ${number}` };
  let operations = operationsCache.get(setting.hall);
  if (!operations) {
    const h = setting.hall, n = setting.number;
    operations = callMoyo(`operations of Hall number ${h}`, (m) => m.operations_from_number(n, { type: "HallNumber", value: h }, false)).map(operationFromMoyo);
    operationsCache.set(h, operations);
  }
  return { number: setting.number, hallNumber: setting.hall, operations };
}

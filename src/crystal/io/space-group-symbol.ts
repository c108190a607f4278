// Symmetry operations from a CIF's space-group symbol or number, only where that symbol fixes the setting unambiguously.
import type { LatticeParameters } from "../lattice.js";
import { spaceGroupInfo, spaceGroupOperations } from "../symmetry/index.js";
import type { XyzOperation } from "./symmetry-ops.js";

/**
 * Space groups with two origin choices in International Tables Vol. A (origin choice 2 = inversion centre at the
 * origin is moyo's "Standard" setting); a symbol without ":1"/":2" does not say which one a CIF uses.
 */
const TWO_ORIGIN_CHOICES = new Set([48, 50, 59, 68, 70, 85, 86, 88, 125, 126, 129, 130, 133, 134, 137, 138, 141, 142, 201, 203, 222, 224, 227, 228]);
/** Rhombohedral space groups (R lattice): hexagonal or rhombohedral axes. */
const RHOMBOHEDRAL = new Set([146, 148, 155, 160, 161, 166, 167]);

let symbolIndex: Map<string, number> | undefined;
const operationsCache = new Map<number, XyzOperation[]>();

/** Normalised H-M symbol: lower case, no spaces or underscores ("P 6_3/m m c" → "p63/mmc"). */
function normaliseSymbol(symbol: string): string {
  return symbol.toLowerCase().replace(/[\s_]/g, "");
}

/** Short and full H-M symbols of the 230 standard settings → space-group number (built once). */
function standardSymbols(): Map<string, number> {
  if (!symbolIndex) {
    symbolIndex = new Map();
    for (let n = 1; n <= 230; n++) {
      const info = spaceGroupInfo(n);
      symbolIndex.set(normaliseSymbol(info.hmShort), n);
      if (!symbolIndex.has(normaliseSymbol(info.hmFull))) symbolIndex.set(normaliseSymbol(info.hmFull), n);
    }
  }
  return symbolIndex;
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

/**
 * The symmetry operations a CIF's space-group symbol and/or IT number imply, in the ITA standard setting, or the
 * reason they cannot be trusted. Accepted: a symbol that is a standard short or full H-M symbol (by convention the
 * standard setting), or a number with only one setting; origin-choice groups need ":2" (origin choice 2); R groups
 * need hexagonal axes (a = b, γ = 120°). Everything else (other settings, origin choice 1, rhombohedral axes, a symbol
 * and number that disagree) returns a reason.
 */
export function operationsFromSpaceGroupSymbol(
  symbol: string | undefined,
  number: number | undefined,
  cell: LatticeParameters,
): { operations: XyzOperation[] } | { reason: string } {
  let n: number | undefined;
  let setting: string | undefined;
  if (symbol !== undefined && symbol.trim() !== "") {
    const split = splitSetting(symbol);
    setting = split.setting;
    n = standardSymbols().get(normaliseSymbol(split.base));
    if (n === undefined) return { reason: `'${symbol}' is not the H-M symbol of a standard setting` };
    if (number !== undefined && number !== n) return { reason: `symbol '${symbol}' is space group ${n} but the IT number says ${number}` };
  } else if (number !== undefined) {
    if (!Number.isInteger(number) || number < 1 || number > 230) return { reason: `IT number ${number} does not exist` };
    n = number;
    if (spaceGroupInfo(n).hallNumbers.length > 1 && !RHOMBOHEDRAL.has(n))
      return { reason: `space group ${n} has several settings and the CIF gives only its number` };
  } else return { reason: "no space group given" };
  if (TWO_ORIGIN_CHOICES.has(n) && setting !== "2")
    return { reason: `space group ${n} has two origin choices and the symbol does not say which (write ':2' for origin choice 2)` };
  if (RHOMBOHEDRAL.has(n)) {
    const hexagonal = near(cell.a, cell.b) && near(cell.gamma, 120) && near(cell.alpha, 90) && near(cell.beta, 90);
    if (setting === "r" || !hexagonal) return { reason: `space group ${n} on rhombohedral axes is not supported (hexagonal axes are)` };
  }
  let operations = operationsCache.get(n);
  if (!operations) {
    operations = spaceGroupOperations(n);
    operationsCache.set(n, operations);
  }
  return { operations };
}

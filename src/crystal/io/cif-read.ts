// CIF → Structure: cell, symmetry operations, asymmetric-unit expansion with merging of symmetry-equivalent images.
import { element, tryAtomicNumber } from "../elements.js";
import { CifParseError, CrystalError, ParseError } from "../errors.js";
import { type Lattice, cartToFrac, latticeFromParameters, latticeParameters, latticeVolume } from "../lattice.js";
import { type Structure, wrapFraction } from "../structure.js";
import { type CifBlockIndex as CifBlock, type CifTag, cifIsNull, cifItem, cifLoopColumn, cifNumber, cifString, cifTag, parseCifBlocksTransient } from "./cif-blocks.js";
import { CifTokenKind, type CifTokens } from "./cif-lexer.js";
import { detachedString } from "./detached-string.js";
import { readerStructure } from "./reader-structure.js";
import { pymatgenSiteOrder } from "./site-order.js";
import { operationsFromSpaceGroupSymbol } from "./space-group-symbol.js";
import { type XyzOperation, isIdentityXyzOperation, parseXyzOperation } from "./symmetry-ops.js";

/** One data block of a CIF read as a structure. */
export interface CifEntry {
  /** Block name (the text after `data_`). */
  readonly block: string;
  /** The expanded unit cell, fractional coordinates wrapped into [0, 1). */
  readonly structure: Structure;
  /** Things the reader did that the user should know about (assumed P1, dropped sites with unknown coordinates, …). */
  readonly warnings: string[];
  /** Space group as declared in the file (not verified). */
  readonly spaceGroup?: { number?: number; symbol?: string };
  /** True when some site has occupancy below 1. */
  readonly disordered: boolean;
}

/** Options of the CIF readers. */
export interface CifReadOptions {
  /** File name or label used in error messages (default "<string>"). */
  file?: string;
  /** Fractional distance below which two symmetry images of one site are merged (default 1e-3). */
  siteTolerance?: number;
  /** readCif appends the warnings of the block it reads here (readCifs gives each entry's own). */
  warnings?: string[];
}

const OP_TAGS = ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"].map(cifTag);
const SG_SYMBOL_TAGS = ["_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt", "_space_group_name_h-m"].map(cifTag);
const SG_HALL_TAGS = ["_space_group_name_hall", "_symmetry_space_group_name_hall"].map(cifTag);
const SG_NUMBER_TAGS = ["_symmetry_int_tables_number", "_space_group_it_number"].map(cifTag);
const CELL_TAGS = ["_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"].map(cifTag);
const IDENTITY: XyzOperation = parseXyzOperation("x,y,z");
const FRACTIONAL_TAGS = ["_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z"].map(cifTag);
const CARTESIAN_TAGS = ["_atom_site_cartn_x", "_atom_site_cartn_y", "_atom_site_cartn_z"].map(cifTag);
const TYPE_SYMBOL_TAG = cifTag("_atom_site_type_symbol"), LABEL_TAG = cifTag("_atom_site_label"), OCCUPANCY_TAG = cifTag("_atom_site_occupancy");

/** A column of the atom-site table: the token of row r is `base + r * stride`. */
interface Column {
  base: number;
  stride: number;
}

function column(block: CifBlock, tag: CifTag, loopIndex: number): Column | undefined {
  if (loopIndex < 0) {
    const k = cifItem(block, tag);
    return k === undefined ? undefined : { base: k, stride: 0 };
  }
  const at = cifLoopColumn(block, tag);
  if (!at || at.loop !== loopIndex) return undefined;
  const loop = block.loops[loopIndex]!;
  return { base: loop.first + at.column, stride: loop.tags.length };
}

/**
 * Atomic numbers of every one- and two-letter symbol: index 27·l0 + l1, letters a–z as 0–25 and l1 = 26 for a single
 * letter; 0 when not an element. Filled once by asking tryAtomicNumber about each of these 702 strings, so a lookup
 * here is exactly tryAtomicNumber's answer (it is case-insensitive; element symbols have at most two letters).
 */
const SYMBOL_Z = (() => {
  const table = new Uint8Array(27 * 26);
  const letter = (i: number) => String.fromCharCode(97 + i);
  for (let i = 0; i < 26; i++) {
    table[27 * i + 26] = tryAtomicNumber(letter(i)) ?? 0;
    for (let j = 0; j < 26; j++) table[27 * i + j] = tryAtomicNumber(letter(i) + letter(j)) ?? 0;
  }
  return table;
})();

/**
 * Atomic number of a CIF type symbol or label as pymatgen's CifParser reads it ("Fe", "Fe3+", "O2-", "Fe1", "CA" →
 * Ca, "Ow1" → O); undefined when it names no element. See cifSymbolAt for the rule.
 */
export function cifElement(symbol: string): number | undefined {
  const r = cifSymbolAt(symbol, 0, symbol.length);
  return r.z > 0 ? r.z : undefined;
}

/** What cifSymbolAt makes of a symbol: z > 0 an element; z = 0 a site pymatgen drops ("OH", "OH2"); z = −1 none. */
interface CifSymbol {
  z: number;
  /** True when the symbol is not simply the element symbol followed by digits (pymatgen warns "X parsed as Y"). */
  decorated: boolean;
}

/** pymatgen's special CIF symbols (matched as prefixes, in this order): water oxygens and hydrogens, hydroxide, nitrate. */
const SPECIAL_SYMBOLS: readonly [string, number][] = [["Hw", 1], ["Ow", 8], ["Wat", 8], ["wat", 8], ["OH", 0], ["NO3", 7]];

/**
 * pymatgen's `_parse_symbol` on text[start, end): a special prefix (SPECIAL_SYMBOLS), else the first two characters
 * title-cased when they are an element ("CA1" → Ca, "Fe3+" → Fe), else the first character upper-cased ("O2-" → O),
 * else D and T as hydrogen. `decorated` when the text does not start with the element's symbol as written.
 */
function cifSymbolAt(text: string, start: number, end: number): CifSymbol {
  const c0 = text.charCodeAt(start);
  // Fast path: an element symbol written properly (upper-case letter, optional lower-case letter, then digits/charge).
  const c1 = start + 1 < end ? text.charCodeAt(start + 1) : -1;
  // ("Hw", "Ow" and "Wat" are special prefixes; "OH" and "NO3" have an upper-case second letter.)
  const special = (c1 === 119 && (c0 === 72 || c0 === 79)) || (c0 === 87 && c1 === 97);
  if (c0 >= 65 && c0 <= 90 && !(c1 >= 65 && c1 <= 90) && !special) {
    const two = c1 >= 97 && c1 <= 122 ? SYMBOL_Z[27 * (c0 - 65) + c1 - 97]! : 0;
    if (two !== 0) return { z: two, decorated: false };
    const one = SYMBOL_Z[27 * (c0 - 65) + 26]!;
    if (one !== 0) return { z: one, decorated: false };
  }
  for (const [prefix, z] of SPECIAL_SYMBOLS) if (text.startsWith(prefix, start) && start + prefix.length <= end) return { z, decorated: true };
  const l0 = (c0 | 0x20) - 97;
  if (l0 < 0 || l0 > 25) return { z: -1, decorated: true };
  const l1 = (c1 | 0x20) - 97;
  if (l1 >= 0 && l1 <= 25) {
    const two = SYMBOL_Z[27 * l0 + l1]!;
    if (two !== 0) return { z: two, decorated: !(c0 <= 90 && c1 >= 97) };
  }
  const one = SYMBOL_Z[27 * l0 + 26]!;
  if (one !== 0) return { z: one, decorated: c0 > 90 };
  if (c0 === 68 || c0 === 84) return { z: 1, decorated: true }; // "D", "T": deuterium, tritium
  return { z: -1, decorated: true };
}

/** The text of the first of `tags` the block gives as a non-looped item that is not `?` or `.` (trimmed). */
function itemText(block: CifBlock, tags: readonly CifTag[]): string | undefined {
  for (const tag of tags) {
    const k = cifItem(block, tag);
    const v = k === undefined ? undefined : cifString(block.tokens, k)?.trim();
    if (v) return v;
  }
  return undefined;
}

function spaceGroupOf(block: CifBlock): { info?: { number?: number; symbol?: string }; line: number } {
  const t = block.tokens;
  let symbol: string | undefined;
  let number: number | undefined;
  let line = block.line;
  for (const tag of SG_SYMBOL_TAGS) {
    const k = cifItem(block, tag);
    const text = k === undefined ? undefined : cifString(t, k)?.trim();
    if (text) { symbol = text; line = t.lines[k!]!; break; }
  }
  for (const tag of SG_NUMBER_TAGS) {
    const k = cifItem(block, tag);
    if (k !== undefined && !cifIsNull(t, k)) {
      const v = cifNumber(t, k);
      if (Number.isInteger(v)) {
        number = v;
        if (symbol === undefined) line = t.lines[k]!;
      }
      break;
    }
  }
  if (symbol === undefined && number === undefined) return { line };
  const info: { number?: number; symbol?: string } = {};
  if (number !== undefined) info.number = number;
  if (symbol !== undefined) info.symbol = symbol;
  return { info, line };
}

/**
 * Parsed operation lists by their strings joined with line breaks. Only lists of bare or quoted values are kept: those
 * cannot contain a line break, so the joined key names exactly one list. Dataset CIFs repeat a few lists (the P1
 * identity 'x, y, z' above all), so most reads skip parsing; the cache stops growing at OPERATION_LISTS_MAX lists.
 */
const operationLists = new Map<string, { key: string; operations: readonly XyzOperation[] }>();
const OPERATION_LISTS_MAX = 1024;
/** The key and operations of the list read last: consecutive CIFs of a dataset nearly always list the same operations. */
let lastKey = "";
let lastOperations: readonly XyzOperation[] = [];

/** True when the `count` value tokens first, first + stride, … joined with line breaks are `key` (compared in place). */
function tokensSpell(t: CifTokens, first: number, count: number, stride: number, key: string): boolean {
  let p = 0;
  for (let r = 0, k = first; r < count; r++, k += stride) {
    const kind = t.kinds[k]!;
    if (kind !== CifTokenKind.Value && kind !== CifTokenKind.Quoted) return false;
    if (r > 0 && key.charCodeAt(p++) !== 10) return false;
    const s = t.starts[k]!, e = t.ends[k]!;
    if (p + e - s > key.length) return false;
    for (let j = s; j < e; j++) if (t.codes[j] !== key.charCodeAt(p++)) return false;
  }
  return p === key.length;
}

/** The operations of `count` value tokens first, first + stride, … listed under `tag`. */
function operationList(block: CifBlock, file: string, tag: string, first: number, count: number, stride: number): readonly XyzOperation[] {
  const t = block.tokens;
  // Checking the tokens against the last list in place is cheaper than building the key and hashing it.
  if (lastOperations.length > 0 && tokensSpell(t, first, count, stride, lastKey)) return lastOperations;
  let key: string | undefined = "";
  for (let r = 0, k = first; r < count; r++, k += stride) {
    const kind = t.kinds[k]!;
    if (kind !== CifTokenKind.Value && kind !== CifTokenKind.Quoted) { key = undefined; break; }
    key += (r > 0 ? "\n" : "") + t.text.slice(t.starts[k]!, t.ends[k]!);
  }
  const hit = key === undefined ? undefined : operationLists.get(key);
  if (hit) {
    lastKey = hit.key; // the cached key: `key` may be a slice that would keep this CIF's text alive
    lastOperations = hit.operations;
    return hit.operations;
  }
  const ops: XyzOperation[] = [];
  for (let r = 0, k = first; r < count; r++, k += stride) {
    const s = cifString(t, k);
    if (s === undefined) throw new CifParseError(file, t.lines[k]!, `${tag} value is '?' or '.'`);
    try {
      ops.push(parseXyzOperation(s, file, t.lines[k]!));
    } catch (e) {
      if (e instanceof ParseError) throw new CifParseError(file, t.lines[k]!, `bad symmetry operation under ${tag}: ${e.reason}`);
      throw e;
    }
  }
  if (key !== undefined && operationLists.size < OPERATION_LISTS_MAX) {
    lastKey = detachedString(key);
    lastOperations = ops;
    operationLists.set(lastKey, { key: lastKey, operations: ops });
  }
  return ops;
}

function symmetryOperations(block: CifBlock, file: string, warnings: string[], lattice: Lattice): readonly XyzOperation[] {
  for (const tag of OP_TAGS) {
    const at = cifLoopColumn(block, tag);
    if (at) {
      const loop = block.loops[at.loop]!;
      if (loop.rows > 0) return operationList(block, file, tag.name, loop.first + at.column, loop.rows, loop.tags.length);
      continue;
    }
    const k = cifItem(block, tag);
    if (k !== undefined) return operationList(block, file, tag.name, k, 1, 0);
  }
  // No operations listed: fall back on the declared space group.
  const sg = spaceGroupOf(block);
  const sym = sg.info?.symbol?.replace(/[\s_]/g, "").toLowerCase();
  const number = sg.info?.number;
  if ((number === 1 && (sym === undefined || sym === "p1")) || (sym === "p1" && number === undefined)) return [IDENTITY];
  const hall = itemText(block, SG_HALL_TAGS);
  if (!sg.info && hall === undefined) {
    warnings.push("no symmetry operations and no space group given: assuming P1 (every atom listed)");
    return [IDENTITY];
  }
  const fromSymbol = operationsFromSpaceGroupSymbol(sg.info?.symbol, sg.info?.number, latticeParameters(lattice), hall);
  const named = hall !== undefined ? `Hall symbol '${hall}'` : sg.info?.symbol ?? `space group ${sg.info?.number}`;
  if ("operations" in fromSymbol) {
    warnings.push(`no symmetry operations listed: generated the ${fromSymbol.operations.length} operations of ${named} (space group ${fromSymbol.number}, Hall number ${fromSymbol.hallNumber}) from moyo's space-group tables`);
    return fromSymbol.operations;
  }
  if (!sg.info) throw new CifParseError(file, block.line, `data block '${block.name}' gives ${named} but no symmetry operations, and the operations cannot be inferred safely: ${fromSymbol.reason}`);
  throw new CifParseError(
    file,
    sg.line,
    `data block '${block.name}' gives space group ${sg.info.symbol ?? ""}${sg.info.number !== undefined ? ` (No. ${sg.info.number})` : ""} but no symmetry operations ` +
      `(_symmetry_equiv_pos_as_xyz or _space_group_symop_operation_xyz), and the operations cannot be inferred safely: ${fromSymbol.reason}`,
  );
}

/** Cells smaller than this (Å³) are rejected: no crystal has one, and their densities would be absurd. */
const MIN_CELL_VOLUME = 0.1;

/** The cell of a block. @throws CifParseError naming the field for a missing, non-positive or impossible parameter. */
function cellOf(block: CifBlock, file: string): Lattice {
  const t = block.tokens;
  const v: number[] = [];
  for (const tag of CELL_TAGS) {
    const k = cifItem(block, tag);
    if (k === undefined) throw new CifParseError(file, block.line, `data block '${block.name}' has atom sites but no ${tag.name}`);
    const x = cifNumber(t, k);
    if (!(x > 0)) throw new CifParseError(file, t.lines[k]!, `${tag.name} is '${cifString(t, k) ?? "?"}' (expected a positive number)`);
    v.push(x);
  }
  for (let i = 3; i < 6; i++) {
    if (!(v[i]! < 180)) throw new CifParseError(file, t.lines[cifItem(block, CELL_TAGS[i]!)!]!, `${CELL_TAGS[i]!.name} is ${v[i]} (an angle must lie strictly between 0 and 180 degrees)`);
  }
  try {
    const lattice = latticeFromParameters(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!);
    const volume = latticeVolume(lattice);
    if (!(volume >= MIN_CELL_VOLUME)) throw new CifParseError(file, block.line, `impossible cell: _cell_length_* and _cell_angle_* give a volume of ${volume.toPrecision(3)} Å³ (below ${MIN_CELL_VOLUME} Å³)`);
    return lattice;
  } catch (e) {
    if (e instanceof CrystalError && !(e instanceof CifParseError)) throw new CifParseError(file, block.line, `impossible cell: ${e.message}`);
    throw e;
  }
}

/** The tags the structure is read from: a syntax error in any of them (or in a loop holding one) is not read past. */
const STRUCTURE_TAGS = new Set(
  [...OP_TAGS, ...SG_SYMBOL_TAGS, ...SG_HALL_TAGS, ...SG_NUMBER_TAGS, ...CELL_TAGS, ...FRACTIONAL_TAGS, ...CARTESIAN_TAGS, TYPE_SYMBOL_TAG, LABEL_TAG, OCCUPANCY_TAG].map((t) => t.name),
);

/**
 * The block's syntax issues (see parseCifBlocksTransient) as warnings naming the line, where the structure does not
 * depend on the broken part. @throws CifParseError with the line when it does (the atom-site loop, cell, symmetry).
 */
function reportSyntaxIssues(block: CifBlock, file: string, warnings: string[]): void {
  for (const issue of block.issues) {
    if (issue.tags.some((tag) => STRUCTURE_TAGS.has(tag))) throw new CifParseError(file, issue.line, issue.message);
    warnings.push(`line ${issue.line}: ${issue.message}: ${issue.recovery} (the structure does not depend on it)`);
  }
}

/** Where a block lists its atom sites: the index of their loop (-1 for non-looped items) and the coordinate kind. */
interface AtomSiteTable {
  loop: number;
  cartesian: boolean;
}

/** Where the block lists its atom sites (fractional coordinates first), undefined when it has none. */
function atomSiteLoop(block: CifBlock): AtomSiteTable | undefined {
  return atomSiteColumn(block, FRACTIONAL_TAGS[0]!, false) ?? atomSiteColumn(block, CARTESIAN_TAGS[0]!, true);
}

function atomSiteColumn(block: CifBlock, tag: CifTag, cartesian: boolean): AtomSiteTable | undefined {
  const at = cifLoopColumn(block, tag);
  if (at) return { loop: at.loop, cartesian };
  if (cifItem(block, tag) !== undefined) return { loop: -1, cartesian };
  return undefined;
}

function periodicClose(a: number, b: number, tol: number): boolean {
  let d = a - b;
  d -= Math.round(d);
  return d <= tol && d >= -tol;
}

/** The first position whose sites' occupancies sum to more than 1 (+ rounding), if any (fractional, periodic, within tol). */
function overfilledPosition(frac: Float64Array, occ: Float64Array, tol: number): { site: number; sum: number } | undefined {
  const n = occ.length;
  for (let i = 0; i < n; i++) {
    let sum = occ[i]!;
    for (let j = 0; j < n; j++) {
      if (j !== i && periodicClose(frac[3 * i]!, frac[3 * j]!, tol) && periodicClose(frac[3 * i + 1]!, frac[3 * j + 1]!, tol) && periodicClose(frac[3 * i + 2]!, frac[3 * j + 2]!, tol))
        sum += occ[j]!;
    }
    if (sum > 1 + OCCUPANCY_TOLERANCE) return { site: i, sum };
  }
  return undefined;
}

/** Sites as typed arrays of exactly `species.length` sites (what readerStructure adopts). */
interface Sites {
  species: Uint8Array;
  /** Fractional coordinates, 3 per site. */
  frac: Float64Array;
  /** One per site when some site is partially occupied, else empty (every site fully occupied). */
  occupancies: Float64Array;
  labels: string[];
}

/** The asymmetric unit as listed: one entry per usable atom-site row, coordinates not wrapped. */
interface AsymmetricSites extends Sites {
  /** Number of rows with occupancy below 1. */
  partial: number;
}

/** pymatgen's CifParser replaces finite-precision thirds (0.3333, 0.66667) by 1/3 and 2/3 before applying symmetry. */
function snapThirds(v: number): number {
  if (Math.abs(1 - 3 * v) < 1e-4) return 1 / 3;
  if (Math.abs(1 - 1.5 * v) < 1e-4) return 2 / 3;
  return v;
}

/** The columns of the atom-site table that name a site. */
interface NameColumns {
  label: Column | undefined;
  type: Column | undefined;
}

/** How messages name the site of row r: its label, else its type symbol, else "site r+1" (1-based). */
function siteName(block: CifBlock, names: NameColumns, r: number): string {
  const t = block.tokens;
  const label = names.label ? cifString(t, names.label.base + r * names.label.stride) : undefined;
  const typeSymbol = names.type ? cifString(t, names.type.base + r * names.type.stride) : undefined;
  return label ?? typeSymbol ?? `site ${r + 1}`;
}

/** Occupancies may exceed 1 by this much (rounding), as pymatgen's site check allows (Composition.amount_tolerance). */
const OCCUPANCY_TOLERANCE = 1e-8;

/**
 * Occupancy of one row: 1 for '?' or '.' or no column; undefined (the site is dropped, with a warning) for 0, as
 * pymatgen drops it. @throws CifParseError naming the site for a negative, non-numeric or above-1 occupancy.
 */
function occupancyOf(block: CifBlock, file: string, col: Column | undefined, r: number, names: NameColumns, warnings: string[]): number | undefined {
  if (!col) return 1;
  const t = block.tokens;
  const k = col.base + r * col.stride;
  if (cifIsNull(t, k)) return 1;
  const o = cifNumber(t, k);
  // The common case, 0 < o ≤ 1 (+ rounding), needs no site name.
  if (o > 0 && o <= 1 + OCCUPANCY_TOLERANCE) return Math.min(o, 1);
  const name = siteName(block, names, r);
  if (Number.isNaN(o)) throw new CifParseError(file, t.lines[k]!, `site '${name}': occupancy '${cifString(t, k)}' is not a number`);
  if (o < 0) throw new CifParseError(file, t.lines[k]!, `site '${name}': occupancy ${o} is negative`);
  if (o === 0) {
    warnings.push(`site '${name}' (line ${t.lines[k]}) has occupancy 0: dropped, as pymatgen does`);
    return undefined;
  }
  throw new CifParseError(file, t.lines[k]!, `site '${name}': occupancy ${o} is above 1`);
}

/**
 * A fractional or Cartesian coordinate of row r: `.` reads as 0 (ICSD writes `0.5 . .`), as pymatgen reads it.
 * @throws CifParseError naming the site when it is `?` or not a number.
 */
function coordinate(block: CifBlock, file: string, k: number, names: NameColumns, r: number): number {
  const t = block.tokens;
  const v = cifNumber(t, k);
  if (!Number.isNaN(v)) return v;
  if (t.kinds[k] === CifTokenKind.Inapplicable) return 0;
  const what = t.kinds[k] === CifTokenKind.Unknown ? "is unknown ('?')" : `'${cifString(t, k)}' is not a number`;
  throw new CifParseError(file, t.lines[k]!, `site '${siteName(block, names, r)}': coordinate ${what}`);
}

/** Reads the atom-site rows of a block (fractional or Cartesian coordinates, element, occupancy, label). */
function readAsymmetricSites(block: CifBlock, site: AtomSiteTable, file: string, lattice: Lattice, warnings: string[]): AsymmetricSites {
  const t = block.tokens;
  const loopLine = site.loop < 0 ? block.line : block.loops[site.loop]!.line;
  const rows = site.loop < 0 ? 1 : block.loops[site.loop]!.rows;
  const axes = site.cartesian ? CARTESIAN_TAGS : FRACTIONAL_TAGS;
  const axis = (tag: CifTag): Column => {
    const c = column(block, tag, site.loop);
    if (!c) throw new CifParseError(file, loopLine, `atom sites have ${axes[0]!.name} but no ${tag.name} in the same loop`);
    return c;
  };
  const cx = axis(axes[0]!), cy = axis(axes[1]!), cz = axis(axes[2]!);
  const names: NameColumns = { type: column(block, TYPE_SYMBOL_TAG, site.loop), label: column(block, LABEL_TAG, site.loop) };
  const occCol = column(block, OCCUPANCY_TAG, site.loop);
  if (!names.type && !names.label) throw new CifParseError(file, loopLine, "atom sites have neither _atom_site_type_symbol nor _atom_site_label");
  const inv = site.cartesian ? cartToFrac(lattice, [1, 0, 0, 0, 1, 0, 0, 0, 1]) : undefined;
  // One slot per row; rows that are skipped leave the arrays shorter (trimmed at the end). Occupancies go to scratch
  // and are copied out only when some site is partially occupied (a Structure has none otherwise).
  const species = new Uint8Array(rows), frac = new Float64Array(3 * rows);
  if (occupancyScratch.length < rows) occupancyScratch = new Float64Array(Math.max(rows, 2 * occupancyScratch.length));
  const occupancies = occupancyScratch;
  const labels: string[] = [];
  let n = 0, partial = 0;
  let snapped = false;
  for (let r = 0; r < rows; r++) {
    const kx = cx.base + r * cx.stride, ky = cy.base + r * cy.stride, kz = cz.base + r * cz.stride;
    const line = t.lines[kx]!;
    // The element comes from the type symbol when the loop has that column, else the label (as in pymatgen), read in
    // place in the CIF text (no substrings).
    const kType = names.type && names.type.base + r * names.type.stride;
    const kLabel = names.label && names.label.base + r * names.label.stride;
    const kSymbol = kType ?? kLabel!;
    const symbol = cifIsNull(t, kSymbol) ? { z: 0, decorated: false } : cifSymbolAt(t.text, t.starts[kSymbol]!, t.ends[kSymbol]!);
    if (symbol.z < 0) throw new CifParseError(file, line, `site '${siteName(block, names, r)}': '${cifString(t, kSymbol)}' names no element`);
    if (symbol.z === 0) {
      warnings.push(`site '${siteName(block, names, r)}' (line ${line}): no element in '${cifString(t, kSymbol) ?? "?"}': dropped, as pymatgen does`);
      continue;
    }
    if (symbol.decorated) warnings.push(`site '${siteName(block, names, r)}' (line ${line}): '${cifString(t, kSymbol)}' read as ${element(symbol.z).symbol}`);
    let x = coordinate(block, file, kx, names, r), y = coordinate(block, file, ky, names, r), z = coordinate(block, file, kz, names, r);
    if (inv) {
      const fx = x * inv[0]! + y * inv[3]! + z * inv[6]!, fy = x * inv[1]! + y * inv[4]! + z * inv[7]!;
      z = x * inv[2]! + y * inv[5]! + z * inv[8]!;
      x = fx;
      y = fy;
    } else {
      const sx = snapThirds(x), sy = snapThirds(y), sz = snapThirds(z);
      if (!snapped && Math.max(Math.abs(sx - x), Math.abs(sy - y), Math.abs(sz - z)) > 1e-8) {
        snapped = true;
        warnings.push("fractional coordinates within 1e-4 (relative) of 1/3 or 2/3 were set to the exact fraction, as pymatgen's CifParser does");
      }
      x = sx;
      y = sy;
      z = sz;
    }
    const o = occupancyOf(block, file, occCol, r, names, warnings);
    if (o === undefined) continue;
    if (o < 1) partial++;
    species[n] = symbol.z;
    frac[3 * n] = x;
    frac[3 * n + 1] = y;
    frac[3 * n + 2] = z;
    occupancies[n] = o;
    const label = kLabel === undefined ? undefined : cifString(t, kLabel);
    labels.push(label ?? `${kType === undefined ? undefined : cifString(t, kType)}${r}`);
    n++;
  }
  return {
    species: n === rows ? species : species.slice(0, n),
    frac: n === rows ? frac : frac.slice(0, 3 * n),
    occupancies: partial > 0 ? occupancies.slice(0, n) : ALL_ONE,
    labels,
    partial,
  };
}

/** Occupancies of the rows being read (reused across reads; grown on demand). */
let occupancyScratch = new Float64Array(64);
/** Stands for the occupancies of an ordered structure (every site 1), which a Structure does not store. */
const ALL_ONE = new Float64Array(0);

/** Scratch for the images of expandSites (reused across reads; grown on demand). */
let imageScratch = new Float64Array(3 * 256);

/**
 * Writes the images of the point (x, y, z) under `ops`, wrapped into [0, 1), into `frac` from site `n` on, dropping each
 * image within `tol` (fractional, per coordinate, periodic) of an earlier image of this point. Returns the new count.
 */
function appendSiteImages(x: number, y: number, z: number, ops: readonly XyzOperation[], tol: number, frac: Float64Array, n: number): number {
  const start = 3 * n;
  for (const op of ops) {
    const R = op.rotation, tr = op.translation;
    const nx = wrapFraction(R[0]! * x + R[1]! * y + R[2]! * z + tr[0]!);
    const ny = wrapFraction(R[3]! * x + R[4]! * y + R[5]! * z + tr[1]!);
    const nz = wrapFraction(R[6]! * x + R[7]! * y + R[8]! * z + tr[2]!);
    let dup = false;
    for (let j = start; j < 3 * n && !dup; j += 3)
      dup = periodicClose(nx, frac[j]!, tol) && periodicClose(ny, frac[j + 1]!, tol) && periodicClose(nz, frac[j + 2]!, tol);
    if (dup) continue;
    frac[3 * n] = nx;
    frac[3 * n + 1] = ny;
    frac[3 * n + 2] = nz;
    n++;
  }
  return n;
}

/** readCif's default merge distance of symmetry images (fractional, per coordinate). */
export const DEFAULT_SITE_TOLERANCE = 1e-3;

/**
 * The atoms readCif makes of one atom-site row at fractional (x, y, z) under the operations `ops` (thirds snapped as
 * pymatgen does, images within `tol` merged), as fractional coordinates, 3 per atom, wrapped into [0, 1).
 */
export function siteImages(point: readonly [number, number, number], ops: readonly XyzOperation[], tol = DEFAULT_SITE_TOLERANCE): Float64Array {
  const frac = new Float64Array(3 * ops.length);
  return frac.slice(0, 3 * appendSiteImages(snapThirds(point[0]), snapThirds(point[1]), snapThirds(point[2]), ops, tol, frac, 0));
}

/**
 * Applies the operations to every site of the asymmetric unit, wraps into [0, 1) and drops images within `tol`
 * (fractional, periodic) of an earlier image of the same site. Images keep their site's species, occupancy and label.
 * Returns fresh arrays of exactly the kept sites (the asymmetric unit's own arrays when the only operation is x, y, z).
 */
function expandSites(asym: Sites, ops: readonly XyzOperation[], tol: number): Sites {
  const sites = asym.species.length;
  if (ops.length === 1 && isIdentityXyzOperation(ops[0]!)) {
    // Identity only (P1, every dataset CIF): each site has the single image x, y, z, so there is nothing to merge;
    // wrapping in place gives the same numbers as the general loop below.
    const frac = asym.frac;
    for (let i = 0; i < frac.length; i++) frac[i] = wrapFraction(frac[i]!);
    return asym;
  }
  if (imageScratch.length < 3 * sites * ops.length) imageScratch = new Float64Array(3 * sites * ops.length);
  const frac = imageScratch;
  const source: number[] = []; // asymmetric-unit site of each kept image
  let n = 0;
  for (let i = 0; i < sites; i++) {
    const kept = appendSiteImages(asym.frac[3 * i]!, asym.frac[3 * i + 1]!, asym.frac[3 * i + 2]!, ops, tol, frac, n);
    for (; n < kept; n++) source.push(i);
  }
  const partial = asym.occupancies.length > 0;
  const out: Sites = { species: new Uint8Array(n), frac: frac.slice(0, 3 * n), occupancies: partial ? new Float64Array(n) : ALL_ONE, labels: new Array<string>(n) };
  for (let m = 0; m < n; m++) {
    const i = source[m]!;
    out.species[m] = asym.species[i]!;
    if (partial) out.occupancies[m] = asym.occupancies[i]!;
    out.labels[m] = asym.labels[i]!;
  }
  return out;
}

/**
 * The structure of a block that lists atom sites (`site`), appending what the user should know to `warnings`;
 * undefined when every site was dropped (pymatgen then skips the block, as a Pauling File block of `?` rows).
 */
function blockStructure(block: CifBlock, site: AtomSiteTable, file: string, tol: number, warnings: string[]): { structure: Structure; disordered: boolean } | undefined {
  reportSyntaxIssues(block, file, warnings);
  const lattice = cellOf(block, file);
  const ops = symmetryOperations(block, file, warnings, lattice);
  const asym = readAsymmetricSites(block, site, file, lattice, warnings);
  if (asym.species.length === 0) return undefined;
  const disordered = asym.partial > 0;
  const expanded = expandSites(asym, ops, tol);
  // pymatgen's CifParser sorts the sites (get_sorted_structure); the benchmark pipelines read their CIFs with it.
  const order = pymatgenSiteOrder(expanded.species, expanded.occupancies);
  const species = Uint8Array.from(order, (i) => expanded.species[i]!);
  const frac = Float64Array.from({ length: 3 * order.length }, (_, k) => expanded.frac[3 * order[Math.floor(k / 3)]! + (k % 3)]!);
  const occupancies = Float64Array.from(order, (i) => expanded.occupancies[i]!);
  const labels = order.map((i) => expanded.labels[i]!);
  if (disordered) {
    warnings.push(`partial occupancy: ${asym.partial} site(s) of the asymmetric unit have occupancy below 1 (kept on structure.occupancies)`);
    const over = overfilledPosition(frac, occupancies, tol);
    if (over) {
      const at = Array.from(frac.subarray(3 * over.site, 3 * over.site + 3), (v) => v.toFixed(4)).join(", ");
      throw new CifParseError(file, block.line, `site '${labels[over.site]}': the occupancies of the sites at (${at}) sum to ${Number(over.sum.toFixed(6))} > 1`);
    }
  }
  let structure: Structure;
  try {
    structure = readerStructure(lattice, species, frac, labels, disordered ? occupancies : undefined);
  } catch (e) {
    if (e instanceof CrystalError) throw new CifParseError(file, block.line, e.message);
    throw e;
  }
  return { structure, disordered };
}

/** Reads one block that lists atom sites as a CifEntry (undefined when it has no usable site). */
function readBlock(block: CifBlock, site: AtomSiteTable, file: string, tol: number): CifEntry | undefined {
  const warnings: string[] = [];
  const read = blockStructure(block, site, file, tol, warnings);
  if (!read) return undefined;
  const { structure, disordered } = read;
  const sg = spaceGroupOf(block);
  return sg.info
    ? { block: block.name, structure, warnings, spaceGroup: sg.info, disordered }
    : { block: block.name, structure, warnings, disordered };
}

/**
 * Reads every data block of a CIF that lists atom sites (blocks without atoms, such as a global metadata block, are
 * skipped). Symmetry operations expand the asymmetric unit; images of one site closer than `siteTolerance`
 * (fractional, periodic) are merged and keep the site's label. Each entry carries its block's warnings.
 * @throws CifParseError naming file and line (a broken block is an error, not a skipped block).
 */
export function readCifs(text: string, options: CifReadOptions = {}): CifEntry[] {
  const file = options.file ?? "<string>";
  const tol = options.siteTolerance ?? DEFAULT_SITE_TOLERANCE;
  const blocks = parseCifBlocksTransient(text, file);
  if (blocks.length === 0) throw new CifParseError(file, 0, "no data_ block");
  const entries: CifEntry[] = [];
  for (const block of blocks) {
    const site = atomSiteLoop(block);
    const entry = site && readBlock(block, site, file, tol);
    if (entry) entries.push(entry);
  }
  if (entries.length === 0 && blocks.some((b) => atomSiteLoop(b))) throw new CifParseError(file, blocks[0]!.line, "no data block has a usable atom site");
  return entries;
}

/**
 * Reads the first data block of a CIF that lists atom sites, as a Structure with fractional coordinates in [0, 1)
 * (and `occupancies` when some site is partially occupied); its warnings go to `options.warnings` when given.
 * @throws CifParseError naming file and line when no block has usable atoms or the first such block is broken.
 */
export function readCif(text: string, options: CifReadOptions = {}): Structure {
  const file = options.file ?? "<string>";
  const blocks = parseCifBlocksTransient(text, file);
  if (blocks.length === 0) throw new CifParseError(file, 0, "no data_ block");
  for (const block of blocks) {
    const site = atomSiteLoop(block);
    // The space group a block declares matters to readCif only when no operations are listed (symmetryOperations).
    const read = site && blockStructure(block, site, file, options.siteTolerance ?? DEFAULT_SITE_TOLERANCE, options.warnings ?? []);
    if (read) return read.structure;
  }
  throw new CifParseError(file, blocks[0]!.line, "no data block lists usable atom sites (_atom_site_fract_x or _atom_site_Cartn_x)");
}

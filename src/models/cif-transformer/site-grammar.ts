// The site grammar of the CIF transformer, an opt-in extension of the formula grammar (`siteGrammar`): once the cell
// formula is known (the data_ line), (1) the space-group symbol may only name a group whose Wyckoff multiplicities can
// add up to every element's count in the cell (in as few rows as the context holds), (2) in the atom-site loop each
// row's element is one with atoms left to place, its multiplicity one of the stated group's that leaves a remainder the
// group can still fill, and the text ends exactly when every atom is placed, and (3) the row's coordinates stay on an
// orbit of that multiplicity, off the atoms of earlier rows (site-coordinates.ts); with a minimum bond ratio (sampler
// setting `bondGrammar`), (4) each row's z (with clearance "every", each coordinate) keeps its atoms clear of the atoms
// written before and of each other (site-clearance.ts). The
// model still chooses among what is allowed and writes the cell, the labels and the occupancies; the cell's shape is
// not constrained.
import { atomicNumber } from "../../crystal/elements.js";
import { spaceGroupNumberOfSymbol } from "../../representations/cif-canonical.js";
import { cifTokenType } from "../../representations/cif-tokens.js";
import { type ClearanceContext, clearanceContext, intervalProbes, pointClear } from "./site-clearance.js";
import { coordinateFeasible, coordinateOptionsIn, coordinateValuesIn, groupSites, rowCompletable, rowCompletions, rowImages } from "./site-coordinates.js";

/** The model-vocabulary ids the site grammar reads and writes. */
export interface SiteGrammarTokens {
  /** The space-group tag, and the separator written after every tag. */
  spaceGroupTag: number;
  tagSeparator: number;
  /** The last tag of the atom-site loop header, the field separator and the end of a line. */
  occupancyTag: number;
  fieldSeparator: number;
  newline: number;
  /** The decimal point. */
  point: number;
  eos: number;
  /** Digit tokens by value 0–9 (−1 where the vocabulary lacks one). */
  digits: Int32Array;
  /** Element token ids by atomic number. */
  elements: ReadonlyMap<number, number>;
  /** Space-group symbol tokens: id → ITA number. */
  spaceGroups: ReadonlyMap<number, number>;
  /** The tags of a, b, c, α, β, γ (−1 where the vocabulary lacks one). */
  cellTags: Int32Array;
}

/** What the site grammar is told besides the text: the model's context and the bond check's minimum ratio. */
export interface SiteGrammarOptions {
  /** Longest token sequence of the model (default: unbounded). */
  contextLength?: number;
  /** With it, each row's z keeps its atoms at least this × the sum of covalent radii from earlier atoms and each other. */
  minBondRatio?: number;
  /** Which coordinates the bond clearance constrains: z only (default) or every one (see site-clearance.ts). */
  clearance?: "z" | "every";
}

/** The site grammar's token ids in a model vocabulary, or null when the vocabulary lacks one it needs. */
export function siteGrammarTokens(vocabulary: readonly string[], eos: number): SiteGrammarTokens | null {
  const id = (t: string) => vocabulary.indexOf(t);
  const digits = Int32Array.from({ length: 10 }, (_, d) => id(String(d)));
  const elements = new Map<number, number>();
  const spaceGroups = new Map<number, number>();
  vocabulary.forEach((t, i) => {
    const type = cifTokenType(t);
    if (type === "element") elements.set(atomicNumber(t), i);
    else if (type === "space-group") {
      const n = spaceGroupNumberOfSymbol(t);
      if (n !== undefined) spaceGroups.set(i, n);
    }
  });
  const cellTags = Int32Array.from(["a", "b", "c", "alpha", "beta", "gamma"], (p) => id(p.length === 1 ? `_cell_length_${p}` : `_cell_angle_${p}`));
  const tokens = { spaceGroupTag: id("_symmetry_space_group_name_H-M"), tagSeparator: id("   "), occupancyTag: id("_atom_site_occupancy"), fieldSeparator: id("  "), newline: id("\n"), point: id("."), eos, digits, elements, spaceGroups, cellTags };
  return [tokens.spaceGroupTag, tokens.tagSeparator, tokens.occupancyTag, tokens.fieldSeparator, tokens.newline, tokens.point].includes(-1) ? null : tokens;
}

/** The distinct conventional-cell Wyckoff multiplicities of space group `number` in the canonical CIF's setting, ascending. */
export function spaceGroupMultiplicities(number: number): number[] {
  return [...groupSites(number).byMultiplicity.keys()].sort((a, b) => a - b);
}

/** The fewest orbits of the given multiplicities (each usable any number of times) that hold `count` atoms; Infinity when none do. */
export function fewestOrbits(count: number, multiplicities: readonly number[]): number {
  const fewest = new Array<number>(count + 1).fill(Infinity);
  fewest[0] = 0;
  for (let c = 1; c <= count; c++) for (const m of multiplicities) if (m <= c && fewest[c - m]! + 1 < fewest[c]!) fewest[c] = fewest[c - m]! + 1;
  return fewest[count]!;
}

/** The multiplicities a new row of an element with `remaining` atoms left may state: those that leave a fillable rest. */
export function rowMultiplicities(remaining: number, multiplicities: readonly number[]): number[] {
  return multiplicities.filter((m) => m <= remaining && Number.isFinite(fewestOrbits(remaining - m, multiplicities)));
}

/** Fewest atom-site rows that can hold every element's remaining atoms (Infinity when some cannot be held). */
function fewestRows(remaining: ReadonlyMap<number, number>, multiplicities: readonly number[]): number {
  let rows = 0;
  for (const n of remaining.values()) rows += fewestOrbits(n, multiplicities);
  return rows;
}

/**
 * Fewest tokens the canonical text takes (lower bounds measured on the datasets' canonical CIFs): an atom-site row, the
 * lines from after the space-group symbol through the atom-site header, and a row's rest after its multiplicity.
 */
const MIN_ROW_TOKENS = 31;
const MIN_HEADER_TOKENS = 130;
const MIN_ROW_REST_TOKENS = 24;

/** The digits of a partly written multiplicity that can extend it to one of `allowed`, and the separator when it is one already. */
function multiplicityContinuations(written: string, allowed: readonly number[], t: SiteGrammarTokens): Int32Array {
  const out = new Set<number>();
  for (const m of allowed) {
    const s = String(m);
    if (s === written) out.add(t.fieldSeparator);
    else if (s.startsWith(written) && t.digits[Number(s[written.length])]! >= 0) out.add(t.digits[Number(s[written.length])]!);
  }
  return Int32Array.from(out);
}

/**
 * The tokens the site grammar allows after `prefix` (model-vocabulary ids) for a cell with `counts` (atomic number →
 * atoms), or null where it does not constrain the text: outside the space-group symbol and the atom-site rows' element,
 * multiplicity and coordinate fields, or when the text has left the canonical layout (an unknown space group, a row it
 * cannot read). With `contextLength`, space groups and multiplicities that leave more rows than the context can still
 * hold are left out, unless no choice would fit; with `minBondRatio`, z values (with clearance "every", any coordinate's)
 * that put a row's atoms too close to earlier atoms or to each other, unless every allowed value would.
 */
export function siteGrammarTokensAfter(prefix: Int32Array, counts: ReadonlyMap<number, number>, t: SiteGrammarTokens, options: SiteGrammarOptions = {}): Int32Array | null {
  const contextLength = options.contextLength ?? Infinity;
  const n = prefix.length;
  const left = contextLength - n - 1; // tokens that can still be written before <eos>
  if (n >= 2 && prefix[n - 1] === t.tagSeparator && prefix[n - 2] === t.spaceGroupTag) {
    const rows = [...t.spaceGroups].map(([id, sg]) => [id, fewestRows(counts, spaceGroupMultiplicities(sg))] as const).filter(([, r]) => Number.isFinite(r));
    const fitting = rows.filter(([, r]) => 1 + MIN_HEADER_TOKENS + r * MIN_ROW_TOKENS <= left);
    const ids = (fitting.length > 0 ? fitting : rows).map(([id]) => id);
    return ids.length > 0 ? Int32Array.from(ids) : null;
  }
  const header = prefix.lastIndexOf(t.occupancyTag);
  const sgAt = prefix.indexOf(t.spaceGroupTag);
  if (header < 0 || sgAt < 0 || n < header + 2 || prefix[header + 1] !== t.newline) return null;
  const sg = t.spaceGroups.get(prefix[sgAt + 2]!);
  if (sg === undefined) return null;
  const multiplicities = spaceGroupMultiplicities(sg);
  const remaining = new Map(counts);
  const placed: { point: [number, number, number]; z: number }[] = []; // the points of the complete rows
  let row: number[] = [];
  for (let k = header + 2; k < n; k++) {
    const token = prefix[k]!;
    if (token !== t.newline) {
      row.push(token);
      continue;
    }
    const done = readRow(row, t);
    if (!done || !remaining.has(done.z)) return null;
    remaining.set(done.z, remaining.get(done.z)! - done.multiplicity);
    const point = rowFields(row, t).slice(4, 7).map((f) => coordinateValue(f, t));
    if (point.length === 3 && !point.includes(null)) placed.push({ point: point as [number, number, number], z: done.z });
    row = [];
  }
  const atomsLeft = [...remaining.values()].reduce((a, b) => a + b, 0);
  if (row.length === 0) return Int32Array.of(atomsLeft > 0 ? t.fieldSeparator : t.eos);
  if (row.length === 1) return Int32Array.from([...remaining].filter(([z, r]) => r > 0 && t.elements.has(z) && rowMultiplicities(r, multiplicities).length > 0).map(([z]) => t.elements.get(z)!));
  if (row.length === 2) return Int32Array.of(t.fieldSeparator); // the element field is one symbol
  const fields = rowFields(row, t);
  const z = [...t.elements].find(([, id]) => id === row[1])?.[0];
  if (z === undefined || !remaining.has(z)) return null;
  if (fields.length === 4) {
    const valid = rowMultiplicities(remaining.get(z)!, multiplicities);
    const others = fewestRows(new Map([...remaining].filter(([e]) => e !== z)), multiplicities);
    const fitting = valid.filter((m) => MIN_ROW_REST_TOKENS + (others + fewestOrbits(remaining.get(z)! - m, multiplicities)) * MIN_ROW_TOKENS <= left);
    const written = digitText(fields[3]!, t);
    const next = multiplicityContinuations(written, fitting, t);
    return next.length > 0 ? next : multiplicityContinuations(written, valid, t);
  }
  if (fields.length < 5 || fields.length > 7) return null; // the label, or the occupancy: the model's
  const m = Number(digitText(fields[3]!, t));
  const written = fields.slice(4, -1).map((f) => coordinateValue(f, t));
  if (written.some((w) => w === null)) return null;
  const occupied = placed.map((p) => ({ images: rowImages(sg, p.point), z: p.z }));
  const constrained = written.length === 2 || options.clearance === "every";
  const clearance = options.minBondRatio !== undefined && constrained ? cellClearance(prefix, t, options.minBondRatio, occupied) : null;
  return coordinateContinuations(sg, m, written as number[], fields[fields.length - 1]!, t, occupied.map((o) => o.images), clearance && { ctx: clearance, z, every: options.clearance === "every" });
}

/** The clearance context of the cell the text states (its _cell lines), or null when they cannot be read. */
function cellClearance(prefix: Int32Array, t: SiteGrammarTokens, minRatio: number, placed: ClearanceContext["placed"]): ClearanceContext | null {
  const cell: number[] = [];
  for (const tag of t.cellTags) {
    const at = tag < 0 ? -1 : prefix.indexOf(tag);
    if (at < 0 || prefix[at + 1] !== t.tagSeparator) return null;
    let text = "";
    for (let k = at + 2; k < prefix.length && prefix[k] !== t.newline; k++) text += prefix[k] === t.point ? "." : String(t.digits.indexOf(prefix[k]!));
    const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value)) return null;
    cell.push(value);
  }
  return clearanceContext(cell, minRatio, placed);
}

/** A row's fields, split at the field separators (the first, before the indent, is empty). */
function rowFields(row: readonly number[], t: SiteGrammarTokens): number[][] {
  const fields: number[][] = [[]];
  for (const x of row) {
    if (x === t.fieldSeparator) fields.push([]);
    else fields[fields.length - 1]!.push(x);
  }
  return fields;
}

/** The digits of a field as text (a token that is not a digit shows as -1). */
function digitText(field: readonly number[], t: SiteGrammarTokens): string {
  return field.map((d) => t.digits.indexOf(d)).join("");
}

/** The decimals of a written coordinate field "0.dddd" (the canonical layout), or null for anything else. */
function coordinateDigits(field: readonly number[], t: SiteGrammarTokens): number[] | null {
  if (field.length >= 1 && field[0] !== t.digits[0]) return null;
  if (field.length >= 2 && field[1] !== t.point) return null;
  const decimals = field.slice(2).map((d) => t.digits.indexOf(d));
  return decimals.length <= COORDINATE_DECIMALS && !decimals.includes(-1) ? decimals : null;
}

function coordinateValue(field: readonly number[], t: SiteGrammarTokens): number | null {
  const d = coordinateDigits(field, t);
  return d && field.length === 2 + COORDINATE_DECIMALS ? Number(`0.${d.join("")}`) : null;
}

/** Decimals of every coordinate in the canonical CIF. */
const COORDINATE_DECIMALS = 4;

/**
 * The tokens that keep a coordinate field on an orbit of multiplicity m: "0", ".", then each decimal whose interval
 * some such point reaches — from the second decimal on, a point the row can still be completed from to exactly m atoms,
 * none on an atom of an earlier row (`occupied`); at the last decimal, a value it can — falling back to every reachable
 * decimal when none qualifies; of those, with `clearance`, the decimals whose interval holds a value that keeps the
 * row's atoms (element `z`) clear, when some do (for x and y: some completion of the row keeps clear of its own images,
 * and of earlier atoms when the orbit fixes the rest); then the separator.
 */
function coordinateContinuations(sg: number, m: number, written: readonly number[], field: readonly number[], t: SiteGrammarTokens, occupied: readonly Float64Array[], clearance: { ctx: ClearanceContext; z: number; every: boolean } | null): Int32Array | null {
  const decimals = coordinateDigits(field, t);
  if (!decimals) return null;
  if (field.length === 0) return Int32Array.of(t.digits[0]!);
  if (field.length === 1) return Int32Array.of(t.point);
  if (decimals.length === COORDINATE_DECIMALS) return Int32Array.of(t.fieldSeparator);
  const last = decimals.length + 1 === COORDINATE_DECIMALS;
  const width = last ? 0 : 10 ** -(decimals.length + 1); // the last decimal fixes the value; earlier ones an interval
  const valueOf = (d: number) => Number(`0.${decimals.join("")}${d}`);
  const reachable: number[] = [];
  for (let d = 0; d <= 9; d++) if (t.digits[d]! >= 0 && coordinateFeasible(sg, m, written, valueOf(d), valueOf(d) + width)) reachable.push(d);
  if (reachable.length === 0) return null;
  let allowed = reachable;
  if (!last && decimals.length > 0) {
    // Narrow intervals can lie wholly within the merge distance of a more special point: keep those with a way out.
    const completable = reachable.filter((d) => coordinateFeasible(sg, m, written, valueOf(d), valueOf(d) + width, { occupied }));
    if (completable.length > 0) allowed = completable;
  }
  if (last) {
    const exact = reachable.filter((d) => rowCompletable(sg, m, [...written, valueOf(d)], occupied));
    if (exact.length > 0) allowed = exact;
  }
  if (clearance) {
    const axis = written.length;
    // "every" also tries the values a subspace fixes where another leaves the coordinate free (z alone: the grid then)
    const probes = (lo: number, hi: number) => {
      if (!clearance.every) return intervalProbes(axis, lo, hi, coordinateValuesIn(sg, m, written, lo, hi), clearance.ctx);
      const { values, free } = coordinateOptionsIn(sg, m, written, lo, hi);
      return free ? [...values, ...intervalProbes(axis, lo, hi, "free", clearance.ctx)] : values;
    };
    const clear = allowed.filter((d) => probes(valueOf(d), valueOf(d) + width)
      .some((u) => {
        const { points, free } = rowCompletions(sg, m, [...written, u]);
        return points.some((p) => pointClear(sg, m, p, clearance.z, clearance.ctx, free));
      }));
    if (clear.length > 0) allowed = clear;
  }
  return Int32Array.from(allowed, (d) => t.digits[d]!);
}

/** The element and multiplicity of a complete atom-site row ("  El  Label  m  x  y  z  occ"), or null. */
function readRow(row: readonly number[], t: SiteGrammarTokens): { z: number; multiplicity: number } | null {
  const z = [...t.elements].find(([, id]) => id === row[1])?.[0];
  const digits = rowFields(row, t)[3]?.map((d) => t.digits.indexOf(d)) ?? [];
  if (z === undefined || digits.length === 0 || digits.includes(-1)) return null;
  return { z, multiplicity: Number(digits.join("")) };
}

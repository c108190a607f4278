// CIF → Structure: cell, symmetry operations, asymmetric-unit expansion with merging of symmetry-equivalent images.
import { tryAtomicNumber } from "../elements.js";
import { CifParseError, CrystalError, ParseError } from "../errors.js";
import { type Lattice, cartToFrac, latticeFromParameters, latticeParameters } from "../lattice.js";
import { type Structure, makeStructure } from "../structure.js";
import { type CifBlock, cifIsNull, cifNumber, cifString, parseCifBlocksTransient } from "./cif-blocks.js";
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
}

const OP_TAGS = ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"];
const SG_SYMBOL_TAGS = ["_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt", "_space_group_name_h-m"];
const SG_NUMBER_TAGS = ["_symmetry_int_tables_number", "_space_group_it_number"];
const CELL_TAGS = ["_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"];
const IDENTITY: XyzOperation = parseXyzOperation("x,y,z");

/** A column of the atom-site table: the token of row r is `base + r * stride`. */
interface Column {
  base: number;
  stride: number;
}

function column(block: CifBlock, tag: string, loopIndex: number): Column | undefined {
  if (loopIndex < 0) {
    const k = block.items.get(tag);
    return k === undefined ? undefined : { base: k, stride: 0 };
  }
  const at = block.looped.get(tag);
  if (!at || at[0] !== loopIndex) return undefined;
  const loop = block.loops[loopIndex]!;
  return { base: loop.first + at[1], stride: loop.tags.length };
}

/** Atomic number from a CIF type symbol or label: "Fe", "Fe3+", "O2-", "Fe1", "Ca2a"; undefined when none. */
export function cifElement(symbol: string): number | undefined {
  let j = 0;
  while (j < symbol.length) {
    const c = symbol.charCodeAt(j) | 0x20;
    if (c < 97 || c > 122) break;
    j++;
  }
  if (j === 0) return undefined;
  const letters = symbol.slice(0, j);
  // pymatgen's rule: a second letter belongs to the symbol only when it is lower case ("Fe1", but "CO1" is carbon).
  if (j >= 2 && letters.charCodeAt(1) >= 97) {
    const z = tryAtomicNumber(letters.slice(0, 2));
    if (z !== undefined) return z;
  }
  const one = letters[0]!;
  if (one === "D" || one === "T") return 1; // deuterium, tritium
  return tryAtomicNumber(one);
}

function spaceGroupOf(block: CifBlock): { info?: { number?: number; symbol?: string }; line: number } {
  const t = block.tokens;
  let symbol: string | undefined;
  let number: number | undefined;
  let line = block.line;
  for (const tag of SG_SYMBOL_TAGS) {
    const k = block.items.get(tag);
    if (k !== undefined && !cifIsNull(t, k)) { symbol = cifString(t, k)!.trim(); line = t.lines[k]!; break; }
  }
  for (const tag of SG_NUMBER_TAGS) {
    const k = block.items.get(tag);
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
  return { info: { ...(number !== undefined ? { number } : {}), ...(symbol !== undefined ? { symbol } : {}) }, line };
}

function symmetryOperations(block: CifBlock, file: string, warnings: string[], sg: ReturnType<typeof spaceGroupOf>, lattice: Lattice): XyzOperation[] {
  const t = block.tokens;
  for (const tag of OP_TAGS) {
    const tokens: number[] = [];
    const at = block.looped.get(tag);
    if (at) {
      const loop = block.loops[at[0]]!;
      for (let r = 0; r < loop.rows; r++) tokens.push(loop.first + r * loop.tags.length + at[1]);
    } else {
      const k = block.items.get(tag);
      if (k !== undefined) tokens.push(k);
    }
    if (tokens.length === 0) continue;
    const ops: XyzOperation[] = [];
    for (const k of tokens) {
      const s = cifString(t, k);
      if (s === undefined) throw new CifParseError(file, t.lines[k]!, `${tag} value is '?' or '.'`);
      try {
        ops.push(parseXyzOperation(s, file, t.lines[k]!));
      } catch (e) {
        if (e instanceof ParseError) throw new CifParseError(file, t.lines[k]!, `bad symmetry operation under ${tag}: ${e.reason}`);
        throw e;
      }
    }
    return ops;
  }
  const sym = sg.info?.symbol?.replace(/[\s_]/g, "").toLowerCase();
  const number = sg.info?.number;
  if ((number === 1 && (sym === undefined || sym === "p1")) || (sym === "p1" && number === undefined)) return [IDENTITY];
  if (!sg.info) {
    warnings.push("no symmetry operations and no space group given: assuming P1 (every atom listed)");
    return [IDENTITY];
  }
  const fromSymbol = operationsFromSpaceGroupSymbol(sg.info.symbol, sg.info.number, latticeParameters(lattice));
  if ("operations" in fromSymbol) {
    warnings.push(`no symmetry operations listed: used the ${fromSymbol.operations.length} operations of the standard setting of ${sg.info.symbol ?? `space group ${sg.info.number}`}`);
    return fromSymbol.operations;
  }
  throw new CifParseError(
    file,
    sg.line,
    `data block '${block.name}' gives space group ${sg.info.symbol ?? ""}${sg.info.number !== undefined ? ` (No. ${sg.info.number})` : ""} but no symmetry operations ` +
      `(_symmetry_equiv_pos_as_xyz or _space_group_symop_operation_xyz), and the operations cannot be inferred safely: ${fromSymbol.reason}`,
  );
}

function cellOf(block: CifBlock, file: string): Lattice {
  const t = block.tokens;
  const v: number[] = [];
  for (const tag of CELL_TAGS) {
    const k = block.items.get(tag);
    if (k === undefined) throw new CifParseError(file, block.line, `data block '${block.name}' has atom sites but no ${tag}`);
    const x = cifNumber(t, k);
    if (!(x > 0)) throw new CifParseError(file, t.lines[k]!, `${tag} is '${cifString(t, k) ?? "?"}' (expected a positive number)`);
    v.push(x);
  }
  try {
    return latticeFromParameters(v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!);
  } catch (e) {
    if (e instanceof CrystalError) throw new CifParseError(file, block.line, `impossible cell: ${e.message}`);
    throw e;
  }
}

/** Index of the loop holding the atom sites (-1 for non-looped items, undefined when the block has none). */
function atomSiteLoop(block: CifBlock): { loop: number; cartesian: boolean } | undefined {
  for (const [tag, cartesian] of [["_atom_site_fract_x", false], ["_atom_site_cartn_x", true]] as const) {
    const at = block.looped.get(tag);
    if (at) return { loop: at[0], cartesian };
    if (block.items.has(tag)) return { loop: -1, cartesian };
  }
  return undefined;
}

/** True when the block lists atom sites. */
function hasAtoms(block: CifBlock): boolean {
  return atomSiteLoop(block) !== undefined;
}

function periodicClose(a: number, b: number, tol: number): boolean {
  let d = a - b;
  d -= Math.round(d);
  return d <= tol && d >= -tol;
}

function wrap(x: number): number {
  const w = x - Math.floor(x);
  return w >= 1 ? 0 : w;
}

/** The first position whose sites' occupancies sum to more than 1 (+1e-3), if any (fractional, periodic, within tol). */
function overfilledPosition(frac: readonly number[], occ: readonly number[], tol: number): { at: number[]; sum: number } | undefined {
  const n = occ.length;
  for (let i = 0; i < n; i++) {
    let sum = occ[i]!;
    for (let j = 0; j < n; j++) {
      if (j !== i && periodicClose(frac[3 * i]!, frac[3 * j]!, tol) && periodicClose(frac[3 * i + 1]!, frac[3 * j + 1]!, tol) && periodicClose(frac[3 * i + 2]!, frac[3 * j + 2]!, tol))
        sum += occ[j]!;
    }
    if (sum > 1 + 1e-3) return { at: frac.slice(3 * i, 3 * i + 3), sum };
  }
  return undefined;
}

/** The asymmetric unit as listed: one entry per usable atom-site row. */
interface AsymmetricSites {
  species: number[];
  /** Fractional coordinates (not wrapped), 3 per site. */
  frac: number[];
  occupancies: number[];
  labels: string[];
  /** Number of rows with occupancy below 1. */
  partial: number;
}

/** pymatgen's CifParser replaces finite-precision thirds (0.3333, 0.66667) by 1/3 and 2/3 before applying symmetry. */
function snapThirds(v: number): number {
  if (Math.abs(1 - 3 * v) < 1e-4) return 1 / 3;
  if (Math.abs(1 - 1.5 * v) < 1e-4) return 2 / 3;
  return v;
}

/** Occupancy of one row: 1 for '?' or '.', a warning and 1 for 1 < o ≤ 1.05, undefined (skip, warned) for o ≤ 0. */
function occupancyOf(block: CifBlock, file: string, col: Column | undefined, r: number, name: string, warnings: string[]): number | undefined {
  if (!col) return 1;
  const t = block.tokens;
  const k = col.base + r * col.stride;
  if (cifIsNull(t, k)) return 1;
  const o = cifNumber(t, k);
  if (Number.isNaN(o)) throw new CifParseError(file, t.lines[k]!, `site '${name}': occupancy '${cifString(t, k)}' is not a number`);
  if (o <= 0) {
    warnings.push(`site '${name}' (line ${t.lines[k]}) has occupancy ${o}: skipped`);
    return undefined;
  }
  if (o > 1 + 1e-6) {
    if (o > 1.05) throw new CifParseError(file, t.lines[k]!, `site '${name}': occupancy ${o} is above 1`);
    warnings.push(`site '${name}' (line ${t.lines[k]}) has occupancy ${o} > 1: set to 1`);
  }
  return Math.min(o, 1);
}

/** Reads the atom-site rows of a block (fractional or Cartesian coordinates, element, occupancy, label). */
function readAsymmetricSites(block: CifBlock, file: string, lattice: Lattice, warnings: string[]): AsymmetricSites {
  const t = block.tokens;
  const site = atomSiteLoop(block)!;
  const loopLine = site.loop < 0 ? block.line : block.loops[site.loop]!.line;
  const rows = site.loop < 0 ? 1 : block.loops[site.loop]!.rows;
  const axes = site.cartesian ? ["_atom_site_cartn_x", "_atom_site_cartn_y", "_atom_site_cartn_z"] : ["_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z"];
  const [cx, cy, cz] = axes.map((tag) => {
    const c = column(block, tag, site.loop);
    if (!c) throw new CifParseError(file, loopLine, `atom sites have ${axes[0]} but no ${tag} in the same loop`);
    return c;
  }) as [Column, Column, Column];
  const typeCol = column(block, "_atom_site_type_symbol", site.loop);
  const labelCol = column(block, "_atom_site_label", site.loop);
  const occCol = column(block, "_atom_site_occupancy", site.loop);
  if (!typeCol && !labelCol) throw new CifParseError(file, loopLine, "atom sites have neither _atom_site_type_symbol nor _atom_site_label");
  const inv = site.cartesian ? cartToFrac(lattice, [1, 0, 0, 0, 1, 0, 0, 0, 1]) : undefined;
  const out: AsymmetricSites = { species: [], frac: [], occupancies: [], labels: [], partial: 0 };
  let snapped = false;
  for (let r = 0; r < rows; r++) {
    const kx = cx.base + r * cx.stride, ky = cy.base + r * cy.stride, kz = cz.base + r * cz.stride;
    const line = t.lines[kx]!;
    const label = labelCol ? cifString(t, labelCol.base + r * labelCol.stride) : undefined;
    const typeSymbol = typeCol ? cifString(t, typeCol.base + r * typeCol.stride) : undefined;
    const name = label ?? typeSymbol ?? `site ${r + 1}`;
    let x = cifNumber(t, kx), y = cifNumber(t, ky), z = cifNumber(t, kz);
    if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(z)) {
      const ks = [kx, ky, kz];
      if (ks.some((k) => cifIsNull(t, k))) {
        warnings.push(`site '${name}' (line ${line}) has an unknown coordinate ('?' or '.'): skipped`);
        continue;
      }
      const bad = ks.find((k) => Number.isNaN(cifNumber(t, k)))!;
      throw new CifParseError(file, t.lines[bad]!, `site '${name}': coordinate '${cifString(t, bad)}' is not a number`);
    }
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
    const zNum = (typeSymbol !== undefined ? cifElement(typeSymbol) : undefined) ?? (label !== undefined ? cifElement(label) : undefined);
    if (zNum === undefined) throw new CifParseError(file, line, `site '${name}': cannot tell the element from '${typeSymbol ?? label}'`);
    const o = occupancyOf(block, file, occCol, r, name, warnings);
    if (o === undefined) continue;
    if (o < 1) out.partial++;
    out.species.push(zNum);
    out.frac.push(x, y, z);
    out.occupancies.push(o);
    out.labels.push(label ?? `${typeSymbol}${r}`);
  }
  return out;
}

/**
 * Applies the operations to every site of the asymmetric unit, wraps into [0, 1) and drops images within `tol`
 * (fractional, periodic) of an earlier image of the same site. Images keep their site's species, occupancy and label.
 */
function expandSites(asym: AsymmetricSites, ops: readonly XyzOperation[], tol: number): Omit<AsymmetricSites, "partial"> {
  if (ops.length === 1 && isIdentityXyzOperation(ops[0]!)) return { ...asym, frac: asym.frac.map(wrap) };
  const out: Omit<AsymmetricSites, "partial"> = { species: [], frac: [], occupancies: [], labels: [] };
  const frac = out.frac;
  for (let i = 0; i < asym.species.length; i++) {
    const x = asym.frac[3 * i]!, y = asym.frac[3 * i + 1]!, z = asym.frac[3 * i + 2]!;
    const start = frac.length;
    for (const op of ops) {
      const R = op.rotation, tr = op.translation;
      const nx = wrap(R[0]! * x + R[1]! * y + R[2]! * z + tr[0]!);
      const ny = wrap(R[3]! * x + R[4]! * y + R[5]! * z + tr[1]!);
      const nz = wrap(R[6]! * x + R[7]! * y + R[8]! * z + tr[2]!);
      let dup = false;
      for (let j = start; j < frac.length && !dup; j += 3)
        dup = periodicClose(nx, frac[j]!, tol) && periodicClose(ny, frac[j + 1]!, tol) && periodicClose(nz, frac[j + 2]!, tol);
      if (dup) continue;
      out.species.push(asym.species[i]!);
      frac.push(nx, ny, nz);
      out.occupancies.push(asym.occupancies[i]!);
      out.labels.push(asym.labels[i]!);
    }
  }
  return out;
}

/** Builds the structure of one block that has atom sites. */
function readBlock(block: CifBlock, file: string, tol: number): CifEntry {
  const warnings: string[] = [];
  const lattice = cellOf(block, file);
  const sg = spaceGroupOf(block);
  const ops = symmetryOperations(block, file, warnings, sg, lattice);
  const asym = readAsymmetricSites(block, file, lattice, warnings);
  if (asym.species.length === 0) throw new CifParseError(file, block.line, `data block '${block.name}' has no usable atom sites`);
  const { species, frac, occupancies, labels } = expandSites(asym, ops, tol);
  const disordered = asym.partial > 0;
  if (disordered) {
    warnings.push(`partial occupancy: ${asym.partial} site(s) of the asymmetric unit have occupancy below 1 (kept on structure.occupancies)`);
    const over = overfilledPosition(frac, occupancies, tol);
    if (over) warnings.push(`the occupancies of the sites at (${over.at.map((v) => v.toFixed(4)).join(", ")}) sum to ${Number(over.sum.toFixed(6))} > 1`);
  }
  let structure: Structure;
  try {
    structure = makeStructure({ lattice, species, fracCoords: frac, labels, ...(disordered ? { occupancies } : {}) });
  } catch (e) {
    if (e instanceof CrystalError) throw new CifParseError(file, block.line, e.message);
    throw e;
  }
  return { block: block.name, structure, warnings, ...(sg.info ? { spaceGroup: sg.info } : {}), disordered };
}

/**
 * Reads every data block of a CIF that lists atom sites (blocks without atoms, such as a global metadata block, are
 * skipped). Symmetry operations expand the asymmetric unit; images of one site closer than `siteTolerance`
 * (fractional, periodic) are merged and keep the site's label. Throws CifParseError naming file and line.
 */
export function readCifs(text: string, options: CifReadOptions = {}): CifEntry[] {
  const file = options.file ?? "<string>";
  const tol = options.siteTolerance ?? 1e-3;
  const blocks = parseCifBlocksTransient(text, file);
  if (blocks.length === 0) throw new CifParseError(file, 0, "no data_ block");
  return blocks.filter(hasAtoms).map((b) => readBlock(b, file, tol));
}

/**
 * Reads the first data block of a CIF that lists atom sites, as a Structure with fractional coordinates in [0, 1)
 * (and `occupancies` when some site is partially occupied). Throws CifParseError when no block has atoms.
 */
export function readCif(text: string, options: CifReadOptions = {}): Structure {
  const file = options.file ?? "<string>";
  const blocks = parseCifBlocksTransient(text, file);
  if (blocks.length === 0) throw new CifParseError(file, 0, "no data_ block");
  const block = blocks.find(hasAtoms);
  if (!block) throw new CifParseError(file, blocks[0]!.line, "no data block lists atom sites (_atom_site_fract_x or _atom_site_Cartn_x)");
  return readBlock(block, file, options.siteTolerance ?? 1e-3).structure;
}

// Structure → CIF text in the layout of pymatgen's CifWriter (P1 by default, or symmetrised with symprec).
import { composition, fullFormula, reducedComposition, reducedFormula } from "../composition.js";
import { element, elementSymbol } from "../elements.js";
import { latticeParameters, latticeVolume } from "../lattice.js";
import { type Structure, wrapStructure } from "../structure.js";
import { analyzeSymmetry, spaceGroupInfo, standardConventionalCell } from "../symmetry/index.js";
import { formatXyzOperation } from "./symmetry-ops.js";

/** Options of writeCif. */
export interface CifWriteOptions {
  /**
   * Symmetry tolerance (Å). When given, the structure is refined to its standard conventional cell (spglib setting,
   * as pymatgen's CifWriter with `symprec`) and the CIF lists the asymmetric unit plus the space group's operations.
   */
  symprec?: number;
}

const MAXLEN = 70; // pymatgen's CifBlock.maxlen

/** Greedy word wrap at `width` (textwrap.fill for single-spaced words). */
function wrapWords(v: string, width: number): string {
  const out: string[] = [];
  let line = "";
  for (const w of v.split(/\s+/)) {
    if (line && line.length + 1 + w.length > width) { out.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.join("\n");
}

/** A CIF value quoted as pymatgen's CifBlock._format_field does. */
function formatField(value: string): string {
  const v = value.trim();
  if (v.length > MAXLEN) return `;\n${wrapWords(v, MAXLEN)}\n;`;
  if (v === "") return '""';
  const quoted = (v[0] === "'" && v.endsWith("'")) || (v[0] === '"' && v.endsWith('"'));
  if ((v.includes(" ") || v[0] === "_") && !quoted) {
    const q = v.includes("'") ? '"' : "'";
    return q + v + q;
  }
  return v;
}

function itemLine(tag: string, value: string): string {
  const v = formatField(value);
  return tag.length + v.length + 3 < MAXLEN ? `${tag}   ${v}` : `${tag}\n${v}`;
}

function loopText(tags: readonly string[], columns: readonly (readonly string[])[]): string {
  let s = "loop_";
  for (const t of tags) s += `\n ${t}`;
  const rows = columns[0]?.length ?? 0;
  for (let r = 0; r < rows; r++) {
    let line = "\n";
    for (const col of columns) {
      const val = formatField(col[r]!);
      if (val[0] === ";") { s += `${line}\n${val}`; line = "\n"; }
      else if (line.length + val.length + 2 < MAXLEN) line += `  ${val}`;
      else { s += line; line = `\n  ${val}`; }
    }
    s += line;
  }
  return s;
}

const fixed8 = (x: number) => x.toFixed(8);

/** An occupancy as Python's str(float) prints it for the usual values ("1", "0.5"). */
function formatOccupancy(o: number): string {
  return o === 1 ? "1" : String(o);
}

/** Space group and asymmetric unit of the refined structure, ordered as pymatgen's CifWriter orders them. */
function symmetrisedSites(structure: Structure, symprec: number) {
  const cell = wrapStructure(standardConventionalCell(structure, { symprec, setting: "Spglib" }));
  const sym = analyzeSymmetry(cell, { symprec, setting: "Spglib" });
  const f = cell.fracCoords;
  const orbitSites = new Map<number, number[]>();
  sym.orbits.forEach((r, i) => {
    const list = orbitSites.get(r);
    if (list) list.push(i);
    else orbitSites.set(r, [i]);
  });
  const absKey = (i: number) => [Math.abs(f[3 * i]!), Math.abs(f[3 * i + 1]!), Math.abs(f[3 * i + 2]!)];
  const lexLess = (p: number[], q: number[]) => p[0]! - q[0]! || p[1]! - q[1]! || p[2]! - q[2]!;
  // Representative: the orbit's site with the lexicographically smallest |fractional coordinates|; orbits sorted by
  // electronegativity, then multiplicity (descending), then coordinates.
  const reps = [...orbitSites.values()].map((sites) => ({ site: sites.reduce((m, i) => (lexLess(absKey(i), absKey(m)) < 0 ? i : m)), mult: sites.length }));
  const chi = (i: number) => element(cell.species[i]!).pauling;
  reps.sort((p, q) => chi(p.site) - chi(q.site) || q.mult - p.mult || lexLess([...f.subarray(3 * p.site, 3 * p.site + 3)], [...f.subarray(3 * q.site, 3 * q.site + 3)]));
  return {
    cell,
    number: sym.number,
    symbol: spaceGroupSymbol(sym.number),
    operations: sym.operations.map(formatXyzOperation),
    sites: reps.map((r) => r.site),
    mult: reps.map((r) => r.mult),
  };
}

/** The CIF items that follow from a cell's composition alone. */
export type FormulaItemTag = "_chemical_formula_structural" | "_chemical_formula_sum" | "_cell_formula_units_Z";

/**
 * The item lines writeCif prints for a cell's composition: the reduced formula, the cell's formula and Z (formula
 * units per cell), each as `tag   value` (pymatgen's layout).
 */
export function formulaItemLines(species: ArrayLike<number>, occupancies?: ArrayLike<number>): Record<FormulaItemTag, string> {
  const { factor } = reducedComposition(composition(species, occupancies));
  return {
    _chemical_formula_structural: itemLine("_chemical_formula_structural", reducedFormula(species, occupancies)),
    _chemical_formula_sum: itemLine("_chemical_formula_sum", fullFormula(species, occupancies)),
    _cell_formula_units_Z: itemLine("_cell_formula_units_Z", String(Math.trunc(factor))),
  };
}

/** Short Hermann–Mauguin symbol without spaces, as spglib/pymatgen print it ("Fm-3m", "P6_3/mmc"). */
function spaceGroupSymbol(number: number): string {
  return spaceGroupInfo(number).hmShort.replace(/ /g, "");
}

/**
 * Writes a structure as CIF text in the layout of pymatgen's CifWriter: `data_<reduced formula>`, space group
 * `P 1` with the single operation `x, y, z`, cell lengths (Å) and angles (degrees) with 8 decimals, volume (Å³), Z,
 * formulae, and one atom-site row per site (label = element + running index, occupancy when partial).
 * With `symprec` (Å), writes the standard conventional cell's asymmetric unit (one row per orbit, with its
 * multiplicity) and the space group's operations instead, like CifWriter(structure, symprec); throws SymmetryError for
 * a disordered structure.
 */
export function writeCif(structure: Structure, options: CifWriteOptions = {}): string {
  const sym = options.symprec !== undefined ? symmetrisedSites(structure, options.symprec) : undefined;
  const s = sym ? sym.cell : structure;
  const { species, fracCoords: f } = s;
  const occ = s.occupancies;
  const p = latticeParameters(s.lattice);
  const header = reducedFormula(species, occ);
  const lines: string[] = ["# generated using crystal-workbench", `data_${header.slice(0, 74)}`];
  lines.push(itemLine("_symmetry_space_group_name_H-M", sym ? sym.symbol : "P 1"));
  lines.push(itemLine("_cell_length_a", fixed8(p.a)), itemLine("_cell_length_b", fixed8(p.b)), itemLine("_cell_length_c", fixed8(p.c)));
  lines.push(itemLine("_cell_angle_alpha", fixed8(p.alpha)), itemLine("_cell_angle_beta", fixed8(p.beta)), itemLine("_cell_angle_gamma", fixed8(p.gamma)));
  lines.push(itemLine("_symmetry_Int_Tables_number", String(sym ? sym.number : 1)));
  const formula = formulaItemLines(species, occ);
  lines.push(formula._chemical_formula_structural, formula._chemical_formula_sum);
  lines.push(itemLine("_cell_volume", fixed8(latticeVolume(s.lattice))));
  lines.push(formula._cell_formula_units_Z);
  const ops = sym ? sym.operations : ["x, y, z"];
  lines.push(loopText(["_symmetry_equiv_pos_site_id", "_symmetry_equiv_pos_as_xyz"], [ops.map((_, i) => String(i + 1)), ops]));
  const sites = sym ? sym.sites : Array.from(species, (_, i) => i);
  const cols: string[][] = [[], [], [], [], [], [], []];
  sites.forEach((i, count) => {
    const el = elementSymbol(species[i]!);
    cols[0]!.push(el);
    cols[1]!.push(`${el}${count}`);
    cols[2]!.push(String(sym ? sym.mult[count] : 1));
    cols[3]!.push(fixed8(f[3 * i]!));
    cols[4]!.push(fixed8(f[3 * i + 1]!));
    cols[5]!.push(fixed8(f[3 * i + 2]!));
    cols[6]!.push(formatOccupancy(occ ? occ[i]! : 1));
  });
  lines.push(
    loopText(
      ["_atom_site_type_symbol", "_atom_site_label", "_atom_site_symmetry_multiplicity", "_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z", "_atom_site_occupancy"],
      cols,
    ),
  );
  return `${lines.join("\n")}\n`;
}

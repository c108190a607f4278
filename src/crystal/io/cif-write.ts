// Structure → CIF text in the layout of pymatgen's CifWriter (P1 by default, or symmetrised with symprec).
import { composition, fullFormula, reducedComposition, reducedFormula } from "../composition.js";
import { elementSymbol } from "../elements.js";
import { latticeParameters, latticeVolume } from "../lattice.js";
import type { Structure } from "../structure.js";
import { type XyzOperation, formatXyzOperation } from "./symmetry-ops.js";

/** What writeCif needs from a symmetry analysis (the shape of `analyzeSymmetry` in src/crystal/symmetry). */
export interface CifSymmetryInfo {
  /** International space-group number 1–230. */
  readonly number: number;
  /** Hermann–Mauguin symbol, e.g. "Fm-3m". */
  readonly hmSymbol: string;
  /** Operations on fractional coordinates of the structure's own cell. */
  readonly operations: readonly XyzOperation[];
  /** For each site, the index of its orbit's representative site. */
  readonly orbits: readonly number[];
}

/** Options of writeCif. */
export interface CifWriteOptions {
  /**
   * When given, the CIF lists the asymmetric unit plus the space group's operations. `symmetry` must then hold the
   * analysis of the structure at this tolerance (Å), e.g. `analyzeSymmetry(s, { symprec })`.
   */
  symprec?: number;
  symmetry?: CifSymmetryInfo;
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

/**
 * Writes a structure as CIF text in the layout of pymatgen's CifWriter: `data_<reduced formula>`, space group
 * `P 1` with the single operation `x, y, z`, cell lengths (Å) and angles (degrees) with 8 decimals, volume (Å³), Z,
 * formulae, and one atom-site row per site (label = element + running index, occupancy when partial).
 * With `symprec` and `symmetry`, writes the asymmetric unit (one row per orbit, with its multiplicity) and the
 * space group's operations instead.
 */
export function writeCif(structure: Structure, options: CifWriteOptions = {}): string {
  const { species, fracCoords: f } = structure;
  const occ = structure.occupancies;
  const sym = options.symprec !== undefined ? options.symmetry : undefined;
  if (options.symprec !== undefined && !sym) throw new TypeError("writeCif: symprec needs the symmetry analysis in options.symmetry (analyzeSymmetry(s, { symprec }))");
  const p = latticeParameters(structure.lattice);
  const header = reducedFormula(species, occ);
  const { factor } = reducedComposition(composition(species, occ));
  const lines: string[] = ["# generated using pymatgen", `data_${header.slice(0, 74)}`];
  lines.push(itemLine("_symmetry_space_group_name_H-M", sym ? sym.hmSymbol : "P 1"));
  lines.push(itemLine("_cell_length_a", fixed8(p.a)), itemLine("_cell_length_b", fixed8(p.b)), itemLine("_cell_length_c", fixed8(p.c)));
  lines.push(itemLine("_cell_angle_alpha", fixed8(p.alpha)), itemLine("_cell_angle_beta", fixed8(p.beta)), itemLine("_cell_angle_gamma", fixed8(p.gamma)));
  lines.push(itemLine("_symmetry_Int_Tables_number", String(sym ? sym.number : 1)));
  lines.push(itemLine("_chemical_formula_structural", header));
  lines.push(itemLine("_chemical_formula_sum", fullFormula(species, occ)));
  lines.push(itemLine("_cell_volume", fixed8(latticeVolume(structure.lattice))));
  lines.push(itemLine("_cell_formula_units_Z", String(Math.trunc(factor))));
  const ops = sym ? sym.operations.map(formatXyzOperation) : ["x, y, z"];
  lines.push(loopText(["_symmetry_equiv_pos_site_id", "_symmetry_equiv_pos_as_xyz"], [ops.map((_, i) => String(i + 1)), ops]));
  let sites: number[];
  let mult: number[];
  if (sym) {
    const counts = new Map<number, number>();
    for (const r of sym.orbits) counts.set(r, (counts.get(r) ?? 0) + 1);
    sites = [...counts.keys()];
    mult = sites.map((r) => counts.get(r)!);
  } else {
    sites = Array.from(species, (_, i) => i);
    mult = sites.map(() => 1);
  }
  const cols: string[][] = [[], [], [], [], [], [], []];
  sites.forEach((i, count) => {
    const el = elementSymbol(species[i]!);
    cols[0]!.push(el);
    cols[1]!.push(`${el}${count}`);
    cols[2]!.push(String(mult[count]));
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

// VASP POSCAR / CONTCAR: VASP 5 (species line) and VASP 4 (species from a hint or the comment line), Direct or Cartesian.
import { elementSymbol, tryAtomicNumber } from "../elements.js";
import { CrystalError, ParseError, StructureError } from "../errors.js";
import { cartToFrac, latticeFromMatrix, latticeVolume } from "../lattice.js";
import { type Structure, makeStructure, wrapFracCoords } from "../structure.js";

/** Options of readPoscar. */
export interface PoscarReadOptions {
  /** File name or label for error messages. */
  file?: string;
  /** Element symbols for a VASP 4 file (no species line), one per count, e.g. ["Sr", "Ti", "O"]. */
  species?: readonly string[];
}

function splitWords(line: string): string[] {
  const w = line.trim().split(/\s+/);
  return w.length === 1 && w[0] === "" ? [] : w;
}

/**
 * Reads a POSCAR/CONTCAR. Scale factor: one positive number multiplies the lattice, a negative one is the cell volume
 * (Å³), three numbers scale each axis. Selective-dynamics flags and anything after the coordinates (velocities) are
 * ignored. Fractional coordinates are wrapped into [0, 1). Throws ParseError("POSCAR", file, line, reason).
 */
export function readPoscar(text: string, options: PoscarReadOptions = {}): Structure {
  const file = options.file ?? "<string>";
  const lines = text.split(/\r\n|\r|\n/);
  const fail = (line: number, reason: string): never => {
    throw new ParseError("POSCAR", file, line, reason);
  };
  const lineAt = (i: number): string => {
    if (i >= lines.length || (i === lines.length - 1 && lines[i] === "")) fail(i + 1, "the file ends early (truncated?)");
    return lines[i]!;
  };
  const numbers = (i: number, count: number, what: string): number[] => {
    const w = splitWords(lineAt(i));
    if (w.length < count) fail(i + 1, `expected ${count} numbers for ${what}, found ${w.length}`);
    const v = w.slice(0, count).map(Number);
    if (!v.every(Number.isFinite)) fail(i + 1, `${what} is not numeric: '${lines[i]!.trim().slice(0, 60)}'`);
    return v;
  };
  const comment = lineAt(0).trim();
  const scaleWords = splitWords(lineAt(1));
  const scale = scaleWords.length >= 3 && scaleWords.slice(0, 3).every((x) => Number.isFinite(Number(x))) ? numbers(1, 3, "the scale factors") : numbers(1, 1, "the scale factor");
  if (scale.some((x) => x === 0) || (scale.length === 3 && scale.some((x) => x < 0))) fail(2, `bad scale factor ${scale.join(" ")}`);
  const m = [...numbers(2, 3, "lattice vector a"), ...numbers(3, 3, "lattice vector b"), ...numbers(4, 3, "lattice vector c")];
  let i = 5;
  let symbols: string[];
  let counts: number[];
  const w5 = splitWords(lineAt(5));
  if (w5.length > 0 && w5.every((w) => /^[0-9]+$/.test(w))) {
    counts = w5.map(Number);
    const hint = options.species ?? splitWords(comment);
    if (hint.length < counts.length || !hint.slice(0, counts.length).every((s) => tryAtomicNumber(s) !== undefined))
      fail(6, "VASP 4 file (no species line): pass the element symbols as options.species");
    symbols = hint.slice(0, counts.length);
    i = 6;
  } else {
    symbols = w5.map((s) => s.split(/[/_]/)[0]!); // "Fe_pv", "Fe/abc" (POTCAR-style names)
    const bad = symbols.find((s) => tryAtomicNumber(s) === undefined);
    if (bad !== undefined || symbols.length === 0) fail(6, `'${bad ?? ""}' is not an element symbol`);
    const wc = splitWords(lineAt(6));
    if (wc.length !== symbols.length || !wc.every((w) => /^[0-9]+$/.test(w))) fail(7, `expected ${symbols.length} atom counts, found '${lines[6]!.trim()}'`);
    counts = wc.map(Number);
    i = 7;
  }
  let mode = lineAt(i).trim();
  if (/^s/i.test(mode)) mode = lineAt(++i).trim(); // Selective dynamics
  const cartesian = /^[ck]/i.test(mode);
  if (!cartesian && !/^d/i.test(mode)) fail(i + 1, `expected 'Direct' or 'Cartesian', found '${mode.slice(0, 40)}'`);
  i++;
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) fail(i, "no atoms");
  if (n > 1e6) fail(i, `implausible atom count ${n}`);
  const coords = new Float64Array(3 * n);
  for (let a = 0; a < n; a++) {
    const v = numbers(i + a, 3, `the coordinates of atom ${a + 1}`);
    coords[3 * a] = v[0]!; coords[3 * a + 1] = v[1]!; coords[3 * a + 2] = v[2]!;
  }
  const species: number[] = [];
  symbols.forEach((s, k) => { for (let c = 0; c < counts[k]!; c++) species.push(tryAtomicNumber(s)!); });
  try {
    let lattice = latticeFromMatrix(m);
    let f = 1;
    if (scale.length === 3) lattice = latticeFromMatrix(m.map((x, j) => x * scale[Math.floor(j / 3)]!));
    else if (scale[0]! < 0) f = Math.cbrt(-scale[0]! / latticeVolume(lattice));
    else f = scale[0]!;
    if (f !== 1) lattice = latticeFromMatrix(m.map((x) => x * f));
    const frac = cartesian ? cartToFrac(lattice, scale.length === 3 ? coords.map((x, j) => x * scale[j % 3]!) : coords.map((x) => x * f)) : coords;
    return makeStructure({ lattice, species, fracCoords: wrapFracCoords(frac) });
  } catch (e) {
    if (e instanceof CrystalError || e instanceof RangeError) return fail(3, e.message);
    throw e;
  }
}

const f16 = (x: number) => x.toFixed(16).padStart(22);

/**
 * Writes a VASP 5 POSCAR (comment = full formula, scale 1.0, lattice in Å, species and counts per run of equal
 * consecutive species so the site order is kept, Direct coordinates with 16 decimals). Throws StructureError for a
 * structure with partial occupancies (POSCAR cannot hold them).
 */
export function writePoscar(structure: Structure, options: { comment?: string } = {}): string {
  const { species, fracCoords: f, lattice } = structure;
  if (structure.occupancies?.some((o) => o < 1)) throw new StructureError("writePoscar: POSCAR cannot hold partial occupancies");
  const runs: [number, number][] = [];
  for (const z of species) {
    const last = runs[runs.length - 1];
    if (last && last[0] === z) last[1]++;
    else runs.push([z, 1]);
  }
  const m = lattice.matrix;
  const comment = options.comment ?? runs.map(([z, c]) => `${elementSymbol(z)}${c}`).join(" ");
  const out = [comment.replace(/[\r\n]+/g, " "), "1.0"];
  for (let r = 0; r < 3; r++) out.push(`${f16(m[3 * r]!)} ${f16(m[3 * r + 1]!)} ${f16(m[3 * r + 2]!)}`);
  out.push(runs.map(([z]) => elementSymbol(z)).join(" "), runs.map(([, c]) => String(c)).join(" "), "direct");
  for (let a = 0; a < species.length; a++) out.push(`${f16(f[3 * a]!)} ${f16(f[3 * a + 1]!)} ${f16(f[3 * a + 2]!)} ${elementSymbol(species[a]!)}`);
  return `${out.join("\n")}\n`;
}

// Extended XYZ (ASE / QUIP convention): multi-frame, Lattice="…", Properties=species:S:1:pos:R:3…, info key=value pairs.
import { elementSymbol, tryAtomicNumber } from "../elements.js";
import { CrystalError, ParseError } from "../errors.js";
import { cartToFrac, latticeFromMatrix } from "../lattice.js";
import { type PropertyValue, type Structure, cartCoords, makeStructure, wrapFracCoords } from "../structure.js";

/** Splits an extxyz comment line into key=value pairs (values may be "double quoted", {braced} or bare; bare keys are true). */
function parseInfoLine(line: string, fail: (reason: string) => never): Map<string, string | true> {
  const out = new Map<string, string | true>();
  let i = 0;
  const n = line.length;
  const isWs = (c: string) => c === " " || c === "\t";
  while (i < n) {
    while (i < n && isWs(line[i]!)) i++;
    if (i >= n) break;
    let s = i;
    while (i < n && !isWs(line[i]!) && line[i] !== "=") i++;
    const key = line.slice(s, i);
    while (i < n && isWs(line[i]!)) i++;
    if (line[i] !== "=") { out.set(key, true); continue; }
    i++;
    while (i < n && isWs(line[i]!)) i++;
    const q = line[i];
    if (q === '"' || q === "{" || q === "[") {
      const close = q === '"' ? '"' : q === "{" ? "}" : "]";
      s = ++i;
      while (i < n && line[i] !== close) i += line[i] === "\\" ? 2 : 1;
      if (i >= n) fail(`unterminated ${q}…${close} value of key ${key}`);
      out.set(key, line.slice(s, i).replace(/\\(.)/g, "$1"));
      i++;
    } else {
      s = i;
      while (i < n && !isWs(line[i]!)) i++;
      out.set(key, line.slice(s, i));
    }
  }
  return out;
}

/** A property value from an info string: number, boolean (T/F/True/False) or the string. */
function infoValue(v: string | true): PropertyValue {
  if (v === true) return true;
  if (/^(T|True|true)$/.test(v)) return true;
  if (/^(F|False|false)$/.test(v)) return false;
  const x = Number(v);
  return v.trim() !== "" && Number.isFinite(x) && /^[-+0-9.]/.test(v) ? x : v;
}

const RESERVED = new Set(["lattice", "properties", "pbc"]);

/**
 * Reads every frame of an extended XYZ file. Each frame needs `Lattice="ax ay az bx by bz cx cy cz"` (Å);
 * `Properties` (default `species:S:1:pos:R:3`) must hold `species` (or `Z`) and `pos` (Cartesian Å); an
 * `occupancy:R:1` column is read into occupancies. Other info pairs go to `properties`. Throws ParseError("extxyz", …).
 */
export function readExtxyz(text: string, options: { file?: string } = {}): Structure[] {
  const file = options.file ?? "<string>";
  const lines = text.split(/\r\n|\r|\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const frames: Structure[] = [];
  let i = 0;
  while (i < lines.length) {
    const countLine = i + 1;
    const fail = (line: number, reason: string): never => {
      throw new ParseError("extxyz", file, line, reason);
    };
    const countText = lines[i]!.trim();
    if (!/^[0-9]+$/.test(countText)) fail(countLine, `expected the atom count of frame ${frames.length + 1}, found '${countText.slice(0, 40)}'`);
    const n = Number(countText);
    if (i + 1 >= lines.length) fail(countLine + 1, "the file ends before the comment line (truncated?)");
    const info = parseInfoLine(lines[i + 1]!, (r) => fail(countLine + 1, r));
    const get = (key: string) => {
      for (const [k, v] of info) if (k.toLowerCase() === key) return v;
      return undefined;
    };
    const lat = get("lattice");
    if (lat === undefined || lat === true) fail(countLine + 1, "no Lattice=\"…\" (a periodic structure needs its cell)");
    const m = (lat as string).trim().split(/[\s,]+/).map(Number);
    if (m.length !== 9 || !m.every(Number.isFinite)) fail(countLine + 1, `Lattice needs 9 numbers, found '${lat}'`);
    const propsSpec = get("properties");
    const spec = (typeof propsSpec === "string" ? propsSpec : "species:S:1:pos:R:3").split(":");
    if (spec.length % 3 !== 0) fail(countLine + 1, `bad Properties '${propsSpec}'`);
    let col = 0;
    let speciesCol = -1, speciesIsZ = false, posCol = -1, occCol = -1;
    for (let k = 0; k < spec.length; k += 3) {
      const name = spec[k]!.toLowerCase();
      const width = Number(spec[k + 2]);
      if (!Number.isInteger(width) || width < 1) fail(countLine + 1, `bad column count in Properties '${propsSpec}'`);
      if (name === "species") speciesCol = col;
      else if (name === "z" && speciesCol < 0) { speciesCol = col; speciesIsZ = true; }
      else if (name === "pos" && width === 3) posCol = col;
      else if (name === "occupancy" && width === 1) occCol = col;
      col += width;
    }
    if (speciesCol < 0 || posCol < 0) fail(countLine + 1, "Properties lacks species and pos columns");
    if (i + 2 + n > lines.length) fail(lines.length + 1, `frame ${frames.length + 1} declares ${n} atoms but the file ends after ${lines.length - i - 2} (truncated?)`);
    const species = new Array<number>(n);
    const cart = new Float64Array(3 * n);
    const occ = occCol >= 0 ? new Float64Array(n) : undefined;
    for (let a = 0; a < n; a++) {
      const ln = i + 2 + a;
      const w = lines[ln]!.trim().split(/\s+/);
      if (w.length < col) fail(ln + 1, `expected ${col} columns, found ${w.length}`);
      const sp = w[speciesCol]!;
      const z = speciesIsZ ? Number(sp) : tryAtomicNumber(sp);
      if (z === undefined || !Number.isInteger(z) || z < 1 || z > 118) fail(ln + 1, `'${sp}' is not an element`);
      species[a] = z!;
      for (let d = 0; d < 3; d++) {
        const x = Number(w[posCol + d]);
        if (!Number.isFinite(x)) fail(ln + 1, `position '${w[posCol + d]}' is not a number`);
        cart[3 * a + d] = x;
      }
      if (occ) {
        occ[a] = Number(w[occCol]);
        if (!(occ[a]! > 0 && occ[a]! <= 1)) fail(ln + 1, `occupancy '${w[occCol]}' is not in (0, 1]`);
      }
    }
    const properties: Record<string, PropertyValue> = {};
    for (const [k, v] of info) if (!RESERVED.has(k.toLowerCase())) properties[k] = infoValue(v);
    try {
      const lattice = latticeFromMatrix(m);
      const partial = occ && occ.some((o) => o < 1);
      frames.push(
        makeStructure({
          lattice,
          species,
          fracCoords: wrapFracCoords(cartToFrac(lattice, cart)),
          ...(partial ? { occupancies: occ } : {}),
          ...(Object.keys(properties).length ? { properties } : {}),
        }),
      );
    } catch (e) {
      if (e instanceof CrystalError || e instanceof RangeError) fail(countLine + 1, e.message);
      throw e;
    }
    i += 2 + n;
  }
  if (frames.length === 0) throw new ParseError("extxyz", file, 1, "no frames");
  return frames;
}

/** An info value as extxyz text (strings quoted when they contain spaces or quotes). */
function formatInfo(v: PropertyValue): string {
  if (v === null) return '"None"';
  if (typeof v === "boolean") return v ? "T" : "F";
  if (typeof v === "number") return String(v);
  return /[\s"=]/.test(v) || v === "" ? `"${v.replace(/(["\\])/g, "\\$1")}"` : v;
}

/** A property name usable as an extxyz key: characters other than letters, digits, '_', '.', '-' become '_'. */
function infoKey(k: string): string {
  const key = k.replace(/[^\w.-]/g, "_");
  return /^[A-Za-z_]/.test(key) ? key : `_${key}`;
}

/**
 * Writes structures as an extended XYZ file (one frame each): Lattice (Å), Properties=species:S:1:pos:R:3
 * (plus occupancy:R:1 when some site is partial), pbc="T T T", then each structure's properties as key=value pairs
 * (keys made extxyz-safe: other characters become '_'; Lattice/Properties/pbc keys are not written).
 * Numbers are written with full double precision.
 */
export function writeExtxyz(structures: readonly Structure[]): string {
  const out: string[] = [];
  for (const s of structures) {
    const n = s.species.length;
    const partial = s.occupancies?.some((o) => o < 1);
    const m = Array.from(s.lattice.matrix).map(String).join(" ");
    let info = `Lattice="${m}" Properties=species:S:1:pos:R:3${partial ? ":occupancy:R:1" : ""}`;
    for (const [k, v] of Object.entries(s.properties ?? {})) if (!RESERVED.has(k.toLowerCase())) info += ` ${infoKey(k)}=${formatInfo(v)}`;
    info += ' pbc="T T T"';
    out.push(String(n), info);
    const xyz = cartCoords(s);
    for (let a = 0; a < n; a++) {
      let row = `${elementSymbol(s.species[a]!).padEnd(2)} ${xyz[3 * a]} ${xyz[3 * a + 1]} ${xyz[3 * a + 2]}`;
      if (partial) row += ` ${s.occupancies![a]}`;
      out.push(row);
    }
  }
  return `${out.join("\n")}\n`;
}

// pymatgen `Structure.as_dict()` JSON: lattice.matrix, sites[].species[{element, occu}], abc, xyz, label, properties.
import { elementSymbol, tryAtomicNumber } from "../elements.js";
import { CrystalError, ParseError } from "../errors.js";
import { latticeFromMatrix, latticeParameters, latticeVolume } from "../lattice.js";
import { type PropertyValue, type Structure, cartCoords, makeStructure, wrapFracCoords } from "../structure.js";

/** The JSON shape pymatgen's Structure.as_dict() produces (the fields this module reads and writes). */
export interface PymatgenStructureDict {
  "@module"?: string;
  "@class"?: string;
  charge?: number | null;
  lattice: { matrix: number[][]; pbc?: boolean[]; a?: number; b?: number; c?: number; alpha?: number; beta?: number; gamma?: number; volume?: number };
  sites: { species: { element: string; occu: number; oxidation_state?: number }[]; abc: number[]; xyz?: number[]; label?: string; properties?: Record<string, unknown> }[];
  properties?: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** 1-based line of a character offset in text. */
function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Reads a pymatgen Structure dict (JSON text or the parsed object). A site with several species becomes several
 * sites at the same position with their occupancies. Fractional coordinates (abc) are wrapped into [0, 1).
 * Throws ParseError("pymatgen JSON", file, line, reason) (line 0 when the problem is in the object, not the text).
 */
export function readPymatgenJson(textOrObject: string | object, options: { file?: string } = {}): Structure {
  const file = options.file ?? "<string>";
  const fail = (reason: string, line = 0): never => {
    throw new ParseError("pymatgen JSON", file, line, reason);
  };
  let d: unknown = textOrObject;
  if (typeof textOrObject === "string") {
    try {
      d = JSON.parse(textOrObject);
    } catch (e) {
      const pos = /position (\d+)/.exec((e as Error).message);
      fail(`not valid JSON: ${(e as Error).message}`, pos ? lineOfOffset(textOrObject, Number(pos[1])) : 0);
    }
  }
  if (!isRecord(d)) return fail("expected a JSON object");
  if (d["@class"] !== undefined && d["@class"] !== "Structure") fail(`@class is '${String(d["@class"])}', expected 'Structure'`);
  const lat = d.lattice;
  if (!isRecord(lat) || !Array.isArray(lat.matrix) || lat.matrix.length !== 3) return fail("lattice.matrix must be a 3×3 array");
  const m = (lat.matrix as unknown[]).flatMap((row, r) => {
    if (!Array.isArray(row) || row.length !== 3 || !row.every((x) => typeof x === "number" && Number.isFinite(x))) fail(`lattice.matrix row ${r} must hold 3 numbers`);
    return row as number[];
  });
  if (!Array.isArray(d.sites)) return fail("sites must be an array");
  const species: number[] = [];
  const frac: number[] = [];
  const occ: number[] = [];
  const labels: string[] = [];
  let partial = false;
  (d.sites as unknown[]).forEach((site, i) => {
    if (!isRecord(site)) fail(`sites[${i}] is not an object`);
    const s = site as Record<string, unknown>;
    const abc = s.abc;
    if (!Array.isArray(abc) || abc.length !== 3 || !abc.every((x) => typeof x === "number" && Number.isFinite(x))) fail(`sites[${i}].abc must hold 3 numbers`);
    if (!Array.isArray(s.species) || s.species.length === 0) fail(`sites[${i}].species must be a non-empty array`);
    for (const [j, sp] of (s.species as unknown[]).entries()) {
      if (!isRecord(sp) || typeof sp.element !== "string") return fail(`sites[${i}].species[${j}].element is missing`);
      const z = tryAtomicNumber(sp.element);
      if (z === undefined) fail(`sites[${i}].species[${j}]: '${sp.element}' is not an element`);
      const o = sp.occu === undefined ? 1 : sp.occu;
      if (typeof o !== "number" || !(o > 0 && o <= 1 + 1e-9)) fail(`sites[${i}].species[${j}].occu is ${JSON.stringify(sp.occu)} (expected 0 < occu ≤ 1)`);
      if ((o as number) < 1) partial = true;
      species.push(z!);
      frac.push(...(abc as number[]));
      occ.push(Math.min(1, o as number));
      labels.push(typeof s.label === "string" ? s.label : sp.element);
    }
  });
  const properties: Record<string, PropertyValue> = {};
  if (isRecord(d.properties))
    for (const [k, v] of Object.entries(d.properties)) if (v === null || ["number", "string", "boolean"].includes(typeof v)) properties[k] = v as PropertyValue;
  try {
    return makeStructure({
      lattice: latticeFromMatrix(m),
      species,
      fracCoords: wrapFracCoords(frac),
      labels,
      ...(partial ? { occupancies: occ } : {}),
      ...(Object.keys(properties).length ? { properties } : {}),
    });
  } catch (e) {
    if (e instanceof CrystalError) return fail(e.message);
    throw e;
  }
}

/** The pymatgen Structure dict of a structure (one species per site; labels default to the element symbol). */
export function pymatgenStructureDict(s: Structure): PymatgenStructureDict {
  const m = s.lattice.matrix;
  const p = latticeParameters(s.lattice);
  const xyz = cartCoords(s);
  const f = s.fracCoords;
  return {
    "@module": "pymatgen.core.structure",
    "@class": "Structure",
    charge: 0,
    lattice: {
      matrix: [[m[0]!, m[1]!, m[2]!], [m[3]!, m[4]!, m[5]!], [m[6]!, m[7]!, m[8]!]],
      pbc: [true, true, true],
      a: p.a, b: p.b, c: p.c, alpha: p.alpha, beta: p.beta, gamma: p.gamma,
      volume: latticeVolume(s.lattice),
    },
    sites: Array.from(s.species, (z, i) => ({
      species: [{ element: elementSymbol(z), occu: s.occupancies ? s.occupancies[i]! : 1 }],
      abc: [f[3 * i]!, f[3 * i + 1]!, f[3 * i + 2]!],
      xyz: [xyz[3 * i]!, xyz[3 * i + 1]!, xyz[3 * i + 2]!],
      label: s.labels?.[i] ?? elementSymbol(z),
      properties: {},
    })),
    ...(s.properties && Object.keys(s.properties).length ? { properties: { ...s.properties } } : {}),
  };
}

/** pymatgen Structure JSON text (`Structure.as_dict()` schema; readable by `Structure.from_dict` / `from_file`). */
export function writePymatgenJson(s: Structure): string {
  return JSON.stringify(pymatgenStructureDict(s));
}

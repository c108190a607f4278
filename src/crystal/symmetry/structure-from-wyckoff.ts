import { atomicNumber, elementSymbol } from "../elements.js";
import { type Lattice, type LatticeParameters, latticeFromParameters, metricTensor } from "../lattice.js";
import { type Structure, makeStructure } from "../structure.js";
import { SymmetryError } from "./errors.js";
import { applyOperation } from "./operations.js";
import { periodicFracDistanceSquared } from "./periodic-distance.js";
import { spaceGroupInfo, spaceGroupOperations, wyckoffPositions } from "./space-groups.js";
import { type WyckoffAffine, parseWyckoffCoordinates, wyckoffPoint } from "./wyckoff-coordinates.js";
import type { SymmetryOperation, WyckoffPosition } from "./types.js";

/** One occupied Wyckoff orbit: an element, a Wyckoff letter, and the values of the letter's free variables. */
export interface WyckoffSite {
  /** Element symbol or atomic number Z. */
  readonly element: string | number;
  /** Wyckoff letter of the space group's ITA standard setting, e.g. "4f" or "f" (a leading multiplicity is allowed). */
  readonly wyckoff: string;
  /**
   * Values [x, y, z] of the free variables in the letter's coordinate triplet (fractional); variables the triplet
   * does not use are ignored. For "x,x,0" only x matters; omit `params` for a position without free variables.
   */
  readonly params?: readonly [number, number, number] | readonly number[];
}

/** A crystal described by its space group, lattice and occupied Wyckoff orbits. */
export interface WyckoffDescription {
  /** ITA space-group number 1–230 (ITA standard setting, as `spaceGroupInfo(n).hallNumber`). */
  readonly spaceGroup: number;
  /** The conventional lattice (matrix in Å) or its parameters (Å, degrees; pymatgen orientation). */
  readonly lattice: Lattice | LatticeParameters;
  readonly sites: readonly WyckoffSite[];
}

/** The Wyckoff tables of one space group in its standard setting, parsed once per call. */
export interface SpaceGroupWyckoffTable {
  readonly operations: readonly SymmetryOperation[];
  readonly positions: ReadonlyMap<string, WyckoffPosition & { readonly affine: WyckoffAffine }>;
}

const tables = new Map<number, SpaceGroupWyckoffTable>();

/**
 * Operations and parsed Wyckoff positions of space group `number` (ITA standard setting), built once per process and
 * shared by every call.
 * @throws SymmetryError for a number outside 1–230
 */
export function spaceGroupWyckoffTable(number: number): SpaceGroupWyckoffTable {
  const cached = tables.get(number);
  if (cached) return cached;
  const info = spaceGroupInfo(number);
  const positions = new Map(wyckoffPositions(info.hallNumber).map((w) => [w.letter, { ...w, affine: parseWyckoffCoordinates(w.coordinates) }]));
  const table = { operations: spaceGroupOperations(number), positions };
  tables.set(number, table);
  return table;
}

/** Minimum distance (Å) between two atoms of one orbit below which they are merged as duplicates. */
const MERGE_DISTANCE = 1e-3;

/**
 * Expands a Wyckoff description into the full conventional cell: each site's representative point is mapped by
 * every operation of the space group (centring included), wrapped into [0, 1), and images closer than 1e-3 Å are
 * merged. Sites come out orbit by orbit, in the order given. Throws SymmetryError for an unknown space group or
 * letter, or missing parameters of a letter with free variables.
 */
export function structureFromWyckoff(description: WyckoffDescription): Structure {
  const table = spaceGroupWyckoffTable(description.spaceGroup);
  const lattice = "matrix" in description.lattice ? description.lattice : latticeFromLatticeParameters(description.lattice);
  const metric = metricTensor(lattice);
  const species: number[] = [];
  const frac: number[] = [];
  description.sites.forEach((site, index) => {
    const z = typeof site.element === "number" ? site.element : atomicNumber(site.element);
    const letter = site.wyckoff.replace(/^\d+/, "");
    const wp = table.positions.get(letter);
    const where = `site ${index} (${elementSymbol(z)} ${site.wyckoff}) of space group ${description.spaceGroup}`;
    if (!wp) throw new SymmetryError(`${where}: no Wyckoff position "${letter}" (has ${[...table.positions.keys()].join(", ")})`);
    if (site.wyckoff !== letter && Number(site.wyckoff.slice(0, site.wyckoff.length - letter.length)) !== wp.multiplicity)
      throw new SymmetryError(`${where}: position ${letter} has multiplicity ${wp.multiplicity}`);
    if (wp.affine.freeVariables.length > 0 && !site.params)
      throw new SymmetryError(`${where}: coordinates ${wp.coordinates} need params [x, y, z]`);
    const v = site.params ?? [0, 0, 0];
    if (v.length !== 3 || !v.every(Number.isFinite)) throw new SymmetryError(`${where}: params must be 3 finite numbers`);
    const orbit: number[][] = [];
    for (const op of table.operations) {
      const p = Array.from(applyOperation(op, wyckoffPoint(wp.affine, v)), (x) => x - Math.floor(x)).map((x) => (x >= 1 ? 0 : x));
      if (!orbit.some((q) => periodicFracDistanceSquared(metric, p, q) < MERGE_DISTANCE ** 2)) orbit.push(p);
    }
    for (const p of orbit) {
      species.push(z);
      frac.push(...p);
    }
  });
  return makeStructure({ lattice, species, fracCoords: frac });
}

function latticeFromLatticeParameters(p: LatticeParameters): Lattice {
  return latticeFromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma);
}

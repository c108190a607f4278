import { MAX_Z, atomicMass } from "./elements.js";
import { StructureError } from "./errors.js";
import { type Lattice, fracToCart, latticeFromMatrix, latticeVolume } from "./lattice.js";
import { det3, mul3 } from "./math3.js";

/** A per-structure property value (from a dataset row or a model). */
export type PropertyValue = number | string | boolean | null;

/**
 * A periodic crystal: a lattice plus sites with an element and fractional coordinates.
 * Plain immutable data; operations return new structures.
 */
export interface Structure {
  readonly lattice: Lattice;
  /** Atomic number Z of each site. */
  readonly species: Uint8Array;
  /** Fractional coordinates, n×3 flat. */
  readonly fracCoords: Float64Array;
  /** Site occupancies in (0, 1], present only when some site is partially occupied. */
  readonly occupancies?: Float64Array;
  /** Site labels (for example from a CIF), when known. */
  readonly labels?: readonly string[];
  /** Per-structure properties (id, energies, band gap …). */
  readonly properties?: Readonly<Record<string, PropertyValue>>;
}

/** What makeStructure takes: species as Z numbers, coordinates as any numeric array. */
export interface StructureInput {
  lattice: Lattice;
  species: ArrayLike<number>;
  fracCoords: ArrayLike<number>;
  occupancies?: ArrayLike<number>;
  labels?: readonly string[];
  properties?: Readonly<Record<string, PropertyValue>>;
}

/**
 * Builds a validated structure. Throws StructureError when the arrays disagree in length, a coordinate is not finite,
 * an element is outside Z 1–118, an occupancy is outside (0, 1], or the cell has zero volume.
 * Coordinates are stored as given (not wrapped): call wrapStructure for [0, 1).
 */
export function makeStructure(input: StructureInput): Structure {
  const n = input.species.length;
  if (input.fracCoords.length !== 3 * n)
    throw new StructureError(`structure: ${n} species but ${input.fracCoords.length} fractional coordinates (expected ${3 * n})`);
  const species = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const z = input.species[i]!;
    if (!Number.isInteger(z) || z < 1 || z > MAX_Z) throw new StructureError(`structure: site ${i} has atomic number ${z} (expected 1–${MAX_Z})`);
    species[i] = z;
  }
  const fracCoords = Float64Array.from(input.fracCoords);
  const bad = fracCoords.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new StructureError(`structure: site ${Math.floor(bad / 3)} has a non-finite fractional coordinate`);
  if (!(latticeVolume(input.lattice) > 0)) throw new StructureError("structure: the lattice has zero volume");
  let occupancies: Float64Array | undefined;
  if (input.occupancies) {
    if (input.occupancies.length !== n) throw new StructureError(`structure: ${n} sites but ${input.occupancies.length} occupancies`);
    occupancies = Float64Array.from(input.occupancies);
    const o = occupancies.findIndex((v) => !(v > 0 && v <= 1 + 1e-9));
    if (o >= 0) throw new StructureError(`structure: site ${o} has occupancy ${occupancies[o]} (expected 0 < occupancy ≤ 1)`);
  }
  if (input.labels && input.labels.length !== n) throw new StructureError(`structure: ${n} sites but ${input.labels.length} labels`);
  const s: Structure = {
    lattice: input.lattice,
    species,
    fracCoords,
    ...(occupancies ? { occupancies } : {}),
    ...(input.labels ? { labels: Object.freeze([...input.labels]) } : {}),
    ...(input.properties ? { properties: Object.freeze({ ...input.properties }) } : {}),
  };
  return Object.freeze(s);
}

/** Number of sites. */
export function numSites(s: Structure): number {
  return s.species.length;
}

/** True when some site has an occupancy below 1 (a disordered structure). */
export function isDisordered(s: Structure): boolean {
  return s.occupancies !== undefined && s.occupancies.some((o) => o < 1 - 1e-9);
}

/** Cartesian coordinates (Å, n×3 flat). */
export function cartCoords(s: Structure): Float64Array {
  return fracToCart(s.lattice, s.fracCoords);
}

/** A fractional coordinate wrapped into [0, 1) (a value that rounds to 1 becomes 0). */
export function wrapFraction(x: number): number {
  const w = x - Math.floor(x);
  return w >= 1 ? 0 : w;
}

/** Fractional coordinates wrapped into [0, 1) (values that round to 1 become 0). */
export function wrapFracCoords(fracCoords: ArrayLike<number>): Float64Array {
  const out = new Float64Array(fracCoords.length);
  for (let i = 0; i < out.length; i++) out[i] = wrapFraction(fracCoords[i]!);
  return out;
}

/** The structure with every fractional coordinate wrapped into [0, 1). */
export function wrapStructure(s: Structure): Structure {
  return Object.freeze({ ...s, fracCoords: wrapFracCoords(s.fracCoords) });
}

/** A copy with some fields replaced (validated again). */
export function withStructure(s: Structure, changes: Partial<StructureInput>): Structure {
  return makeStructure({ ...s, ...changes } as StructureInput);
}

/** Total mass of the cell (amu), occupancies included. */
export function cellMass(s: Structure): number {
  let m = 0;
  for (let i = 0; i < s.species.length; i++) m += atomicMass(s.species[i]!) * (s.occupancies ? s.occupancies[i]! : 1);
  return m;
}

/** AMU·Å⁻³ → g·cm⁻³ (CODATA 2018 atomic mass constant, as pymatgen). */
export const AMU_PER_A3_TO_G_PER_CM3 = 1.6605390666;

/** Density (g/cm³), as pymatgen's Structure.density. */
export function density(s: Structure): number {
  return (cellMass(s) / latticeVolume(s.lattice)) * AMU_PER_A3_TO_G_PER_CM3;
}

/**
 * A supercell. `scaling` is [na, nb, nc] or a 3×3 integer matrix S (rows: new lattice vectors in units of the old ones,
 * new lattice = S·M), as pymatgen's make_supercell. Sites are ordered old-site-major; coordinates wrapped to [0, 1).
 */
export function supercell(s: Structure, scaling: readonly [number, number, number] | ArrayLike<number>): Structure {
  const S = scaling.length === 3 ? [scaling[0]!, 0, 0, 0, scaling[1]!, 0, 0, 0, scaling[2]!] : Array.from(scaling);
  if (S.length !== 9 || !S.every(Number.isInteger)) throw new StructureError("supercell: scaling must be 3 integers or a 3×3 integer matrix");
  const det = Math.round(det3(S));
  if (det === 0) throw new StructureError("supercell: scaling matrix is singular");
  const lattice = latticeFromMatrix(mul3(S, s.lattice.matrix));
  // Lattice points of the old lattice inside the new cell, in new fractional coordinates: enumerate integer
  // translations in the bounding box of the new cell's corners (old frac coords) and keep those inside.
  const corners = [0, 1].flatMap((i) => [0, 1].flatMap((j) => [0, 1].map((k) => [i, j, k])));
  const lo = [0, 1, 2].map((d) => Math.min(...corners.map((c) => c[0]! * S[d]! + c[1]! * S[3 + d]! + c[2]! * S[6 + d]!)));
  const hi = [0, 1, 2].map((d) => Math.max(...corners.map((c) => c[0]! * S[d]! + c[1]! * S[3 + d]! + c[2]! * S[6 + d]!)));
  const Sinv = invInt3(S, det);
  const points: number[][] = [];
  for (let i = lo[0]!; i <= hi[0]!; i++)
    for (let j = lo[1]!; j <= hi[1]!; j++)
      for (let k = lo[2]!; k <= hi[2]!; k++) {
        const f = [0, 1, 2].map((d) => i * Sinv[d]! + j * Sinv[3 + d]! + k * Sinv[6 + d]!);
        if (f.every((x) => x >= -1e-8 && x < 1 - 1e-8)) points.push(f);
      }
  if (points.length !== Math.abs(det)) throw new StructureError(`supercell: found ${points.length} lattice points, expected ${Math.abs(det)}`);
  const n = s.species.length;
  const species: number[] = [];
  const frac: number[] = [];
  const occ: number[] = [];
  const labels: string[] = [];
  for (let a = 0; a < n; a++) {
    const f0 = [0, 1, 2].map((d) => s.fracCoords[3 * a]! * Sinv[d]! + s.fracCoords[3 * a + 1]! * Sinv[3 + d]! + s.fracCoords[3 * a + 2]! * Sinv[6 + d]!);
    for (const p of points) {
      species.push(s.species[a]!);
      frac.push(f0[0]! + p[0]!, f0[1]! + p[1]!, f0[2]! + p[2]!);
      if (s.occupancies) occ.push(s.occupancies[a]!);
      if (s.labels) labels.push(s.labels[a]!);
    }
  }
  return makeStructure({
    lattice,
    species,
    fracCoords: wrapFracCoords(frac),
    ...(s.occupancies ? { occupancies: occ } : {}),
    ...(s.labels ? { labels } : {}),
    ...(s.properties ? { properties: s.properties } : {}),
  });
}

/** Inverse of an integer matrix with known determinant (exact up to floating point). */
function invInt3(S: readonly number[], det: number): number[] {
  const adj = [
    S[4]! * S[8]! - S[5]! * S[7]!, S[2]! * S[7]! - S[1]! * S[8]!, S[1]! * S[5]! - S[2]! * S[4]!,
    S[5]! * S[6]! - S[3]! * S[8]!, S[0]! * S[8]! - S[2]! * S[6]!, S[2]! * S[3]! - S[0]! * S[5]!,
    S[3]! * S[7]! - S[4]! * S[6]!, S[1]! * S[6]! - S[0]! * S[7]!, S[0]! * S[4]! - S[1]! * S[3]!,
  ];
  return adj.map((v) => v / det);
}

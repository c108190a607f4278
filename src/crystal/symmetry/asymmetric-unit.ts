import { type Structure, makeStructure } from "../structure.js";
import { analyzeSymmetry } from "./analyze.js";
import type { SymmetryOptions } from "./types.js";

/** The asymmetric unit of a structure: one site per orbit of symmetry-equivalent sites. */
export interface AsymmetricUnit {
  /** One representative site (the first of its orbit in input order) per orbit, in the input cell's lattice. */
  readonly structure: Structure;
  /** Number of sites of each orbit in the input cell. */
  readonly multiplicities: readonly number[];
  /** Wyckoff letter of each orbit. */
  readonly wyckoffs: readonly string[];
  /** Index in the input structure of each representative. */
  readonly siteIndices: readonly number[];
}

/** Asymmetric unit from moyo's orbits (symprec in Å, default 0.01). */
export function asymmetricUnit(structure: Structure, options: SymmetryOptions = {}): AsymmetricUnit {
  const d = analyzeSymmetry(structure, options);
  const siteIndices = d.orbits.filter((o, i) => o === i);
  const multiplicities = siteIndices.map((r) => d.orbits.filter((o) => o === r).length);
  const frac = siteIndices.flatMap((i) => [structure.fracCoords[3 * i]!, structure.fracCoords[3 * i + 1]!, structure.fracCoords[3 * i + 2]!]);
  return {
    structure: makeStructure({
      lattice: structure.lattice,
      species: siteIndices.map((i) => structure.species[i]!),
      fracCoords: frac,
      ...(structure.labels ? { labels: siteIndices.map((i) => structure.labels![i]!) } : {}),
      ...(structure.properties ? { properties: structure.properties } : {}),
    }),
    multiplicities,
    wyckoffs: siteIndices.map((i) => d.wyckoffs[i]!),
    siteIndices,
  };
}

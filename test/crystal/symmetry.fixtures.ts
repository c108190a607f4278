// Hand-built textbook structures with known space groups and Wyckoff positions (ITA standard settings).
import { latticeFromMatrix, latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";

const cubic = (a: number) => latticeFromMatrix([a, 0, 0, 0, a, 0, 0, 0, a]);
const fcc = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0];

/** Rock salt, conventional: Fm-3m (225), Na 4a, Cl 4b, a = 5.64 Å. */
export const naclConventional: Structure = makeStructure({
  lattice: cubic(5.64),
  species: [11, 11, 11, 11, 17, 17, 17, 17],
  fracCoords: [...fcc, ...fcc.map((x, i) => (i % 3 === 0 ? (x + 0.5) % 1 : x))],
});

/** Cubic perovskite SrTiO3: Pm-3m (221), Sr 1a, Ti 1b, O 3c, a = 3.905 Å. */
export const srtio3: Structure = makeStructure({
  lattice: cubic(3.905),
  species: [38, 22, 8, 8, 8],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
});

/** Rutile TiO2: P4_2/mnm (136), Ti 2a, O 4f (x = 0.305), a = 4.594, c = 2.959 Å. */
export const RUTILE_X = 0.305;
export const rutile: Structure = makeStructure({
  lattice: latticeFromMatrix([4.594, 0, 0, 0, 4.594, 0, 0, 0, 2.959]),
  species: [22, 22, 8, 8, 8, 8],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, RUTILE_X, RUTILE_X, 0, 1 - RUTILE_X, 1 - RUTILE_X, 0, 0.5 + RUTILE_X, 0.5 - RUTILE_X, 0.5, 0.5 - RUTILE_X, 0.5 + RUTILE_X, 0.5],
});

/** Wurtzite ZnO: P6_3mc (186), Zn 2b, O 2b (u = 0.382), a = 3.25, c = 5.21 Å. */
export const wurtzite: Structure = makeStructure({
  lattice: latticeFromParameters(3.25, 3.25, 5.21, 90, 90, 120),
  species: [30, 30, 8, 8],
  fracCoords: [1 / 3, 2 / 3, 0, 2 / 3, 1 / 3, 0.5, 1 / 3, 2 / 3, 0.382, 2 / 3, 1 / 3, 0.882],
});

/** Tetragonal BaTiO3-like: P4mm (99), Ba 1a, Ti 1b (shifted +z), O 1b + 2c, c/a = 1.01. */
export const batio3Tetragonal: Structure = makeStructure({
  lattice: latticeFromMatrix([4.0, 0, 0, 0, 4.0, 0, 0, 0, 4.04]),
  species: [56, 22, 8, 8, 8],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0.52, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
});

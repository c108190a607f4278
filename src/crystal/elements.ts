import { ELEMENT_ROWS } from "./data/elements-table.js";
import { UnknownElementError } from "./errors.js";

/** Facts about one chemical element (units in the field names' doc comments). */
export interface Element {
  /** Atomic number Z (1–118). */
  readonly z: number;
  readonly symbol: string;
  readonly name: string;
  /** Standard atomic mass (amu), pymatgen's table. */
  readonly mass: number;
  /** Covalent radius (Å, Cordero 2008); NaN where unknown (Z > 96). */
  readonly covalentRadius: number;
  /** Pauling electronegativity (pymatgen's table); NaN where unknown. */
  readonly pauling: number;
  /** Common oxidation states (pymatgen's table). */
  readonly commonOxidationStates: readonly number[];
  /** Jmol colour, "#rrggbb". */
  readonly jmolColor: string;
}

/** Every element, indexed by Z (ELEMENTS[0] is undefined, ELEMENTS[1] is H … ELEMENTS[118] is Og). */
export const ELEMENTS: readonly Element[] = [
  undefined as unknown as Element,
  ...ELEMENT_ROWS.map(([symbol, name, mass, covalentRadius, pauling, commonOxidationStates, jmolColor], i) =>
    Object.freeze({ z: i + 1, symbol, name, mass, covalentRadius, pauling, commonOxidationStates, jmolColor }),
  ),
];

/** Largest atomic number known to the core. */
export const MAX_Z = ELEMENTS.length - 1;

const BY_SYMBOL = new Map(ELEMENTS.slice(1).map((e) => [e.symbol.toLowerCase(), e.z]));

/** The element with atomic number z (throws UnknownElementError outside 1–118). */
export function element(z: number): Element {
  const e = Number.isInteger(z) ? ELEMENTS[z] : undefined;
  if (!e || z < 1) throw new UnknownElementError(z);
  return e;
}

/** Atomic number of an element symbol, case-insensitive ("Fe", "fe" → 26); throws UnknownElementError. */
export function atomicNumber(symbol: string): number {
  const z = BY_SYMBOL.get(symbol.trim().toLowerCase());
  if (z === undefined) throw new UnknownElementError(symbol);
  return z;
}

/** Atomic number of an element symbol, or undefined when it is not one. */
export function tryAtomicNumber(symbol: string): number | undefined {
  return BY_SYMBOL.get(symbol.trim().toLowerCase());
}

/** Element symbol of atomic number z. */
export function elementSymbol(z: number): string {
  return element(z).symbol;
}

/** Atomic mass of atomic number z (amu). */
export function atomicMass(z: number): number {
  return element(z).mass;
}

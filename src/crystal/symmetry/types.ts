import type { Structure } from "../structure.js";

/** moyo's standardisation convention: "Standard" = ITA standard setting (origin choice 2, hexagonal axes for R); "Spglib" = spglib's default settings. */
export type SymmetrySetting = "Standard" | "Spglib";

/** A space-group operation x' = R·x + t on fractional coordinates (column vectors). */
export interface SymmetryOperation {
  /** Integer 3×3 rotation R, 9 numbers row-major, acting on fractional column vectors. */
  readonly rotation: readonly number[];
  /** Translation t (fractional). */
  readonly translation: readonly [number, number, number];
}

/** Options of symmetry analysis. */
export interface SymmetryOptions {
  /** Distance tolerance (Å), default 0.01. */
  symprec?: number;
  /** Setting of the standardised cells and of `hallNumber`, default "Standard". */
  setting?: SymmetrySetting;
  /**
   * Which operations count as symmetries at `symprec`: "spglib" (default) also requires spglib's pivot test and
   * shrinks symprec until it passes, so results agree with spglib/pymatgen; "moyo" keeps moyo's more lenient answer.
   */
  tolerance?: "spglib" | "moyo";
}

/** Result of symmetry analysis (moyo's dataset in our types, camelCase). */
export interface SymmetryDataset {
  /** ITA space-group number 1–230. */
  readonly number: number;
  /** Hall number 1–530 of the setting chosen for the standardised cell. */
  readonly hallNumber: number;
  /** Hermann–Mauguin symbol, e.g. "F m -3 m". */
  readonly hmSymbol: string;
  /** Operations of the input cell, in the input cell's fractional coordinates (centring translations included). */
  readonly operations: readonly SymmetryOperation[];
  /** For each input site, the index of the first site of its orbit (crystallographically equivalent sites). */
  readonly orbits: readonly number[];
  /** Wyckoff letter of each input site. */
  readonly wyckoffs: readonly string[];
  /** Site-symmetry symbol of each input site (oriented, e.g. "m-3m", "4/mm.m"). */
  readonly siteSymmetrySymbols: readonly string[];
  /** Standardised conventional cell (idealised, rotated to the standard orientation). */
  readonly stdCell: Structure;
  /** Standardised primitive cell. */
  readonly primStdCell: Structure;
  /**
   * Linear part P (row-major 3×3) of the transformation to the standardised cell, spglib's convention:
   * stdBasisColumns = stdRotationMatrix · inputBasisColumns · P (lattice vectors as columns).
   */
  readonly stdLinear: readonly number[];
  /** Origin shift p (fractional, input cell): x_std = P⁻¹·(x − p). */
  readonly stdOriginShift: readonly [number, number, number];
  /** Rigid Cartesian rotation (row-major 3×3) that turns the transformed input lattice into the idealised standard one. */
  readonly stdRotationMatrix: readonly number[];
  /** Pearson symbol, e.g. "cF8". */
  readonly pearsonSymbol: string;
  /** The distance tolerance actually used (Å). */
  readonly symprec: number;
}

/** A space-group type from the ITA tables. */
export interface SpaceGroupInfo {
  /** ITA number 1–230. */
  readonly number: number;
  /** Short Hermann–Mauguin symbol, e.g. "P 6_3/m m c". */
  readonly hmShort: string;
  /** Full Hermann–Mauguin symbol. */
  readonly hmFull: string;
  /** Crystal system: "Triclinic" … "Cubic". */
  readonly crystalSystem: string;
  /** Lattice system ("Rhombohedral" vs "Hexagonal" differ from the crystal system). */
  readonly latticeSystem: string;
  /** Bravais class, e.g. "cF". */
  readonly bravaisClass: string;
  /** Point group (geometric crystal class), e.g. "m-3m". */
  readonly pointGroup: string;
  /** Hall number of the ITA standard setting. */
  readonly hallNumber: number;
  /** All Hall numbers (settings) of this space group. */
  readonly hallNumbers: readonly number[];
}

/** A Wyckoff position of a space-group setting. */
export interface WyckoffPosition {
  /** Letter a, b, …, z, α. */
  readonly letter: string;
  /** Multiplicity in the conventional cell. */
  readonly multiplicity: number;
  /** Site-symmetry symbol. */
  readonly siteSymmetry: string;
  /** Representative coordinate triplet as in ITA, e.g. "x,x,0". */
  readonly coordinates: string;
}

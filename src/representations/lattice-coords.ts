// The "lattice + fractional coordinates" representation (review Fig. 2; DiffCSP, FlowMM, MatterGen):
// six lattice parameters, n×3 fractional coordinates and n atomic numbers.
import { latticeAngles, latticeFromParameters, latticeLengths } from "../crystal/lattice.js";
import { type Structure, makeStructure } from "../crystal/structure.js";

/** A crystal as lattice parameters plus fractional coordinates (plain arrays). */
export interface LatticeCoordsArrays {
  /** Lattice lengths a, b, c (Å). */
  readonly lengths: [number, number, number];
  /** Lattice angles α (b∠c), β (a∠c), γ (a∠b) (degrees). */
  readonly angles: [number, number, number];
  /** Fractional coordinates, n×3 flat (as stored in the structure). */
  readonly fracCoords: Float64Array;
  /** Atomic number Z of each site (n). */
  readonly species: Uint8Array;
}

/** Lattice lengths (Å), angles (degrees), fractional coordinates and atomic numbers of a structure. */
export function latticeCoordsArrays(structure: Structure): LatticeCoordsArrays {
  return {
    lengths: latticeLengths(structure.lattice),
    angles: latticeAngles(structure.lattice),
    fracCoords: Float64Array.from(structure.fracCoords),
    species: Uint8Array.from(structure.species),
  };
}

/**
 * Inverse of latticeCoordsArrays: the lattice is rebuilt from its parameters in pymatgen's `from_parameters`
 * orientation, so the cell may be rotated relative to the original but every parameter and coordinate is kept.
 */
export function structureFromLatticeCoords(arrays: {
  lengths: ArrayLike<number>;
  angles: ArrayLike<number>;
  fracCoords: ArrayLike<number>;
  species: ArrayLike<number>;
}): Structure {
  const [a, b, c] = [arrays.lengths[0]!, arrays.lengths[1]!, arrays.lengths[2]!];
  const [alpha, beta, gamma] = [arrays.angles[0]!, arrays.angles[1]!, arrays.angles[2]!];
  return makeStructure({ lattice: latticeFromParameters(a, b, c, alpha, beta, gamma), species: arrays.species, fracCoords: arrays.fracCoords });
}

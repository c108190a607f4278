// The lattice stage of the construction: which lattice parameters a crystal system leaves free (cubic: a; tetragonal,
// trigonal and hexagonal: a and c; orthorhombic: a, b, c; monoclinic, unique axis b: a, b, c, β; triclinic: all six),
// chosen one at a time from discretised bins, and the six parameters they stand for.
import { latticeFromParameters, latticeVolume } from "../../crystal/lattice.js";

/** A lattice parameter: lengths a, b, c (Å) and angles α, β, γ (degrees). */
export type LatticeParameterName = "a" | "b" | "c" | "alpha" | "beta" | "gamma";

/** The parameters in the order they are chosen. */
export const LATTICE_PARAMETER_ORDER: readonly LatticeParameterName[] = ["a", "b", "c", "alpha", "beta", "gamma"];

/** Smallest accepted (V / abc)² of a triclinic cell (the random-symmetric search's bound), so the cell is not nearly flat. */
export const MIN_TRICLINIC_SHAPE = 0.2;

/** The free lattice parameters of a crystal system (moyo's names: "Triclinic" … "Cubic"), in choice order. */
export function freeLatticeParameters(crystalSystem: string): readonly LatticeParameterName[] {
  switch (crystalSystem) {
    case "Cubic":
      return ["a"];
    case "Tetragonal":
    case "Trigonal":
    case "Hexagonal":
      return ["a", "c"];
    case "Orthorhombic":
      return ["a", "b", "c"];
    case "Monoclinic":
      return ["a", "b", "c", "beta"];
    default:
      return LATTICE_PARAMETER_ORDER;
  }
}

/** True for an angle parameter (its bins are the angle bins), false for a length. */
export function isAngle(name: LatticeParameterName): boolean {
  return name === "alpha" || name === "beta" || name === "gamma";
}

/**
 * The six parameters (a, b, c in Å; α, β, γ in degrees) of a crystal system from the values of its free parameters
 * (in the order of freeLatticeParameters): the constrained ones follow the system (b = a, 90°, γ = 120° for trigonal
 * and hexagonal axes).
 */
export function sixLatticeParameters(crystalSystem: string, free: readonly number[]): [number, number, number, number, number, number] {
  const v = new Map(freeLatticeParameters(crystalSystem).map((name, i) => [name, free[i]!]));
  const a = v.get("a")!;
  const hexagonal = crystalSystem === "Trigonal" || crystalSystem === "Hexagonal";
  return [a, v.get("b") ?? a, v.get("c") ?? a, v.get("alpha") ?? 90, v.get("beta") ?? 90, v.get("gamma") ?? (hexagonal ? 120 : 90)];
}

/** (V / abc)² of a cell with angles α, β, γ (degrees): 1 for a rectangular cell, 0 for a flat one. */
export function cellShape(alpha: number, beta: number, gamma: number): number {
  return latticeVolume(latticeFromParameters(1, 1, 1, alpha, beta, gamma)) ** 2;
}

// What the stability tools need from a machine-learned model: an interatomic potential and a formation-energy predictor.
// Plain interfaces, so relaxation, hull and S.U.N. code never imports TF.js (the M3GNet port in src/models implements them).
import { CrystalError } from "../crystal/errors.js";
import type { Structure } from "../crystal/structure.js";

/** Energy, forces and stress of one crystal. */
export interface PotentialEvaluation {
  /** Total energy (eV). */
  energy: number;
  /** Cartesian forces on the sites, n×3 row-major (eV/Å); F = −∂E/∂r. */
  forces: Float64Array;
  /**
   * Stress, 3×3 row-major (GPa): σ = (1/V) ∂E/∂ε, the sign convention of ASE and matgl (positive: the energy rises
   * when the cell is stretched, so the cell wants to shrink; the pressure is −trace(σ)/3).
   */
  stress: Float64Array;
}

/** An interatomic potential evaluated on many crystals at once. */
export interface Potential {
  /** Name for reports and cards, e.g. "M3GNet-MP-2021.2.8-PES". */
  readonly name: string;
  /** Why this crystal cannot be evaluated (an element the potential does not know, overlapping atoms, non-finite coordinates), or null. */
  refusal(structure: Structure): string | null;
  /**
   * Energies, forces and stresses of the crystals, in order.
   * @throws PotentialInputError when a crystal is refused (check `refusal` first to skip it).
   */
  evaluate(structures: readonly Structure[]): Promise<PotentialEvaluation[]>;
}

/** A model of the formation energy per atom (eV/atom) of a crystal. */
export interface FormationEnergyModel {
  /** Name for reports and cards, e.g. "M3GNet-MP-2018.6.1-Eform". */
  readonly name: string;
  /** Why this crystal cannot be evaluated, or null. */
  refusal(structure: Structure): string | null;
  /**
   * Formation energies per atom (eV/atom), in order.
   * @throws PotentialInputError when a crystal is refused.
   */
  predict(structures: readonly Structure[]): Promise<Float64Array>;
}

/** A crystal a potential or predictor cannot evaluate; `index` is its position in the request. */
export class PotentialInputError extends CrystalError {
  override name = "PotentialInputError";
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`crystal ${index}: ${reason}`);
  }
}

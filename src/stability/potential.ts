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

/**
 * How another thread loads the same potential: the URL of an ES module exporting `loadPotential(args)` (resolving to
 * the Potential) and its structured-clone arguments. Lets relaxations run on worker threads while src/stability never
 * imports a model (a `src/…ts` URL is mapped to its built `dist/…js` file).
 */
export interface PotentialSource {
  /** URL of the module exporting `loadPotential`. */
  readonly module: string;
  /** The argument of `loadPotential` (plain data). */
  readonly args: unknown;
}

/** An interatomic potential evaluated on many crystals at once. */
export interface Potential {
  /** Name for reports and cards, e.g. "M3GNet-MP-2021.2.8-PES". */
  readonly name: string;
  /** How a worker thread loads this same potential; without it, relaxations stay in the calling thread. */
  readonly source?: PotentialSource;
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

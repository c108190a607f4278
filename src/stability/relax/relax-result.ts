// What a relaxation reports for each crystal.
import type { Structure } from "../../crystal/structure.js";

/**
 * How a relaxation ended: converged (max generalised force below fmax), not-converged (maxSteps reached), exploded
 * (non-finite or absurd energies/forces/stress, or a runaway cell; see RelaxResult.reason) or refused (never evaluated).
 */
export type RelaxStatus = "converged" | "not-converged" | "exploded" | "refused";

/** One recorded frame of a relaxation trajectory, for the viewer. */
export interface RelaxFrame {
  /** FIRE step at which the structure was evaluated (0 = the input). */
  readonly step: number;
  /** Total energy (eV). */
  readonly energy: number;
  /** The crystal at that step (fractional coordinates not wrapped, so atoms move continuously). */
  readonly structure: Structure;
}

/** The outcome of relaxing one crystal. */
export interface RelaxResult {
  readonly status: RelaxStatus;
  /** Why the crystal was refused or exploded (null otherwise). */
  readonly reason: string | null;
  /** FIRE steps taken. */
  readonly steps: number;
  /** Energy (eV) of every evaluation, step 0 first (steps + 1 entries unless it exploded; a non-finite value is kept). */
  readonly energies: Float64Array;
  /** Largest generalised force row (eV/Å; the cell rows of the cell filter in eV) of every evaluation: the convergence measure. */
  readonly maxForces: Float64Array;
  /**
   * The last crystal with a finite evaluation, fractional coordinates wrapped into [0, 1) (the input when none; as given
   * when refused). Its species, labels and properties are the input's.
   */
  readonly structure: Structure;
  /** Energy (eV) of `structure`, null when it was never evaluated. */
  readonly energy: number | null;
  /** Forces on `structure` (eV/Å, n×3), null when never evaluated. */
  readonly forces: Float64Array | null;
  /** Stress of `structure` (GPa, 3×3, ASE's sign), null when never evaluated. */
  readonly stress: Float64Array | null;
  /** Recorded frames (empty unless trajectoryEvery > 0). */
  readonly trajectory: readonly RelaxFrame[];
}

/** The result of a crystal that was refused before any evaluation. */
export function refusedResult(structure: Structure, reason: string): RelaxResult {
  return {
    status: "refused", reason, steps: 0, energies: new Float64Array(0), maxForces: new Float64Array(0), structure,
    energy: null, forces: null, stress: null, trajectory: [],
  };
}

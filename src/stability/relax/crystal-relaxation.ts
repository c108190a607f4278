// The state of one crystal's relaxation: its generalised coordinates, FIRE state and history, fed one evaluation at a time.
import { cartToFrac, latticeFromMatrix, latticeVolume } from "../../crystal/lattice.js";
import { det3, type Mat3 } from "../../crystal/math3.js";
import { type Structure, cartCoords, makeStructure, wrapStructure } from "../../crystal/structure.js";
import type { PotentialEvaluation } from "../potential.js";
import { type ExpCellGeometry, expCellCoordinates, expCellForces, expCellGeometry } from "./exp-cell-filter.js";
import { Fire, type FireParameters } from "./fire.js";
import type { RelaxFrame, RelaxResult, RelaxStatus } from "./relax-result.js";

/** A crystal explodes when its cell volume grows or shrinks by more than this factor from the input's. */
export const EXPLOSION_VOLUME_FACTOR = 4;
/** A crystal explodes when the force on one atom exceeds this (eV/Å). */
export const EXPLOSION_FORCE = 1e4;

/** How one crystal is relaxed (see RelaxOptions). */
export interface RelaxationSettings {
  /** Convergence threshold on the largest generalised force row (eV/Å). */
  readonly fmax: number;
  /** Most FIRE steps. */
  readonly maxSteps: number;
  /** Relax positions only. */
  readonly fixedCell: boolean;
  /** Record a frame every this many steps (0 = none). */
  readonly trajectoryEvery: number;
  /** FIRE parameters. */
  readonly fire: Readonly<FireParameters>;
}

/** One crystal being relaxed: FIRE over its Cartesian positions (fixed cell) or over ExpCellFilter's coordinates. */
export class CrystalRelaxation {
  /** The structure to evaluate next. */
  current: Structure;
  private readonly reference: Mat3;
  private readonly volume0: number;
  private readonly q: Float64Array;
  private readonly fire: Fire;
  private geometry: ExpCellGeometry | null;
  private steps = 0;
  private readonly energies: number[] = [];
  private readonly maxForces: number[] = [];
  private readonly trajectory: RelaxFrame[] = [];
  private last: { step: number; structure: Structure; evaluation: PotentialEvaluation } | null = null;
  private outcome: { status: RelaxStatus; reason: string | null } | null = null;

  /** @param input a crystal with finite coordinates and a non-degenerate cell. */
  constructor(
    private readonly input: Structure,
    private readonly settings: RelaxationSettings,
  ) {
    this.current = input;
    this.reference = input.lattice.matrix;
    this.volume0 = latticeVolume(input.lattice);
    const cart = cartCoords(input);
    this.q = settings.fixedCell ? cart : expCellCoordinates(cart);
    this.geometry = settings.fixedCell ? null : expCellGeometry(this.reference, this.q);
    this.fire = new Fire(settings.fire);
  }

  /** FIRE steps taken so far. */
  get stepsTaken(): number {
    return this.steps;
  }

  /**
   * Takes the evaluation of `current`: records it, then ends the relaxation (converged, not-converged, exploded) or moves
   * `current` one FIRE step. Returns true when the relaxation has ended.
   * @throws RangeError when the evaluation's forces or stress have the wrong length.
   */
  absorb(evaluation: PotentialEvaluation): boolean {
    const n = this.input.species.length, step = this.steps;
    const { energy, forces, stress } = evaluation;
    if (forces.length !== 3 * n || stress.length !== 9)
      throw new RangeError(`relax: the potential returned ${forces.length} force components and ${stress.length} stress components for ${n} sites (expected ${3 * n} and 9)`);
    const g = this.geometry ? expCellForces(this.q, this.geometry, forces, stress) : forces;
    const maxForce2 = largestRowSquared(g);
    this.energies.push(energy);
    this.maxForces.push(Math.sqrt(maxForce2));
    const nonFinite = !Number.isFinite(energy) ? "energy" : !forces.every(Number.isFinite) ? "forces" : !stress.every(Number.isFinite) ? "stress" : null;
    if (nonFinite !== null) return this.end("exploded", `the potential returned a non-finite ${nonFinite} at step ${step}`);
    const atomForce2 = largestRowSquared(forces);
    if (atomForce2 > EXPLOSION_FORCE ** 2)
      return this.end("exploded", `a force of ${Math.sqrt(atomForce2).toExponential(3)} eV/Å at step ${step} (limit ${EXPLOSION_FORCE} eV/Å)`);
    this.last = { step, structure: this.current, evaluation };
    if (this.settings.trajectoryEvery > 0 && step % this.settings.trajectoryEvery === 0) this.record();
    // ASE's Optimizer.converged: max over rows of |g|² < fmax².
    if (maxForce2 < this.settings.fmax ** 2) return this.end("converged", null);
    if (step >= this.settings.maxSteps) return this.end("not-converged", null);
    this.fire.step(this.q, g);
    this.steps++;
    return this.moveTo();
  }

  /** Ends the relaxation as exploded because the potential refused `current` (for example atoms that ran into each other). */
  refuse(reason: string): void {
    this.end("exploded", `the potential refused the crystal at step ${this.steps}: ${reason}`);
  }

  /**
   * The outcome (see RelaxResult).
   * @throws Error while the relaxation is still running.
   */
  result(): RelaxResult {
    if (this.outcome === null) throw new Error("relax: result() before the relaxation ended");
    const last = this.last;
    return {
      ...this.outcome,
      steps: this.steps,
      energies: Float64Array.from(this.energies),
      maxForces: Float64Array.from(this.maxForces),
      structure: wrapStructure(last?.structure ?? this.input),
      energy: last?.evaluation.energy ?? null,
      forces: last ? Float64Array.from(last.evaluation.forces) : null,
      stress: last ? Float64Array.from(last.evaluation.stress) : null,
      trajectory: this.trajectory,
    };
  }

  /** Sets `current` to the crystal at the coordinates `q`; ends the relaxation as exploded when the cell ran away. */
  private moveTo(): boolean {
    let matrix = this.reference, cart = this.q;
    if (!this.settings.fixedCell) {
      this.geometry = expCellGeometry(this.reference, this.q);
      ({ matrix, cart } = this.geometry);
    }
    const volume = Math.abs(det3(matrix));
    const ratio = volume / this.volume0;
    if (!(ratio <= EXPLOSION_VOLUME_FACTOR && ratio >= 1 / EXPLOSION_VOLUME_FACTOR))
      return this.end("exploded", `the cell volume went from ${this.volume0.toFixed(3)} to ${volume.toPrecision(6)} Å³ at step ${this.steps} (limit ×${EXPLOSION_VOLUME_FACTOR} or ÷${EXPLOSION_VOLUME_FACTOR})`);
    const lattice = matrix === this.reference ? this.input.lattice : latticeFromMatrix(matrix);
    this.current = makeStructure({ ...this.input, lattice, fracCoords: cartToFrac(lattice, cart) });
    return false;
  }

  /** Records the last finitely evaluated crystal as a trajectory frame. */
  private record(): void {
    const last = this.last!;
    this.trajectory.push({ step: last.step, energy: last.evaluation.energy, structure: last.structure });
  }

  /** Ends the relaxation; the last good crystal closes the trajectory when it was not recorded yet. Returns true. */
  private end(status: RelaxStatus, reason: string | null): true {
    this.outcome = { status, reason };
    const lastFrame = this.trajectory[this.trajectory.length - 1];
    if (this.settings.trajectoryEvery > 0 && this.last !== null && lastFrame?.structure !== this.last.structure) this.record();
    return true;
  }
}

/** The largest squared norm of the 3-vector rows of a flat array (NaN when a row is NaN). */
function largestRowSquared(rows: ArrayLike<number>): number {
  let best = 0;
  for (let i = 0; i < rows.length; i += 3) {
    const s = rows[i]! ** 2 + rows[i + 1]! ** 2 + rows[i + 2]! ** 2;
    if (s > best || Number.isNaN(s)) best = s;
  }
  return best;
}

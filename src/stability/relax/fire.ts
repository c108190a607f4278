// FIRE (fast inertial relaxation engine, Bitzek et al., PRL 97, 170201 (2006)) as ASE 3.22's ase.optimize.FIRE:
// the same velocity mixing, time-step control, reset on uphill power and step-length cap on the whole vector.

/** Parameters of FIRE; the defaults (FIRE_DEFAULTS) are ASE's. */
export interface FireParameters {
  /** Initial time step (ASE's units with unit masses: from rest, a step moves dt²·F Å for a force F in eV/Å). */
  dt: number;
  /** Largest step length of the whole coordinate vector (Å). */
  maxStep: number;
  /** Largest time step. */
  dtMax: number;
  /** Downhill steps before the time step may grow. */
  nMin: number;
  /** Time-step growth factor on a downhill step. */
  fInc: number;
  /** Time-step shrink factor on an uphill step. */
  fDec: number;
  /** Mixing parameter α at the start and after every reset. */
  aStart: number;
  /** Factor applied to α on each downhill step past nMin. */
  fA: number;
}

/** ASE's FIRE defaults: dt 0.1, maxstep 0.2 Å, dtmax 1.0, Nmin 5, finc 1.1, fdec 0.5, astart 0.1, fa 0.99. */
export const FIRE_DEFAULTS: Readonly<FireParameters> = Object.freeze({
  dt: 0.1, maxStep: 0.2, dtMax: 1.0, nMin: 5, fInc: 1.1, fDec: 0.5, aStart: 0.1, fA: 0.99,
});

/** The state of one FIRE minimisation (velocity, time step, mixing, downhill count) over a coordinate vector. */
export class Fire {
  private velocity: Float64Array | null = null;
  private dt: number;
  private a: number;
  private downhillSteps = 0;

  /** @param parameters FIRE settings (see FIRE_DEFAULTS). */
  constructor(private readonly parameters: Readonly<FireParameters>) {
    this.dt = parameters.dt;
    this.a = parameters.aStart;
  }

  /**
   * One FIRE step: moves `positions` in place along `forces` (the negative gradient, same length), as ASE's FIRE.step.
   * @throws RangeError when the lengths differ from each other or from the first call.
   */
  step(positions: Float64Array, forces: ArrayLike<number>): void {
    const p = this.parameters;
    const n = positions.length;
    if (forces.length !== n || (this.velocity !== null && this.velocity.length !== n))
      throw new RangeError(`FIRE: ${n} coordinates, ${forces.length} forces, velocity of ${this.velocity?.length ?? n}`);
    let v = this.velocity;
    if (v === null) {
      v = this.velocity = new Float64Array(n);
    } else {
      const vf = dot(forces, v, n);
      if (vf > 0) {
        const fNorm = Math.sqrt(dot(forces, forces, n)), vNorm = Math.sqrt(dot(v, v, n));
        for (let i = 0; i < n; i++) v[i] = (1 - this.a) * v[i]! + ((this.a * forces[i]!) / fNorm) * vNorm;
        if (this.downhillSteps > p.nMin) {
          this.dt = Math.min(this.dt * p.fInc, p.dtMax);
          this.a *= p.fA;
        }
        this.downhillSteps++;
      } else {
        v.fill(0);
        this.a = p.aStart;
        this.dt *= p.fDec;
        this.downhillSteps = 0;
      }
    }
    const dr = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      v[i]! += this.dt * forces[i]!;
      dr[i] = this.dt * v[i]!;
    }
    const length = Math.sqrt(dot(dr, dr, n));
    const cap = length > p.maxStep;
    for (let i = 0; i < n; i++) positions[i]! += cap ? (p.maxStep * dr[i]!) / length : dr[i]!;
  }
}

/** Σ a_i b_i over the first n entries. */
function dot(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

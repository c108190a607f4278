// ASE 3.22's ExpCellFilter: positions and cell relaxed together as one vector of generalised coordinates. The cell
// enters through the deformation gradient F = exp(U) from the reference cell (lattice = reference·Fᵀ); the n + 3 rows
// are the positions z = x·F⁻ᵀ in the undeformed cell (Å) and the 3×3 log-deformation U (dimensionless; ASE 3.22's
// ExpCellFilter sets cell_factor to 1, so U is not scaled). The generalised forces are f·F (eV/Å) on the position rows
// and the virial (eV) on the U rows.
import { det3, type Mat3, mul3, transpose3 } from "../../crystal/math3.js";
import { exponentialFrechetDerivative3, matrixExponential } from "./matrix-exponential.js";
import { GPA_PER_EV_PER_A3 } from "./units.js";

/** The crystal at a point of the filter's coordinates. */
export interface ExpCellGeometry {
  /** Lattice matrix, rows a, b, c (Å): reference·Fᵀ. */
  readonly matrix: Mat3;
  /** Cartesian positions (Å, n×3 flat): z·Fᵀ. */
  readonly cart: Float64Array;
  /** Deformation gradient F = exp(U) (dimensionless, 3×3 row-major). */
  readonly deformation: Mat3;
}

/** Filter coordinates ((n + 3)×3 flat) of a crystal at its reference cell: its Cartesian positions (Å), then U = 0. */
export function expCellCoordinates(cart: ArrayLike<number>): Float64Array {
  const q = new Float64Array(cart.length + 9);
  q.set(cart);
  return q;
}

/** The lattice and Cartesian positions at filter coordinates `q` ((n + 3)×3 flat) from the `reference` lattice matrix (Å). */
export function expCellGeometry(reference: Mat3, q: ArrayLike<number>): ExpCellGeometry {
  const n = q.length / 3 - 3;
  const deformation = matrixExponential(Array.from({ length: 9 }, (_, k) => q[3 * n + k]!), 3);
  const ft = transpose3(deformation);
  const cart = new Float64Array(3 * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < 3; j++) cart[3 * i + j] = q[3 * i]! * ft[j]! + q[3 * i + 1]! * ft[3 + j]! + q[3 * i + 2]! * ft[6 + j]!;
  return { matrix: mul3(reference, ft), cart, deformation };
}

/**
 * Generalised forces ((n + 3)×3 flat) at filter coordinates `q`, from the potential's Cartesian `forces` (eV/Å, n×3)
 * and `stress` (GPa, 3×3; symmetrised) at `geometry`, as ExpCellFilter.get_forces with scalar_pressure 0: atom rows
 * f·F (eV/Å), cell rows the virial −V·σ (eV), or the exact gradient in U when it points more than ~37° away from it.
 */
export function expCellForces(q: ArrayLike<number>, geometry: ExpCellGeometry, forces: ArrayLike<number>, stress: ArrayLike<number>): Float64Array {
  const n = forces.length / 3;
  const f = geometry.deformation;
  const out = new Float64Array(3 * n + 9);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < 3; j++) out[3 * i + j] = forces[3 * i]! * f[j]! + forces[3 * i + 1]! * f[3 + j]! + forces[3 * i + 2]! * f[6 + j]!;
  const volume = Math.abs(det3(geometry.matrix));
  const virial = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) virial[3 * i + j] = (-volume * ((stress[3 * i + j]! + stress[3 * j + i]!) / 2)) / GPA_PER_EV_PER_A3;
  out.set(logDeformationForce(Array.from({ length: 9 }, (_, k) => q[3 * n + k]!), virial), 3 * n);
  return out;
}

/**
 * The force on U as ExpCellFilter: the exact gradient L(U, W·e^(−U)) (off-diagonal symmetrised) replaced by the naive
 * virial W whenever the two agree (numpy isclose) or their cosine exceeds 0.8.
 */
function logDeformationForce(u: readonly number[], virial: Float64Array): Float64Array {
  const minusVirialExp = mul3(virial, matrixExponential(u.map((v) => -v), 3)).map((v) => -v);
  const exact = exponentialFrechetDerivative3(u, minusVirialExp).map((v) => -v);
  for (const [i, j] of [[0, 1], [0, 2], [1, 2]] as const) exact[3 * i + j] = exact[3 * j + i] = 0.5 * (exact[3 * i + j]! + exact[3 * j + i]!);
  let close = true, cross = 0, exact2 = 0, naive2 = 0;
  for (let k = 0; k < 9; k++) {
    const a = exact[k]!, b = virial[k]!;
    if (!(Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b))) close = false;
    cross += a * b;
    exact2 += a * a;
    naive2 += b * b;
  }
  return close || cross / Math.sqrt(exact2 * naive2) > 0.8 ? virial : exact;
}

import { StructureError } from "./errors.js";
import { type Mat3, det3, inv3, mat3, mul3, rowLengths, rowsTimesMat3, transpose3 } from "./math3.js";

/**
 * A crystal lattice: a 3×3 matrix whose rows are the lattice vectors a, b, c (Å).
 * Plain immutable data (it survives structuredClone / postMessage); every operation is a function.
 */
export interface Lattice {
  /** Row-major 3×3 matrix, rows a, b, c (Å). */
  readonly matrix: Mat3;
}

/** Lattice parameters: lengths a, b, c (Å) and angles α (b∠c), β (a∠c), γ (a∠b) (degrees). */
export interface LatticeParameters {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

const DEG = Math.PI / 180;

/** A lattice from a matrix (9 numbers row-major, or 3 rows a, b, c in Å). Throws StructureError if not finite or singular. */
export function latticeFromMatrix(m: ArrayLike<number> | ArrayLike<ArrayLike<number>>): Lattice {
  let matrix: Mat3;
  try {
    matrix = mat3(m);
  } catch (e) {
    throw new StructureError(`lattice: ${(e as Error).message}`);
  }
  return adoptMatrix(matrix);
}

/** The lattice of a freshly built matrix (adopted, not copied). Throws StructureError if an entry is not finite. */
function adoptMatrix(matrix: Mat3): Lattice {
  for (let i = 0; i < 9; i++) if (!Number.isFinite(matrix[i]!)) throw new StructureError("lattice: matrix has a non-finite entry");
  return Object.freeze({ matrix });
}

/**
 * A lattice from parameters (Å, degrees) in pymatgen's orientation (metrics-spec §1):
 * a = (a sinβ, 0, a cosβ), b = (−b sinα cosγ*, b sinα sinγ*, b cosα), c = (0, 0, c).
 */
export function latticeFromParameters(a: number, b: number, c: number, alpha: number, beta: number, gamma: number): Lattice {
  // Plain checks first: building the named entries for the message costs more than the whole cell (hot in CIF reading).
  if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(alpha) && Number.isFinite(beta) && Number.isFinite(gamma)))
    for (const [k, v] of Object.entries({ a, b, c, alpha, beta, gamma }))
      if (!Number.isFinite(v)) throw new StructureError(`lattice parameter ${k} is not a finite number (${v})`);
  const ca = Math.cos(alpha * DEG), cb = Math.cos(beta * DEG), cg = Math.cos(gamma * DEG);
  const sa = Math.sin(alpha * DEG), sb = Math.sin(beta * DEG);
  const cosGammaStar = Math.min(1, Math.max(-1, (ca * cb - cg) / (sa * sb)));
  const gammaStar = Math.acos(cosGammaStar);
  // Filled in place (no intermediate array to copy): every CIF read builds one.
  const m = new Float64Array(9);
  m[0] = a * sb; m[2] = a * cb;
  m[3] = -b * sa * Math.cos(gammaStar); m[4] = b * sa * Math.sin(gammaStar); m[5] = b * ca;
  m[8] = c;
  return adoptMatrix(m);
}

/** Lengths |a|, |b|, |c| (Å). */
export function latticeLengths(lattice: Lattice): [number, number, number] {
  return rowLengths(lattice.matrix) as [number, number, number];
}

/** Angles α (b∠c), β (a∠c), γ (a∠b) in degrees. */
export function latticeAngles(lattice: Lattice): [number, number, number] {
  const g = metricTensor(lattice);
  const angle = (i: number, j: number) => {
    const c = g[3 * i + j]! / Math.sqrt(g[3 * i + i]! * g[3 * j + j]!);
    return Math.acos(Math.min(1, Math.max(-1, c))) / DEG;
  };
  return [angle(1, 2), angle(0, 2), angle(0, 1)];
}

/** Lattice parameters a, b, c (Å), α, β, γ (degrees). */
export function latticeParameters(lattice: Lattice): LatticeParameters {
  const [a, b, c] = latticeLengths(lattice);
  const [alpha, beta, gamma] = latticeAngles(lattice);
  return { a, b, c, alpha, beta, gamma };
}

/** Cell volume |det M| (Å³). */
export function latticeVolume(lattice: Lattice): number {
  return Math.abs(det3(lattice.matrix));
}

/** Metric tensor G = M Mᵀ (Å²): G[i][j] = a_i · a_j. */
export function metricTensor(lattice: Lattice): Mat3 {
  return mul3(lattice.matrix, transpose3(lattice.matrix));
}

/**
 * Reciprocal lattice. With `crystallographic: false` (default, pymatgen `reciprocal_lattice`) the rows b_i satisfy
 * a_i · b_j = 2π δ_ij (Å⁻¹); with `crystallographic: true` a_i · b_j = δ_ij.
 */
export function reciprocalLattice(lattice: Lattice, options: { crystallographic?: boolean } = {}): Lattice {
  const scale = options.crystallographic ? 1 : 2 * Math.PI;
  const inverseT = transpose3(inv3(lattice.matrix));
  return latticeFromMatrix(inverseT.map((v) => v * scale));
}

/** Cartesian coordinates (Å, n×3 flat) of fractional coordinates (n×3 flat). */
export function fracToCart(lattice: Lattice, fracCoords: ArrayLike<number>): Float64Array {
  return rowsTimesMat3(fracCoords, lattice.matrix);
}

/** Fractional coordinates (n×3 flat) of Cartesian coordinates (Å, n×3 flat). */
export function cartToFrac(lattice: Lattice, cartCoords: ArrayLike<number>): Float64Array {
  return rowsTimesMat3(cartCoords, inv3(lattice.matrix));
}

/** The same lattice scaled isotropically to a new volume (Å³). */
export function scaleLatticeToVolume(lattice: Lattice, volume: number): Lattice {
  const f = Math.cbrt(volume / latticeVolume(lattice));
  return latticeFromMatrix(lattice.matrix.map((v) => v * f));
}

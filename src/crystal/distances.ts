// Periodic shortest vectors and distance matrices (metrics-spec §1.1), as pymatgen's pbc_shortest_vectors and
// Structure.distance_matrix: coordinates go to the LLL basis, are wrapped into [0, 1), and the minimum is taken over
// the 27 images (−1, 0, 1)³ of the LLL cell.
import type { Lattice } from "./lattice.js";
import { type LllResult, lllFracCoords, lllReduce } from "./lll.js";
import type { Mat3 } from "./math3.js";
import type { Structure } from "./structure.js";

/** 1.5·2⁵²: for |x| < 2⁵¹, (x + ROUNDING) − ROUNDING is x rounded to the nearest integer (ties to even). */
const ROUNDING = 6755399441055744;

/**
 * The integer nearest to x (ties to even) for |x| < 2⁵¹, without a branch: V8's Math.round branches on the fraction,
 * which mispredicts on coordinates and made it several times slower in the matcher's inner loops.
 */
export function nearestInteger(x: number): number {
  return x + ROUNDING - ROUNDING;
}

/**
 * |x − round(x)| (dimensionless): how far a fractional coordinate (difference) lies from the nearest integer, for
 * |x| < 2⁵¹; the same number as Math.abs(x − Math.round(x)) (at a tie both are 0.5), branch-free.
 */
export function nearestIntegerDistance(x: number): number {
  return Math.abs(x - nearestInteger(x));
}

/** Shortest periodic vectors between two point sets. */
export interface PbcShortestVectors {
  /** nA×nB×3 flat: Cartesian vector (Å) from point i of A to the nearest image of point j of B, at [3·(i·nB + j)]. */
  readonly vectors: Float64Array;
  /** nA×nB flat: squared length (Å²) of each shortest vector. */
  readonly d2: Float64Array;
}

/** Cartesian coordinates (Å, n×3 flat) of fractional points re-expressed in the LLL basis and wrapped into its cell. */
function wrappedLllCartesian(lll: LllResult, frac: ArrayLike<number>): Float64Array {
  const m = lll.lattice.matrix;
  const f = lllFracCoords(lll, frac);
  const out = new Float64Array(f.length);
  for (let k = 0; k < f.length; k += 3) {
    const x = f[k]! - Math.floor(f[k]!), y = f[k + 1]! - Math.floor(f[k + 1]!), z = f[k + 2]! - Math.floor(f[k + 2]!);
    out[k] = x * m[0]! + y * m[3]! + z * m[6]!;
    out[k + 1] = x * m[1]! + y * m[4]! + z * m[7]!;
    out[k + 2] = x * m[2]! + y * m[5]! + z * m[8]!;
  }
  return out;
}

/** |L|² (Å²) of the 27 image vectors L = i·a + j·b + k·c, i, j, k ∈ {−1, 0, 1}, index 9(i+1) + 3(j+1) + (k+1). */
function imageNormsSquared(m: Mat3): Float64Array {
  const g = new Float64Array(27);
  for (let q = 0, i = -1; i <= 1; i++)
    for (let j = -1; j <= 1; j++)
      for (let k = -1; k <= 1; k++, q++) {
        const x = i * m[0]! + j * m[3]! + k * m[6]!, y = i * m[1]! + j * m[4]! + k * m[7]!, z = i * m[2]! + j * m[5]! + k * m[8]!;
        g[q] = x * x + y * y + z * z;
      }
  return g;
}

/**
 * Index of the image L minimising |d + L|² over the 27 images, using |d + L|² = |d|² + 2 d·L + |L|²: only the three
 * projections d·a_k are needed per pair.
 */
function nearestImage(dx: number, dy: number, dz: number, m: Mat3, g: Float64Array): number {
  const p0 = 2 * (dx * m[0]! + dy * m[1]! + dz * m[2]!);
  const p1 = 2 * (dx * m[3]! + dy * m[4]! + dz * m[5]!);
  const p2 = 2 * (dx * m[6]! + dy * m[7]! + dz * m[8]!);
  let best = Infinity, bq = 13;
  for (let q = 0, i = -1; i <= 1; i++) {
    const s0 = i * p0;
    for (let j = -1; j <= 1; j++) {
      const s1 = s0 + j * p1;
      for (let k = -1; k <= 1; k++, q++) {
        const v = s1 + k * p2 + g[q]!;
        if (v < best) {
          best = v;
          bq = q;
        }
      }
    }
  }
  return bq;
}

/**
 * Shortest vectors (Å) and squared distances (Å²) from every point of `fracA` to every point of `fracB`
 * (fractional coordinates in `lattice`, n×3 flat) under periodic boundary conditions, as pymatgen's
 * pbc_shortest_vectors: LLL basis, wrap, minimum over 27 images.
 */
export function pbcShortestVectors(lattice: Lattice, fracA: ArrayLike<number>, fracB: ArrayLike<number>): PbcShortestVectors {
  const lll = lllReduce(lattice);
  const m = lll.lattice.matrix;
  const ca = wrappedLllCartesian(lll, fracA), cb = wrappedLllCartesian(lll, fracB);
  const g = imageNormsSquared(m);
  const nA = ca.length / 3, nB = cb.length / 3;
  const vectors = new Float64Array(nA * nB * 3);
  const d2 = new Float64Array(nA * nB);
  for (let i = 0; i < nA; i++) {
    const xi = ca[3 * i]!, yi = ca[3 * i + 1]!, zi = ca[3 * i + 2]!;
    for (let j = 0; j < nB; j++) {
      const dx = cb[3 * j]! - xi, dy = cb[3 * j + 1]! - yi, dz = cb[3 * j + 2]! - zi;
      const q = nearestImage(dx, dy, dz, m, g);
      const a = Math.floor(q / 9) - 1, b = (Math.floor(q / 3) % 3) - 1, k = (q % 3) - 1;
      // The chosen image's vector, evaluated directly (no cancellation).
      const x = dx + a * m[0]! + b * m[3]! + k * m[6]!, y = dy + a * m[1]! + b * m[4]! + k * m[7]!, z = dz + a * m[2]! + b * m[5]! + k * m[8]!;
      const p = i * nB + j;
      d2[p] = x * x + y * y + z * z;
      vectors[3 * p] = x;
      vectors[3 * p + 1] = y;
      vectors[3 * p + 2] = z;
    }
  }
  return { vectors, d2 };
}

/**
 * Squared periodic distances (Å²) from one point to many, with the lattice reduced once for many calls:
 * `periodicDistancesFrom(lattice)(point, others)` gives, for fractional `point` [3] and `others` (n×3 flat), the n
 * squared distances of pbcShortestVectors(lattice, point, others).d2 (up to rounding, as distanceMatrix computes them).
 */
export function periodicDistancesFrom(lattice: Lattice): (point: ArrayLike<number>, others: ArrayLike<number>) => Float64Array {
  const lll = lllReduce(lattice);
  const m = lll.lattice.matrix;
  const g = imageNormsSquared(m);
  return (point, others) => {
    const a = wrappedLllCartesian(lll, point), b = wrappedLllCartesian(lll, others);
    const out = new Float64Array(b.length / 3);
    for (let j = 0; j < out.length; j++) {
      const dx = b[3 * j]! - a[0]!, dy = b[3 * j + 1]! - a[1]!, dz = b[3 * j + 2]! - a[2]!;
      const d2 = dx * dx + dy * dy + dz * dz + imageOffsetMinimum(dx, dy, dz, m, g);
      out[j] = d2 > 0 ? d2 : 0;
    }
    return out;
  };
}

/**
 * Periodic distance matrix (Å, n×n flat, row-major, symmetric) of a structure, as pymatgen's Structure.distance_matrix
 * (metrics-spec §1.1). The diagonal is 0: a site's distance to its own periodic images is not considered.
 */
export function distanceMatrix(structure: Structure): Float64Array {
  const lll = lllReduce(structure.lattice);
  const m = lll.lattice.matrix;
  const c = wrappedLllCartesian(lll, structure.fracCoords);
  const g = imageNormsSquared(m);
  const n = c.length / 3;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = c[3 * i]!, yi = c[3 * i + 1]!, zi = c[3 * i + 2]!;
    for (let j = i + 1; j < n; j++) {
      const dx = c[3 * j]! - xi, dy = c[3 * j + 1]! - yi, dz = c[3 * j + 2]! - zi;
      // min over images of |d + L|² = |d|² + min (2 d·L + |L|²); the rounding error is ~1e-15·|d|², far below 1e-9 Å.
      const d2 = dx * dx + dy * dy + dz * dz + imageOffsetMinimum(dx, dy, dz, m, g);
      const d = Math.sqrt(d2 > 0 ? d2 : 0);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
  return out;
}

/** min over the 27 images of 2 d·L + |L|² (Å²), branch-free. */
function imageOffsetMinimum(dx: number, dy: number, dz: number, m: Mat3, g: Float64Array): number {
  const p0 = 2 * (dx * m[0]! + dy * m[1]! + dz * m[2]!);
  const p1 = 2 * (dx * m[3]! + dy * m[4]! + dz * m[5]!);
  const p2 = 2 * (dx * m[6]! + dy * m[7]! + dz * m[8]!);
  let best = Infinity;
  for (let q = 0, i = -1; i <= 1; i++) {
    const s0 = i * p0;
    for (let j = -1; j <= 1; j++, q += 3) {
      const s1 = s0 + j * p1;
      const u = s1 - p2 + g[q]!, v = s1 + g[q + 1]!, w = s1 + p2 + g[q + 2]!;
      const x = u < v ? u : v;
      const y = x < w ? x : w;
      if (y < best) best = y;
    }
  }
  return best;
}

/** Smallest periodic distance (Å) between two different sites (Infinity for a single site): min off-diagonal of distanceMatrix. */
export function minimumSiteDistance(structure: Structure): number {
  const n = structure.species.length;
  const d = distanceMatrix(structure);
  let best = Infinity;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (d[i * n + j]! < best) best = d[i * n + j]!;
  return best;
}

// Periodic shortest vectors and distance matrices (metrics-spec §1.1), as pymatgen's pbc_shortest_vectors and
// Structure.distance_matrix: coordinates go to the LLL basis, are wrapped into [0, 1), and the minimum is taken over
// the 27 images (−1, 0, 1)³ of the LLL cell.
import type { Lattice } from "./lattice.js";
import { lllFracCoords, lllReduce } from "./lll.js";
import type { Structure } from "./structure.js";

/** Shortest periodic vectors between two point sets. */
export interface PbcShortestVectors {
  /** nA×nB×3 flat: Cartesian vector (Å) from point i of A to the nearest image of point j of B, at [3·(i·nB + j)]. */
  readonly vectors: Float64Array;
  /** nA×nB flat: squared length (Å²) of each shortest vector. */
  readonly d2: Float64Array;
}

/** Cartesian coordinates (Å, n×3 flat) of points wrapped into the LLL cell, plus the 27 LLL image vectors (Å, 27×3). */
function lllCartesian(lattice: Lattice, ...fracSets: ArrayLike<number>[]): { carts: Float64Array[]; images: Float64Array } {
  const lll = lllReduce(lattice);
  const m = lll.lattice.matrix;
  const carts = fracSets.map((frac) => {
    const f = lllFracCoords(lll, frac);
    const out = new Float64Array(f.length);
    for (let k = 0; k < f.length; k += 3) {
      const x = f[k]! - Math.floor(f[k]!), y = f[k + 1]! - Math.floor(f[k + 1]!), z = f[k + 2]! - Math.floor(f[k + 2]!);
      out[k] = x * m[0]! + y * m[3]! + z * m[6]!;
      out[k + 1] = x * m[1]! + y * m[4]! + z * m[7]!;
      out[k + 2] = x * m[2]! + y * m[5]! + z * m[8]!;
    }
    return out;
  });
  const images = new Float64Array(81);
  let q = 0;
  for (let i = -1; i <= 1; i++)
    for (let j = -1; j <= 1; j++)
      for (let k = -1; k <= 1; k++, q += 3) {
        images[q] = i * m[0]! + j * m[3]! + k * m[6]!;
        images[q + 1] = i * m[1]! + j * m[4]! + k * m[7]!;
        images[q + 2] = i * m[2]! + j * m[5]! + k * m[8]!;
      }
  return { carts, images };
}

/**
 * Shortest vectors (Å) and squared distances (Å²) from every point of `fracA` to every point of `fracB`
 * (fractional coordinates in `lattice`, n×3 flat) under periodic boundary conditions, as pymatgen's
 * pbc_shortest_vectors: LLL basis, wrap, minimum over 27 images.
 */
export function pbcShortestVectors(lattice: Lattice, fracA: ArrayLike<number>, fracB: ArrayLike<number>): PbcShortestVectors {
  const { carts, images } = lllCartesian(lattice, fracA, fracB);
  const [ca, cb] = carts as [Float64Array, Float64Array];
  const nA = ca.length / 3, nB = cb.length / 3;
  const vectors = new Float64Array(nA * nB * 3);
  const d2 = new Float64Array(nA * nB);
  for (let i = 0; i < nA; i++) {
    const xi = ca[3 * i]!, yi = ca[3 * i + 1]!, zi = ca[3 * i + 2]!;
    for (let j = 0; j < nB; j++) {
      const dx = cb[3 * j]! - xi, dy = cb[3 * j + 1]! - yi, dz = cb[3 * j + 2]! - zi;
      let best = Infinity, bx = 0, by = 0, bz = 0;
      for (let q = 0; q < 81; q += 3) {
        const x = dx + images[q]!, y = dy + images[q + 1]!, z = dz + images[q + 2]!;
        const d = x * x + y * y + z * z;
        if (d < best) {
          best = d;
          bx = x; by = y; bz = z;
        }
      }
      const p = i * nB + j;
      d2[p] = best;
      vectors[3 * p] = bx; vectors[3 * p + 1] = by; vectors[3 * p + 2] = bz;
    }
  }
  return { vectors, d2 };
}

/**
 * Periodic distance matrix (Å, n×n flat, row-major, symmetric) of a structure, as pymatgen's Structure.distance_matrix
 * (metrics-spec §1.1). The diagonal is 0: a site's distance to its own periodic images is not considered.
 */
export function distanceMatrix(structure: Structure): Float64Array {
  const { carts, images } = lllCartesian(structure.lattice, structure.fracCoords);
  const c = carts[0]!;
  const n = c.length / 3;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = c[3 * i]!, yi = c[3 * i + 1]!, zi = c[3 * i + 2]!;
    for (let j = i + 1; j < n; j++) {
      const dx = c[3 * j]! - xi, dy = c[3 * j + 1]! - yi, dz = c[3 * j + 2]! - zi;
      let best = Infinity;
      for (let q = 0; q < 81; q += 3) {
        const x = dx + images[q]!, y = dy + images[q + 1]!, z = dz + images[q + 2]!;
        const d = x * x + y * y + z * z;
        if (d < best) best = d;
      }
      const d = Math.sqrt(best);
      out[i * n + j] = d;
      out[j * n + i] = d;
    }
  }
  return out;
}

/** Smallest periodic distance (Å) between two different sites (Infinity for a single site): min off-diagonal of distanceMatrix. */
export function minimumSiteDistance(structure: Structure): number {
  const n = structure.species.length;
  const d = distanceMatrix(structure);
  let best = Infinity;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (d[i * n + j]! < best) best = d[i * n + j]!;
  return best;
}

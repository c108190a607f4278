// Niggli reduction of a lattice (metrics-spec §9.5): the numerically stable Křivý–Gruber algorithm of
// Grosse-Kunstleve, Sauter & Adams, Acta Cryst. A60 (2004) 1–6, doi:10.1107/S010876730302186X, run on the metric
// tensor of the LLL-reduced basis, then mapped back onto lattice vectors of the input lattice as pymatgen does
// (Lattice.get_niggli_reduced_lattice, pymatgen 2022.11), so both parameters and matrix agree with pymatgen.
import { StructureError } from "./errors.js";
import { type Lattice, type LatticeParameters, latticeFromMatrix, latticeVolume } from "./lattice.js";
import { fusedMultiplyAdd, lllReducedRows, rowDotFma } from "./lll.js";
import { det3 } from "./math3.js";

/** Congruence G ← Mᵀ·G·M in place, for 3×3 row-major G and M (`work` is 9 numbers of scratch space). */
function congruence(G: number[], M: readonly number[], work: number[]): void {
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) work[3 * i + j] = G[3 * i]! * M[j]! + G[3 * i + 1]! * M[3 + j]! + G[3 * i + 2]! * M[6 + j]!;
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) G[3 * i + j] = M[i]! * work[j]! + M[3 + i]! * work[3 + j]! + M[6 + i]! * work[6 + j]!;
}

const sign = (x: number, eps: number) => (Math.abs(x) < eps ? 0 : x / Math.abs(x));

/**
 * Niggli-reduced parameters (Å, degrees) by steps A1–A8 (at most 100 iterations) on the metric tensor of the
 * LLL-reduced basis, with ε = tol · V^(1/3) (V in Å³). Step order and tolerances follow pymatgen exactly.
 */
export function niggliParameters(lattice: Lattice, tol = 1e-5): LatticeParameters {
  const eps = tol * Math.cbrt(latticeVolume(lattice));
  // Metric tensor of the LLL basis, rounded as numpy's dot(matrix, matrix.T). It is symmetric bit for bit (the
  // fused multiply-add is exact up to its one rounding, so a_i·a_j and a_j·a_i round alike): 6 dot products, not 9.
  const L = lllReducedRows(lattice);
  const G = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 3; i++) for (let j = i; j < 3; j++) G[3 * i + j] = G[3 * j + i] = rowDotFma(L, i, L, j);
  const work = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let iter = 0; iter < 100; iter++) {
    // The same values feed A1–A4 (A1 does not refresh them, as in the reference implementation).
    let A = G[0]!, B = G[4]!, E = 2 * G[5]!, N = 2 * G[2]!, Y = 2 * G[1]!;
    const C = G[8]!;
    if (A > B + eps || (Math.abs(A - B) < eps && Math.abs(E) > Math.abs(N) + eps)) {
      congruence(G, [0, -1, 0, -1, 0, 0, 0, 0, -1], work); // A1
    }
    if (B > C + eps || (Math.abs(B - C) < eps && Math.abs(N) > Math.abs(Y) + eps)) {
      congruence(G, [-1, 0, 0, 0, 0, -1, 0, -1, 0], work); // A2
      continue;
    }
    const l = sign(E, eps), m = sign(N, eps), n = sign(Y, eps);
    if (l * m * n === 1) {
      congruence(G, [l === -1 ? -1 : 1, 0, 0, 0, m === -1 ? -1 : 1, 0, 0, 0, n === -1 ? -1 : 1], work); // A3
    } else if (l * m * n === 0 || l * m * n === -1) {
      let i = l === 1 ? -1 : 1, j = m === 1 ? -1 : 1, k = n === 1 ? -1 : 1; // A4
      if (i * j * k === -1) {
        if (n === 0) k = -1;
        else if (m === 0) j = -1;
        else if (l === 0) i = -1;
      }
      congruence(G, [i, 0, 0, 0, j, 0, 0, 0, k], work);
    }
    A = G[0]!; B = G[4]!; E = 2 * G[5]!; N = 2 * G[2]!; Y = 2 * G[1]!;
    if (Math.abs(E) > B + eps || (Math.abs(E - B) < eps && 2 * N < Y - eps) || (Math.abs(E + B) < eps && Y < -eps)) {
      congruence(G, [1, 0, 0, 0, 1, -E / Math.abs(E), 0, 0, 1], work); // A5
      continue;
    }
    if (Math.abs(N) > A + eps || (Math.abs(A - N) < eps && 2 * E < Y - eps) || (Math.abs(A + N) < eps && Y < -eps)) {
      congruence(G, [1, 0, -N / Math.abs(N), 0, 1, 0, 0, 0, 1], work); // A6
      continue;
    }
    if (Math.abs(Y) > A + eps || (Math.abs(A - Y) < eps && 2 * E < N - eps) || (Math.abs(A + Y) < eps && N < -eps)) {
      congruence(G, [1, -Y / Math.abs(Y), 0, 0, 1, 0, 0, 0, 1], work); // A7
      continue;
    }
    const s = E + N + Y + A + B;
    if (s < -eps || (Math.abs(s) < eps && eps < Y + (A + N) * 2)) {
      congruence(G, [1, 0, 1, 0, 1, 1, 0, 0, 1], work); // A8
      continue;
    }
    break;
  }
  const [a, b, c] = [Math.sqrt(G[0]!), Math.sqrt(G[4]!), Math.sqrt(G[8]!)];
  const deg = 180 / Math.PI;
  return {
    a, b, c,
    alpha: Math.acos(G[5]! / b / c) * deg,
    beta: Math.acos(G[2]! / a / c) * deg,
    gamma: Math.acos(G[1]! / a / b) * deg,
  };
}

/** Lattice points near the origin: Cartesian vectors (Å, 3 per point), lengths (Å), integer images (3 per point). */
interface SpherePoints {
  readonly cart: number[];
  readonly dist: number[];
  readonly image: number[];
  /** Point indices in pymatgen's order. */
  readonly order: number[];
}

/** |a_p × a_q| for rows p, q of a lattice matrix (Å²). */
function crossNorm(M: ArrayLike<number>, p: number, q: number): number {
  return Math.hypot(
    M[3 * p + 1]! * M[3 * q + 2]! - M[3 * p + 2]! * M[3 * q + 1]!,
    M[3 * p + 2]! * M[3 * q]! - M[3 * p]! * M[3 * q + 2]!,
    M[3 * p]! * M[3 * q + 1]! - M[3 * p + 1]! * M[3 * q]!,
  );
}

/** Index (0, 1 or 2) of the Cartesian cube of edge r holding coordinate v, as pymatgen's find_points_in_spheres bins it. */
function cubeIndex(v: number, r: number, tol: number): number {
  return Math.min(2, Math.max(0, Math.floor((v + r + 2 * tol) / r)));
}

/** The smallest squared length (Å²) within the relative tolerance ltol of the length l (Å), less a margin. */
function lowSquared(l: number, ltol: number): number {
  return (l / (1 + ltol)) ** 2 * (1 - 1e-9);
}

/** The largest squared length (Å²) within the relative tolerance ltol of the length l (Å), plus a margin. */
function highSquared(l: number, ltol: number): number {
  return (l * (1 + ltol)) ** 2 * (1 + 1e-9);
}

/**
 * The lattice points within radius r (Å) of the origin whose length is close to one of a, b, c (within the relative
 * tolerance ltol, plus a margin: only these can be find_mapping candidates), ordered as pymatgen's
 * find_points_in_spheres returns them (Cartesian cubes of edge r visited x-major; within a cube, the last enumerated
 * image first). The order decides which of several equivalent bases find_mapping picks first. Cartesian vectors are
 * rounded as numpy's dot(frac, matrix) rounds them (fused multiply-adds), so the returned basis is bit-identical.
 */
function latticePointsInSphere(lattice: Lattice, r: number, a: number, b: number, c: number, ltol: number): SpherePoints {
  const M = lattice.matrix;
  // Image range along axis i: r·|b*_i| with |b*_i| = |a_j × a_k| / V.
  const V = Math.abs(det3(M));
  const n0 = Math.ceil((r * crossNorm(M, 1, 2)) / V), n1 = Math.ceil((r * crossNorm(M, 0, 2)) / V), n2 = Math.ceil((r * crossNorm(M, 0, 1)) / V);
  const tol = 1e-8;
  const reject2 = (r + tol) * (r + tol) * (1 + 1e-9);
  const loA = lowSquared(a, ltol), hiA = highSquared(a, ltol), loB = lowSquared(b, ltol), hiB = highSquared(b, ltol);
  const loC = lowSquared(c, ltol), hiC = highSquared(c, ltol);
  const cart: number[] = [], dist: number[] = [], image: number[] = [], key: number[] = [];
  const span = (2 * n0 + 1) * (2 * n1 + 1) * (2 * n2 + 1);
  const cc = M[6]! * M[6]! + M[7]! * M[7]! + M[8]! * M[8]!;
  for (let i = -n0; i <= n0; i++)
    for (let j = -n1; j <= n1; j++) {
      // Only the k with |i·a + j·b + k·c|² ≤ r² (a quadratic in k), padded by one for rounding.
      const vx = i * M[0]! + j * M[3]!, vy = i * M[1]! + j * M[4]!, vz = i * M[2]! + j * M[5]!;
      const vc = vx * M[6]! + vy * M[7]! + vz * M[8]!;
      const disc = vc * vc - cc * (vx * vx + vy * vy + vz * vz - reject2);
      if (disc < 0) continue;
      const root = Math.sqrt(disc);
      const kLo = Math.max(-n2, Math.floor((-vc - root) / cc) - 1), kHi = Math.min(n2, Math.ceil((-vc + root) / cc) + 1);
      for (let k = kLo; k <= kHi; k++) {
        // Cheap rejection first (rounding differences are ~1e-15 Å), exact numpy rounding for the survivors.
        const x0 = vx + k * M[6]!, y0 = vy + k * M[7]!, z0 = vz + k * M[8]!;
        const q2 = x0 * x0 + y0 * y0 + z0 * z0;
        if (q2 > reject2) continue;
        if (!((q2 >= loA && q2 <= hiA) || (q2 >= loB && q2 <= hiB) || (q2 >= loC && q2 <= hiC))) continue;
        const x = fusedMultiplyAdd(k, M[6]!, fusedMultiplyAdd(j, M[3]!, i * M[0]!));
        const y = fusedMultiplyAdd(k, M[7]!, fusedMultiplyAdd(j, M[4]!, i * M[1]!));
        const z = fusedMultiplyAdd(k, M[8]!, fusedMultiplyAdd(j, M[5]!, i * M[2]!));
        const d = Math.sqrt(x * x + y * y + z * z);
        if (d > r + tol) continue;
        cart.push(x, y, z);
        image.push(i, j, k);
        dist.push(d);
        // cube-major, then reverse enumeration order (lexicographic in i, j, k)
        const seen = ((i + n0) * (2 * n1 + 1) + (j + n1)) * (2 * n2 + 1) + (k + n2);
        key.push((9 * cubeIndex(x, r, tol) + 3 * cubeIndex(y, r, tol) + cubeIndex(z, r, tol)) * span - seen);
      }
    }
  return { cart, dist, image, order: sortedIndices(key) };
}

/**
 * Indices of `key` in increasing key order. The keys are distinct and there are rarely more than a few dozen, so an
 * insertion sort (no comparator closure) is the cheapest way.
 */
function sortedIndices(key: readonly number[]): number[] {
  const order: number[] = [];
  for (let q = 0; q < key.length; q++) {
    let at = q;
    while (at > 0 && key[order[at - 1]!]! > key[q]!) {
      order[at] = order[at - 1]!;
      at--;
    }
    order[at] = q;
  }
  return order;
}

/** The points of `pts` (in pymatgen's order) whose length is within the relative tolerance eps of len (Å). */
function candidates(pts: SpherePoints, len: number, eps: number): number[] {
  const out: number[] = [];
  for (const q of pts.order) {
    const ratio = pts.dist[q]! / len;
    if (ratio < 1 + eps && ratio > 1 / (1 + eps)) out.push(q);
  }
  return out;
}

/** Angle (degrees) between points p and q of a SpherePoints set, cosine clamped to [−1, 1] as pymatgen does. */
function angleDeg(pts: SpherePoints, p: number, q: number): number {
  const c = pts.cart;
  const dot = c[3 * p]! * c[3 * q]! + c[3 * p + 1]! * c[3 * q + 1]! + c[3 * p + 2]! * c[3 * q + 2]!;
  const x = Math.min(1, Math.max(-1, dot / pts.dist[p]! / pts.dist[q]!));
  return (Math.acos(x) * 180) / Math.PI;
}

/** The determinant of the 3×3 integer matrix whose rows are the images of points p, q, s. */
function imageDet(pts: SpherePoints, p: number, q: number, s: number): number {
  const im = pts.image;
  return det3([im[3 * p]!, im[3 * p + 1]!, im[3 * p + 2]!, im[3 * q]!, im[3 * q + 1]!, im[3 * q + 2]!, im[3 * s]!, im[3 * s + 1]!, im[3 * s + 2]!]);
}

/**
 * Niggli-reduced lattice (rows in Å), the same matrix as pymatgen's `Lattice.get_niggli_reduced_lattice(tol)`:
 * the Niggli parameters are matched onto lattice vectors of the input (length tolerance ε = tol·V^(1/3) Å, used
 * as a relative tolerance like pymatgen does; angle tolerance 1°); the first match in pymatgen's search order wins,
 * negated if its determinant is negative. Throws StructureError when no mapping is found (pymatgen's "can't find niggli").
 */
export function niggliReduce(lattice: Lattice, tol = 1e-5): Lattice {
  return latticeFromMatrix(niggliReducedRows(lattice, tol));
}

/**
 * niggliReduce's matrix as 9 plain numbers (row-major, Å), for callers that may not need a Lattice (reducedStructure
 * keeps the input when the reduced matrix is close to it). Throws StructureError as niggliReduce does.
 */
export function niggliReducedRows(lattice: Lattice, tol = 1e-5): number[] {
  // pymatgen re-derives the targets from a from_parameters matrix, which changes them by ~1e-16 relative; the
  // tolerances (relative ε on lengths, 1° on angles) are far larger, so the parameters are used as they are.
  const p = niggliParameters(lattice, tol);
  const eps = tol * Math.cbrt(latticeVolume(lattice));
  const pts = latticePointsInSphere(lattice, Math.max(p.a, p.b, p.c) * (1 + eps), p.a, p.b, p.c, eps);
  const ca = candidates(pts, p.a, eps), cb = candidates(pts, p.b, eps), cc = candidates(pts, p.c, eps);
  const c = pts.cart;
  for (const ia of ca) {
    for (const ib of cb) {
      if (!(Math.abs(angleDeg(pts, ia, ib) - p.gamma) < 1)) continue;
      for (const ic of cc) {
        if (!(Math.abs(angleDeg(pts, ib, ic) - p.alpha) < 1)) continue;
        if (!(Math.abs(angleDeg(pts, ia, ic) - p.beta) < 1)) continue;
        if (Math.abs(imageDet(pts, ia, ib, ic)) < 1e-8) continue;
        const m = [c[3 * ia]!, c[3 * ia + 1]!, c[3 * ia + 2]!, c[3 * ib]!, c[3 * ib + 1]!, c[3 * ib + 2]!, c[3 * ic]!, c[3 * ic + 1]!, c[3 * ic + 2]!];
        if (!(det3(m) > 0)) for (let q = 0; q < 9; q++) m[q] = -m[q]!;
        return m;
      }
    }
  }
  throw new StructureError("niggliReduce: no lattice vectors of the input match the Niggli parameters");
}

// Lenstra–Lenstra–Lovász reduction of a 3-D lattice basis (metrics-spec §9.7), with the bookkeeping of pymatgen's
// Lattice._calculate_lll (pymatgen 2022.11). Cells with exact symmetry produce Gram–Schmidt coefficients of exactly
// ±1/2, where rounding (and so the chosen basis) depends on the last bit; to pick the same basis as pymatgen, every
// dot product is evaluated the way numpy's OpenBLAS kernels do it (sequential fused multiply-adds), and the one
// least-squares solve is rounded as LAPACK dgelsd rounds it.
import { type Lattice, latticeFromMatrix } from "./lattice.js";
import { type Mat3, inv3, mat3 } from "./math3.js";

/** An LLL-reduced lattice and the integer matrix that produced it (new rows = mapping · old rows). */
export interface LllResult {
  /** The reduced lattice (rows a, b, c in Å). */
  readonly lattice: Lattice;
  /** Integer 3×3 matrix (row-major) with reduced.matrix = mapping · original.matrix. */
  readonly mapping: Mat3;
}

/** Python's round(): nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp splitting constant)

/** a·b + c with a single rounding (fused multiply-add, as the FMA instruction), by Dekker's exact product and Knuth's exact sum. */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0 || !Number.isFinite(c)) return p + c;
  const sa = SPLIT * a, ah = sa - (sa - a), al = a - ah;
  const sb = SPLIT * b, bh = sb - (sb - b), bl = b - bh;
  const e = ((ah * bh - p) + ah * bl + al * bh) + al * bl; // a·b = p + e exactly
  const s = p + c;
  const v = s - p;
  const t = (p - (s - v)) + (c - v); // p + c = s + t exactly
  return s + (t + e);
}

/**
 * Row i · row j of two flat 3×3 arrays as numpy's OpenBLAS kernels (ddot, dgemv_t, dgemm) evaluate it: x0·y0, then
 * fused multiply-adds in index order. Used where pymatgen's results hinge on the last bit.
 */
export function rowDotFma(x: ArrayLike<number>, i: number, y: ArrayLike<number>, j: number): number {
  return fusedMultiplyAdd(x[3 * i + 2]!, y[3 * j + 2]!, fusedMultiplyAdd(x[3 * i + 1]!, y[3 * j + 1]!, x[3 * i]! * y[3 * j]!));
}

/** Swaps rows i and j of a flat 3×3 array. */
function swapRows(m: number[], i: number, j: number): void {
  for (let d = 0; d < 3; d++) {
    const x = m[3 * i + d]!;
    m[3 * i + d] = m[3 * j + d]!;
    m[3 * j + d] = x;
  }
}

/**
 * Gram–Schmidt of basis row s against b_0 … b_{s−1}: fills row s of the Gram–Schmidt vectors b, the coefficients
 * u[s][j] (j < s) and the squared norm m[s]. A module function rather than a closure: lllReduce runs for every
 * structure the matcher and the distance functions see, and a closure would allocate its context on each call.
 */
function orthogonalize(a: number[], b: number[], u: number[], m: number[], s: number): void {
  for (let j = 0; j < s; j++) u[3 * s + j] = rowDotFma(a, s, b, j) / m[j]!;
  for (let d = 0; d < 3; d++) {
    // OpenBLAS dgemv_n: the last column's product first, earlier columns fused in.
    const x = a[3 * s + d]!;
    b[3 * s + d] = s === 0 ? x : s === 1 ? x - b[d]! * u[3]! : x - fusedMultiplyAdd(b[d]!, u[6]!, b[3 + d]! * u[7]!);
  }
  m[s] = rowDotFma(b, s, b, s);
}

/**
 * LLL-reduces the basis `a` (flat 3×3, row i = vector i, Å) in place and records the integer mapping in `t`
 * (a_i = Σ t[i][j] · original row j; t must start as the identity). Plain arrays throughout: this is the hot core of
 * lllReduce and of the Niggli reduction, which need no typed array until they hand a result back.
 */
function lllInPlace(a: number[], t: number[], delta: number): void {
  // Gram–Schmidt vectors b (rows), coefficients u (u[i][j], j < i), squared norms m of the b_i.
  const b = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const u = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const m = [0, 0, 0];
  for (let s = 0; s < 3; s++) orthogonalize(a, b, u, m, s);

  let k = 2; // 1-based index of the vector being reduced, as in the textbook formulation
  while (k <= 3) {
    const r = 3 * (k - 1); // offset of row k−1
    // Size reduction of vector k−1 against vectors i−1 = k−2 … 0.
    for (let i = k - 1; i > 0; i--) {
      const q = roundHalfEven(u[r + i - 1]!);
      if (q !== 0) {
        const o = 3 * (i - 1);
        for (let d = 0; d < 3; d++) {
          a[r + d] = a[r + d]! - q * a[o + d]!;
          t[r + d] = t[r + d]! - q * t[o + d]!;
        }
        for (let j = 0; j < i - 1; j++) u[r + j] = u[r + j]! - q * u[o + j]!;
        u[r + i - 1] = u[r + i - 1]! - q;
      }
    }
    const mu = u[r + k - 2]!;
    if (rowDotFma(b, k - 1, b, k - 1) >= (delta - mu * mu) * rowDotFma(b, k - 2, b, k - 2)) {
      k++;
    } else {
      swapRows(a, k - 1, k - 2);
      swapRows(t, k - 1, k - 2);
      orthogonalize(a, b, u, m, k - 2);
      orthogonalize(a, b, u, m, k - 1);
      if (k > 2) {
        k--;
      } else {
        // Swapping vectors 0 and 1 leaves b_2 unchanged; only its coefficients on b_0, b_1 change. pymatgen solves
        // this diagonal system with numpy lstsq (LAPACK dgelsd), which scales by the largest entry M first:
        // u = (p · 1/(m · 1/M)) · 1/M.
        const M = Math.max(m[0]!, m[1]!);
        for (let j = 0; j < 2; j++) u[6 + j] = rowDotFma(a, 2, b, j) * (1 / (m[j]! * (1 / M))) * (1 / M);
      }
    }
  }
}

/** The rows of a lattice matrix as a plain array of 9 numbers (Å). */
function matrixRows(lattice: Lattice): number[] {
  const l = lattice.matrix;
  return [l[0]!, l[1]!, l[2]!, l[3]!, l[4]!, l[5]!, l[6]!, l[7]!, l[8]!];
}

/**
 * LLL reduction (δ = 0.75 by default) of a lattice; the same basis as pymatgen's
 * `Lattice.get_lll_reduced_lattice()`. Lengths in Å; `mapping` is integer with new = mapping · old.
 */
export function lllReduce(lattice: Lattice, delta = 0.75): LllResult {
  const a = matrixRows(lattice);
  const t = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  lllInPlace(a, t, delta);
  return { lattice: latticeFromMatrix(a), mapping: mat3(t) };
}

/** lllReduce's basis alone, as 9 plain numbers (row-major, Å): for callers that need neither a Lattice nor the mapping. */
export function lllReducedRows(lattice: Lattice, delta = 0.75): number[] {
  const a = matrixRows(lattice);
  lllInPlace(a, [1, 0, 0, 0, 1, 0, 0, 0, 1], delta);
  return a;
}

/** Fractional coordinates (n×3 flat) in the original basis re-expressed in the LLL basis: f_lll = f · mapping⁻¹. */
export function lllFracCoords(reduced: LllResult, fracCoords: ArrayLike<number>): Float64Array {
  const inv = inv3(reduced.mapping);
  const n = fracCoords.length / 3;
  const out = new Float64Array(fracCoords.length);
  for (let k = 0; k < n; k++) {
    const x = fracCoords[3 * k]!, y = fracCoords[3 * k + 1]!, z = fracCoords[3 * k + 2]!;
    for (let d = 0; d < 3; d++) out[3 * k + d] = x * inv[d]! + y * inv[3 + d]! + z * inv[6 + d]!;
  }
  return out;
}

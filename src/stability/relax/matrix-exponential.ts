// The matrix exponential and its Fréchet derivative, for the cell degrees of freedom of the exponential cell filter.

/** Degree of the Taylor polynomial: after scaling, ‖X‖₁ ≤ ½, so the remainder is below ½¹⁹/19! ≈ 1.6e-23. */
const TAYLOR_DEGREE = 18;

/** Product a·b of two n×n row-major matrices. */
function matMul(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      for (let j = 0; j < n; j++) out[i * n + j]! += aik * b[k * n + j]!;
    }
  return out;
}

/** The 1-norm (largest absolute column sum) of an n×n matrix. */
function oneNorm(a: ArrayLike<number>, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    best = Math.max(best, s);
  }
  return best;
}

/**
 * e^A of an n×n row-major matrix (as scipy.linalg.expm, to ~1e-15 relative), by scaling and squaring with a
 * degree-18 Taylor polynomial. A matrix with a non-finite entry gives all NaN.
 */
export function matrixExponential(a: ArrayLike<number>, n: number): Float64Array {
  const norm = oneNorm(a, n);
  if (!Number.isFinite(norm)) return new Float64Array(n * n).fill(NaN);
  const squarings = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const scale = 2 ** -squarings;
  const x = Float64Array.from(a, (v) => v * scale);
  // Horner: e^X ≈ I + X(I + X/2 (I + X/3 (… (I + X/18)))).
  let p = identity(n);
  for (let k = TAYLOR_DEGREE; k >= 1; k--) {
    p = matMul(x, p, n);
    for (let q = 0; q < n * n; q++) p[q] = p[q]! / k;
    for (let i = 0; i < n; i++) p[i * n + i]! += 1;
  }
  for (let s = 0; s < squarings; s++) p = matMul(p, p, n);
  return p;
}

/** The n×n identity. */
function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/**
 * The Fréchet derivative L(A, E) = d/dt e^(A + tE) at t = 0 of the 3×3 exponential (row-major), read off the upper right
 * block of exp([[A, E], [0, A]]) as ASE's ExpCellFilter does (scipy.linalg.expm_frechet gives the same).
 */
export function exponentialFrechetDerivative3(a: ArrayLike<number>, e: ArrayLike<number>): Float64Array {
  const block = new Float64Array(36);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      block[6 * i + j] = a[3 * i + j]!;
      block[6 * (i + 3) + j + 3] = a[3 * i + j]!;
      block[6 * i + j + 3] = e[3 * i + j]!;
    }
  const exp = matrixExponential(block, 6);
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[3 * i + j] = exp[6 * i + j + 3]!;
  return out;
}

// Closed-form ridge regression in plain TypeScript: minimises (1/n)·Σ(x_i·w + b − y_i)² + λ‖w‖² (intercept b not
// penalised) by solving (XcᵀXc + nλI) w = Xcᵀ(y − ȳ) with a Cholesky factorisation, Xc = X − column means; and the
// choice of λ by k-fold cross-validation (mean absolute error).
import { rng, shuffled } from "./random.js";

/** A fitted linear model: y ≈ x·weights + intercept. */
export interface LinearFit {
  readonly weights: Float64Array;
  readonly intercept: number;
}

/** Rows of a design matrix: n × d, row-major. */
export interface Design {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
}

/**
 * Solves A z = b for a symmetric positive-definite A (d × d, row-major) by Cholesky factorisation.
 * @throws RangeError when A is not positive definite
 */
export function solvePositiveDefinite(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`ridge: the normal matrix is not positive definite (pivot ${i} = ${s}); use a larger lambda`);
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j]!;
    }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * y[k]!;
    y[i] = s / L[i * d + i]!;
  }
  const z = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * z[k]!;
    z[i] = s / L[i * d + i]!;
  }
  return z;
}

/** Ridge fit of y on the rows `rows` of X (all rows when omitted) with penalty λ (see the file comment). */
export function ridgeFit(X: Design, y: ArrayLike<number>, lambda: number, rows?: readonly number[]): LinearFit {
  const { d } = X;
  const idx = rows ?? Array.from({ length: X.n }, (_, i) => i);
  const n = idx.length;
  const mean = new Float64Array(d);
  let yMean = 0;
  for (const r of idx) {
    for (let j = 0; j < d; j++) mean[j] += X.x[r * d + j]! / n;
    yMean += y[r]! / n;
  }
  const A = new Float64Array(d * d), b = new Float64Array(d), xc = new Float64Array(d);
  for (const r of idx) {
    for (let j = 0; j < d; j++) xc[j] = X.x[r * d + j]! - mean[j]!;
    const yc = y[r]! - yMean;
    for (let i = 0; i < d; i++) {
      const xi = xc[i]!;
      if (xi === 0) continue;
      b[i] += xi * yc;
      for (let j = 0; j <= i; j++) A[i * d + j] += xi * xc[j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) A[j * d + i] = A[i * d + j]!;
    A[i * d + i] += n * lambda;
  }
  const weights = solvePositiveDefinite(A, b, d);
  let intercept = yMean;
  for (let j = 0; j < d; j++) intercept -= weights[j]! * mean[j]!;
  return { weights, intercept };
}

/** x·weights + intercept for row r of X. */
export function linearPredict(fit: LinearFit, X: Design, r: number): number {
  let s = fit.intercept;
  for (let j = 0; j < X.d; j++) s += fit.weights[j]! * X.x[r * X.d + j]!;
  return s;
}

/** The k-fold cross-validated MAE of each λ of the grid (folds from a seeded shuffle) and the λ with the smallest. */
export function chooseLambda(X: Design, y: ArrayLike<number>, grid: readonly number[], folds: number, seed: number): { lambda: number; cvMae: number[] } {
  const order = shuffled(Array.from({ length: X.n }, (_, i) => i), rng(seed));
  const k = Math.max(2, Math.min(folds, X.n));
  const cvMae = grid.map((lambda) => {
    let err = 0;
    for (let f = 0; f < k; f++) {
      const held = order.filter((_, i) => i % k === f);
      const fit = ridgeFit(X, y, lambda, order.filter((_, i) => i % k !== f));
      for (const r of held) err += Math.abs(linearPredict(fit, X, r) - y[r]!);
    }
    return err / X.n;
  });
  return { lambda: grid[cvMae.indexOf(Math.min(...cvMae))]!, cvMae };
}

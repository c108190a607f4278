// 2-D embeddings of feature matrices (one row per crystal): PCA (Jacobi eigen-decomposition of the covariance),
// exact t-SNE (small n) and UMAP (umap-js). Every random draw is seeded.
import { UMAP } from "umap-js";
import { rng } from "../util/random.js";

/** A dense row-major matrix: `rows` × `cols` values. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: ArrayLike<number>;
}

/** A feature matrix from row arrays (all of one length). */
export function featureMatrix(rows: readonly ArrayLike<number>[]): FeatureMatrix {
  const cols = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new RangeError(`featureMatrix: row ${i} has ${r.length} values, expected ${cols}`);
    values.set(Array.from(r), i * cols);
  });
  return { rows: rows.length, cols, values };
}

/** Eigen-decomposition of a symmetric d×d matrix (cyclic Jacobi): eigenvalues descending, eigenvectors as rows. */
export function symmetricEigen(a: ArrayLike<number>, d: number): { values: number[]; vectors: Float64Array } {
  const A = Float64Array.from(a);
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) V[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += A[p * d + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = A[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * d + q]! - A[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = A[k * d + p]!, akq = A[k * d + q]!;
          A[k * d + p] = c * akp - s * akq;
          A[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = A[p * d + k]!, aqk = A[q * d + k]!;
          A[p * d + k] = c * apk - s * aqk;
          A[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = V[k * d + p]!, vkq = V[k * d + q]!;
          V[k * d + p] = c * vkp - s * vkq;
          V[k * d + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => A[j * d + j]! - A[i * d + i]!);
  const vectors = new Float64Array(d * d);
  order.forEach((col, r) => {
    for (let k = 0; k < d; k++) vectors[r * d + k] = V[k * d + col]!;
  });
  return { values: order.map((i) => A[i * d + i]!), vectors };
}

/** Principal-component scores (rows × k) and the fraction of variance each component explains. */
export interface PcaResult {
  readonly scores: Float64Array;
  readonly k: number;
  readonly explainedVariance: number[];
  /** Principal axes (k × cols, unit rows). */
  readonly components: Float64Array;
  /** Column means and the scale applied after centring (1/sd with `standardize`, else 1; 0 for constant columns). */
  readonly center: Float64Array;
  readonly scale: Float64Array;
}

/**
 * PCA of a feature matrix: columns are centred (and scaled to unit variance with `standardize`, default true; constant
 * columns are left at 0); the covariance is diagonalised by Jacobi rotations; each axis's sign is fixed so that its
 * largest-magnitude loading is positive (deterministic output).
 */
export function pca(x: FeatureMatrix, options: { k?: number; standardize?: boolean } = {}): PcaResult {
  const { rows: n, cols: d, values } = x;
  const k = Math.min(options.k ?? 2, d);
  if (n < 2) throw new RangeError("pca: need at least 2 rows");
  const Z = new Float64Array(n * d);
  const center = new Float64Array(d), scales = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i * d + j]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (values[i * d + j]! - mean) ** 2;
    const sd = Math.sqrt(ss / (n - 1));
    const scale = (options.standardize ?? true) ? (sd > 1e-12 ? 1 / sd : 0) : 1;
    center[j] = mean;
    scales[j] = scale;
    for (let i = 0; i < n; i++) Z[i * d + j] = (values[i * d + j]! - mean) * scale;
  }
  const C = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const za = Z[i * d + a]!;
      if (za === 0) continue;
      for (let b = a; b < d; b++) C[a * d + b]! += za * Z[i * d + b]!;
    }
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) C[b * d + a] = C[a * d + b] = C[a * d + b]! / (n - 1);
  const { values: eig, vectors } = symmetricEigen(C, d);
  const components = vectors.slice(0, k * d);
  for (let c = 0; c < k; c++) {
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(components[c * d + j]!) > Math.abs(big)) big = components[c * d + j]!;
    if (big < 0) for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j]!;
  }
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Z[i * d + j]! * components[c * d + j]!;
    scores[i * k + c] = s;
  }
  const totalVar = eig.reduce((s, v) => s + Math.max(v, 0), 0) || 1;
  return { scores, k, explainedVariance: eig.slice(0, k).map((v) => Math.max(v, 0) / totalVar), components, center, scale: scales };
}

/** Scores (rows × k) of new rows on a fitted PCA: centred and scaled as the fit's data, then projected on its axes. */
export function projectPca(fit: PcaResult, x: FeatureMatrix): Float64Array {
  const d = fit.center.length;
  if (x.cols !== d) throw new RangeError(`projectPca: rows have ${x.cols} columns, the PCA was fitted on ${d}`);
  const out = new Float64Array(x.rows * fit.k);
  for (let i = 0; i < x.rows; i++) for (let c = 0; c < fit.k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += (x.values[i * d + j]! - fit.center[j]!) * fit.scale[j]! * fit.components[c * d + j]!;
    out[i * fit.k + c] = s;
  }
  return out;
}

/**
 * Exact t-SNE (van der Maaten & Hinton 2008) to 2-D: Gaussian affinities calibrated to `perplexity` (default 30,
 * capped at (n − 1)/3) by bisection, symmetrised; Student-t similarities; gradient descent with momentum 0.5 → 0.8,
 * early exaggeration 12 for the first 100 of `iterations` (default 500), learning rate 200, adaptive gains. O(n²) per
 * step: meant for a few thousand points at most. Returns n × 2 coordinates; the same seed gives the same result.
 */
export function tsne(x: FeatureMatrix, options: { perplexity?: number; iterations?: number; seed?: number; learningRate?: number } = {}): Float64Array {
  const { rows: n, cols: d, values } = x;
  if (n < 4) throw new RangeError("tsne: need at least 4 rows");
  const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (values[i * d + k]! - values[j * d + k]!) ** 2;
    D[i * n + j] = D[j * n + i] = s;
  }
  const P = new Float64Array(n * n);
  const targetH = Math.log(perplexity);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0, hi = Infinity, beta = 1;
    for (let it = 0; it < 64; it++) {
      let sum = 0, dotD = 0;
      for (let j = 0; j < n; j++) {
        row[j] = j === i ? 0 : Math.exp(-beta * D[i * n + j]!);
        sum += row[j]!;
        dotD += row[j]! * D[i * n + j]!;
      }
      if (sum === 0) { hi = beta; beta = (lo + hi) / 2; continue; }
      const H = Math.log(sum) + (beta * dotD) / sum;
      if (Math.abs(H - targetH) < 1e-5) break;
      if (H > targetH) { lo = beta; beta = hi === Infinity ? beta * 2 : (lo + hi) / 2; }
      else { hi = beta; beta = (lo + hi) / 2; }
    }
    let sum = 0;
    for (let j = 0; j < n; j++) sum += row[j]!;
    for (let j = 0; j < n; j++) P[i * n + j] = sum > 0 ? row[j]! / sum : 0;
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    const p = Math.max((P[i * n + j]! + P[j * n + i]!) / (2 * n), 1e-12);
    P[i * n + j] = P[j * n + i] = p;
  }
  const r = rng(options.seed ?? 0);
  const Y = new Float64Array(2 * n), vel = new Float64Array(2 * n), gains = new Float64Array(2 * n).fill(1), grad = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) Y[i] = 1e-4 * r.normal();
  const Q = new Float64Array(n * n);
  const iterations = options.iterations ?? 500;
  const eta = options.learningRate ?? 200;
  for (let it = 0; it < iterations; it++) {
    const exaggeration = it < 100 ? 12 : 1;
    const momentum = it < 250 ? 0.5 : 0.8;
    let qSum = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const q = 1 / (1 + (Y[2 * i]! - Y[2 * j]!) ** 2 + (Y[2 * i + 1]! - Y[2 * j + 1]!) ** 2);
      Q[i * n + j] = Q[j * n + i] = q;
      qSum += 2 * q;
    }
    grad.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const q = Q[i * n + j]!;
      const mult = 4 * (exaggeration * P[i * n + j]! - q / qSum) * q;
      grad[2 * i]! += mult * (Y[2 * i]! - Y[2 * j]!);
      grad[2 * i + 1]! += mult * (Y[2 * i + 1]! - Y[2 * j + 1]!);
    }
    for (let k = 0; k < 2 * n; k++) {
      gains[k] = Math.sign(grad[k]!) !== Math.sign(vel[k]!) ? gains[k]! + 0.2 : Math.max(gains[k]! * 0.8, 0.01);
      vel[k] = momentum * vel[k]! - eta * gains[k]! * grad[k]!;
      Y[k]! += vel[k]!;
    }
    let mx = 0, my = 0;
    for (let i = 0; i < n; i++) { mx += Y[2 * i]!; my += Y[2 * i + 1]!; }
    for (let i = 0; i < n; i++) { Y[2 * i]! -= mx / n; Y[2 * i + 1]! -= my / n; }
  }
  return Y;
}

/** UMAP (umap-js) to 2-D with a seeded random source; `nNeighbors` default 15, `minDist` default 0.1. Returns n × 2. */
export function umapEmbedding(x: FeatureMatrix, options: { nNeighbors?: number; minDist?: number; seed?: number; nEpochs?: number } = {}): Float64Array {
  const { rows: n, cols: d, values } = x;
  const data = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => values[i * d + j]!));
  const r = rng(options.seed ?? 0);
  const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(options.nNeighbors ?? 15, n - 1), minDist: options.minDist ?? 0.1, random: () => r.next(), ...(options.nEpochs ? { nEpochs: options.nEpochs } : {}) });
  const out = umap.fit(data);
  return Float64Array.from(out.flat());
}

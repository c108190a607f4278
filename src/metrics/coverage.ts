// Coverage recall/precision (COV-R, COV-P) and the average minimum structure/composition distances (metrics-spec §6).

/**
 * Coverage distance cutoffs (dimensionless, fingerprint units): δ_struct on raw CrystalNN structure fingerprints,
 * δ_comp on CompScaler-scaled Magpie fingerprints. Per-dataset values live in the dataset registry.
 */
export interface CovCutoffs {
  readonly struct: number;
  readonly comp: number;
}

/** Fingerprints of one crystal: raw 61-dim CrystalNN structure fingerprint and CompScaler-scaled 132-dim Magpie fingerprint. */
export interface CrystalFingerprints {
  struct: ArrayLike<number>;
  comp: ArrayLike<number>;
}

/** Coverage result (distances dimensionless, in fingerprint units). */
export interface CoverageResult {
  covRecall: number;
  covPrecision: number;
  amsdRecall: number;
  amsdPrecision: number;
  amcdRecall: number;
  amcdPrecision: number;
  /** Generated crystals kept (fingerprints present) / given. */
  nGenKept: number;
  nGen: number;
  nRef: number;
}

function packed(list: readonly ArrayLike<number>[], dim: number): Float64Array {
  const out = new Float64Array(list.length * dim);
  list.forEach((v, i) => {
    if (v.length !== dim) throw new RangeError(`fingerprint ${i} has ${v.length} values, expected ${dim}`);
    for (let k = 0; k < dim; k++) out[i * dim + k] = v[k]!;
  });
  return out;
}

/** Columns (dimensions) on which some vector of A or B differs from the first vector of A: the others add 0 to every distance. */
function varyingColumns(A: Float64Array, n: number, B: Float64Array, m: number, d: number): Int32Array {
  const keep: number[] = [];
  for (let k = 0; k < d; k++) {
    const v = A[k]!;
    let varies = false;
    for (let i = 1; i < n && !varies; i++) varies = A[i * d + k] !== v;
    for (let j = 0; j < m && !varies; j++) varies = B[j * d + k] !== v;
    if (varies) keep.push(k);
  }
  return Int32Array.from(keep);
}

/** Copies the kept columns of a packed n×d matrix into a packed n×kept matrix. */
function selectColumns(X: Float64Array, n: number, d: number, cols: Int32Array): Float64Array {
  const e = cols.length;
  const out = new Float64Array(n * e);
  for (let i = 0; i < n; i++) for (let k = 0; k < e; k++) out[i * e + k] = X[i * d + cols[k]!]!;
  return out;
}

/**
 * Exact nearest-neighbour distances from every row of Q (n×d) to the set R (m×d): candidates are visited outward from
 * the query's norm in norm-sorted order and the search stops once the norm gap |‖q‖ − ‖r‖| (a lower bound of ‖q − r‖)
 * exceeds the best distance; partial sums stop as soon as they exceed the best. The minimum is the same number the
 * brute-force scan computes (same summation order).
 */
function nearestDistances(Q: Float64Array, n: number, R: Float64Array, m: number, d: number): Float64Array {
  const norms = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += R[j * d + k]! * R[j * d + k]!;
    norms[j] = Math.sqrt(s);
  }
  const order = Int32Array.from({ length: m }, (_, j) => j).sort((a, b) => norms[a]! - norms[b]!);
  const sortedNorm = Float64Array.from(order, (j) => norms[j]!);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const qi = i * d;
    let qn = 0;
    for (let k = 0; k < d; k++) qn += Q[qi + k]! * Q[qi + k]!;
    qn = Math.sqrt(qn);
    const slack = 1e-9 * (qn + 1); // rounding margin of the norm bound
    let lo = 0, hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedNorm[mid]! < qn) lo = mid + 1;
      else hi = mid;
    }
    let up = lo, down = lo - 1;
    let best = Infinity, bestD = Infinity;
    while (up < m || down >= 0) {
      const gapUp = up < m ? sortedNorm[up]! - qn : Infinity;
      const gapDown = down >= 0 ? qn - sortedNorm[down]! : Infinity;
      const useUp = gapUp <= gapDown;
      if ((useUp ? gapUp : gapDown) - slack > bestD) break;
      const rj = order[useUp ? up++ : down--]! * d;
      let s = 0;
      for (let k = 0; k < d && s <= best; k++) {
        const t = Q[qi + k]! - R[rj + k]!;
        s += t * t;
      }
      if (s < best) {
        best = s;
        bestD = Math.sqrt(s);
      }
    }
    out[i] = bestD;
  }
  return out;
}

/** Distinct rows of a packed n×d matrix: the distinct rows packed, and for every row the index of its distinct row. */
function distinctRows(X: Float64Array, n: number, d: number): { rows: Float64Array; count: number; index: Int32Array } {
  const seen = new Map<string, number>();
  const index = new Int32Array(n);
  const keep: number[] = [];
  const bytes = new Uint8Array(X.buffer, X.byteOffset, X.byteLength);
  const decoder = new TextDecoder("latin1");
  for (let i = 0; i < n; i++) {
    const key = decoder.decode(bytes.subarray(i * d * 8, (i + 1) * d * 8));
    let u = seen.get(key);
    if (u === undefined) {
      u = keep.length;
      seen.set(key, u);
      keep.push(i);
    }
    index[i] = u;
  }
  const rows = new Float64Array(keep.length * d);
  keep.forEach((i, u) => rows.set(X.subarray(i * d, (i + 1) * d), u * d));
  return { rows, count: keep.length, index };
}

/**
 * Row-wise (A → nearest of B) and column-wise (B → nearest of A) minimum Euclidean distances of packed sets.
 * Constant dimensions are dropped and identical vectors computed once (both exact).
 */
function crossMinima(Afull: Float64Array, n: number, Bfull: Float64Array, m: number, dFull: number): { rowMin: Float64Array; colMin: Float64Array } {
  const cols = varyingColumns(Afull, n, Bfull, m, dFull);
  const d = cols.length;
  const A = distinctRows(selectColumns(Afull, n, dFull, cols), n, d);
  const B = distinctRows(selectColumns(Bfull, m, dFull, cols), m, d);
  const rowU = nearestDistances(A.rows, A.count, B.rows, B.count, d);
  const colU = nearestDistances(B.rows, B.count, A.rows, A.count, d);
  return { rowMin: Float64Array.from(A.index, (u) => rowU[u]!), colMin: Float64Array.from(B.index, (u) => colU[u]!) };
}

const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;

/**
 * CDVAE `compute_cov`: generated entries that are null (fingerprint failure) are dropped but still count in the
 * precision denominator; recall is over all reference crystals; struct and comp minima are taken independently;
 * comparisons are ≤. Comp fingerprints must already be CompScaler-scaled.
 */
export function coverage(
  generated: readonly (CrystalFingerprints | null)[],
  reference: readonly CrystalFingerprints[],
  cutoffs: CovCutoffs,
): CoverageResult {
  const kept = generated.filter((g): g is CrystalFingerprints => g !== null);
  const n = kept.length, m = reference.length;
  if (m === 0) throw new RangeError("coverage: the reference set is empty");
  if (n === 0) throw new RangeError("coverage: no generated crystal has fingerprints");
  const ds = reference[0]!.struct.length, dc = reference[0]!.comp.length;
  const s = crossMinima(packed(kept.map((g) => g.struct), ds), n, packed(reference.map((r) => r.struct), ds), m, ds);
  const c = crossMinima(packed(kept.map((g) => g.comp), dc), n, packed(reference.map((r) => r.comp), dc), m, dc);
  let recallHits = 0, precisionHits = 0;
  for (let j = 0; j < m; j++) if (s.colMin[j]! <= cutoffs.struct && c.colMin[j]! <= cutoffs.comp) recallHits++;
  for (let i = 0; i < n; i++) if (s.rowMin[i]! <= cutoffs.struct && c.rowMin[i]! <= cutoffs.comp) precisionHits++;
  return {
    covRecall: recallHits / m,
    covPrecision: precisionHits / generated.length,
    amsdRecall: mean(s.colMin),
    amsdPrecision: mean(s.rowMin),
    amcdRecall: mean(c.colMin),
    amcdPrecision: mean(c.rowMin),
    nGenKept: n,
    nGen: generated.length,
    nRef: m,
  };
}

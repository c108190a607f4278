// Coverage recall/precision (COV-R, COV-P) and the average minimum structure/composition distances (metrics-spec §6).

/** Per-dataset COV cutoffs (CDVAE `COV_Cutoffs`; FlowMM adds mp20_llama). δ_s on raw struct fingerprints, δ_c on scaled comp fingerprints. */
export const COV_CUTOFFS: Readonly<Record<string, { struct: number; comp: number }>> = {
  mp20: { struct: 0.4, comp: 10 },
  mp_20: { struct: 0.4, comp: 10 },
  mp20_llama: { struct: 0.4, comp: 10 },
  carbon: { struct: 0.2, comp: 4 },
  carbon_24: { struct: 0.2, comp: 4 },
  perovskite: { struct: 0.2, comp: 4 },
  perov_5: { struct: 0.2, comp: 4 },
};

/** The COV cutoffs of a dataset name (CDVAE eval names or our dataset names); throws for an unknown name. */
export function covCutoffs(dataset: string): { struct: number; comp: number } {
  const c = COV_CUTOFFS[dataset.toLowerCase()];
  if (!c) throw new RangeError(`no COV cutoffs for dataset "${dataset}" (known: ${Object.keys(COV_CUTOFFS).join(", ")})`);
  return c;
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
 * Row-wise and column-wise minima of the Euclidean distance matrix between packed sets A (n×d) and B (m×d).
 * Constant dimensions are dropped first (exact), and four rows of A are processed per pass over B.
 */
function crossMinima(Afull: Float64Array, n: number, Bfull: Float64Array, m: number, dFull: number): { rowMin: Float64Array; colMin: Float64Array } {
  const cols = varyingColumns(Afull, n, Bfull, m, dFull);
  const d = cols.length;
  const A = selectColumns(Afull, n, dFull, cols), B = selectColumns(Bfull, m, dFull, cols);
  const rowMin = new Float64Array(n).fill(Infinity);
  const colMin = new Float64Array(m).fill(Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
    let b0 = Infinity, b1 = Infinity, b2 = Infinity, b3 = Infinity;
    for (let j = 0; j < m; j++) {
      const bj = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < d; k++) {
        const b = B[bj + k]!;
        const t0 = A[a0 + k]! - b, t1 = A[a1 + k]! - b, t2 = A[a2 + k]! - b, t3 = A[a3 + k]! - b;
        s0 += t0 * t0;
        s1 += t1 * t1;
        s2 += t2 * t2;
        s3 += t3 * t3;
      }
      if (s0 < b0) b0 = s0;
      if (s1 < b1) b1 = s1;
      if (s2 < b2) b2 = s2;
      if (s3 < b3) b3 = s3;
      const c = Math.min(s0, s1, s2, s3);
      if (c < colMin[j]!) colMin[j] = c;
    }
    rowMin[i] = b0;
    rowMin[i + 1] = b1;
    rowMin[i + 2] = b2;
    rowMin[i + 3] = b3;
  }
  for (; i < n; i++) {
    const ai = i * d;
    let best = Infinity;
    for (let j = 0; j < m; j++) {
      const bj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = A[ai + k]! - B[bj + k]!;
        s += t * t;
      }
      if (s < best) best = s;
      if (s < colMin[j]!) colMin[j] = s;
    }
    rowMin[i] = best;
  }
  for (let r = 0; r < n; r++) rowMin[r] = Math.sqrt(rowMin[r]!);
  for (let j = 0; j < m; j++) colMin[j] = Math.sqrt(colMin[j]!);
  return { rowMin, colMin };
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
  cutoffs: { struct: number; comp: number },
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

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

/** Row-wise and column-wise minima of the Euclidean distance matrix between packed sets A (n×d) and B (m×d). */
function crossMinima(A: Float64Array, n: number, B: Float64Array, m: number, d: number): { rowMin: Float64Array; colMin: Float64Array } {
  const rowMin = new Float64Array(n).fill(Infinity);
  const colMin = new Float64Array(m).fill(Infinity);
  for (let i = 0; i < n; i++) {
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
  for (let i = 0; i < n; i++) rowMin[i] = Math.sqrt(rowMin[i]!);
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

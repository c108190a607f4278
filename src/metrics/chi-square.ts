// χ² test of homogeneity of two count vectors over shared categories (2 × K contingency table), with the χ²
// survival function from the regularised upper incomplete gamma function (Numerical Recipes §6.2: series below
// a + 1, Lentz's continued fraction above).

/** Lanczos coefficients (g = 7, n = 9); |relative error| of Γ below 2e-15 for positive arguments. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, reflection below ½). @throws RangeError for x ≤ 0 or NaN */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma: the argument must be positive (got ${x})`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10000;

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x ≥ 0.
 * @throws RangeError for a ≤ 0, x < 0 or NaN arguments
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new RangeError(`regularizedGammaQ: needs a > 0 and x ≥ 0 (got a = ${a}, x = ${x})`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    // Series for P(a, x); Q = 1 − P.
    let ap = a, del = 1 / a, sum = del;
    for (let n = 0; n < MAX_ITERATIONS && Math.abs(del) > Math.abs(sum) * EPS; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
    }
    return 1 - sum * front;
  }
  // Continued fraction for Q(a, x), modified Lentz.
  let b = x + 1 - a, c = 1 / TINY, d = 1 / b, h = d;
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return front * h;
}

/**
 * P(X ≥ x) for X ~ χ² with `dof` degrees of freedom (scipy.stats.chi2.sf).
 * @throws RangeError for dof ≤ 0 or x < 0
 */
export function chiSquareSurvival(x: number, dof: number): number {
  return regularizedGammaQ(dof / 2, x / 2);
}

/** Result of chiSquareHomogeneity. */
export interface ChiSquareResult {
  /** Pearson's statistic Σ (O − E)² / E over both rows and the bins kept (no continuity correction). */
  readonly statistic: number;
  /** Degrees of freedom: bins − 1 (0 when fewer than two bins remain). */
  readonly dof: number;
  /** P(χ²_dof ≥ statistic); NaN when dof is 0. */
  readonly pValue: number;
  /** Bins after pooling. */
  readonly bins: number;
  /** Categories merged into the pooled bin (their expected count in one of the rows was below `minExpected`). */
  readonly pooled: readonly number[];
}

/**
 * χ² test of homogeneity between two samples counted over categories (`[category, count]` pairs; a category absent
 * from one side has count 0 there): do they come from one distribution? Categories whose expected count is below
 * `minExpected` (default 5) in either row are pooled into one bin; when that bin is itself below it, it is merged
 * into the kept bin with the fewest counts. No continuity correction (scipy's chi2_contingency(correction=False)).
 * @throws RangeError for a negative or non-finite count
 */
export function chiSquareHomogeneity(a: Iterable<readonly [number, number]>, b: Iterable<readonly [number, number]>, minExpected = 5): ChiSquareResult {
  const counts = new Map<number, [number, number]>();
  const add = (side: 0 | 1, pairs: Iterable<readonly [number, number]>) => {
    for (const [key, n] of pairs) {
      if (!(n >= 0) || !Number.isFinite(n)) throw new RangeError(`chiSquareHomogeneity: count of category ${key} is ${n}`);
      const c = counts.get(key) ?? [0, 0];
      c[side] += n;
      counts.set(key, c);
    }
  };
  add(0, a);
  add(1, b);
  const rowA = [...counts.values()].reduce((s, c) => s + c[0], 0);
  const rowB = [...counts.values()].reduce((s, c) => s + c[1], 0);
  const total = rowA + rowB;
  const smallest = (c: readonly [number, number]) => Math.min(rowA, rowB) * (c[0] + c[1]) / total;
  const kept: [number, number][] = [];
  const pooledBin: [number, number] = [0, 0];
  const pooled: number[] = [];
  for (const [key, c] of [...counts].sort((x, y) => x[0] - y[0])) {
    if (c[0] + c[1] === 0) continue;
    if (smallest(c) < minExpected) {
      pooled.push(key);
      pooledBin[0] += c[0];
      pooledBin[1] += c[1];
    } else kept.push([c[0], c[1]]);
  }
  if (pooled.length) {
    if (smallest(pooledBin) >= minExpected || kept.length === 0) kept.push(pooledBin);
    else {
      const target = kept.reduce((best, c) => (c[0] + c[1] < best[0] + best[1] ? c : best));
      target[0] += pooledBin[0];
      target[1] += pooledBin[1];
    }
  }
  const dof = kept.length - 1;
  if (dof < 1 || rowA === 0 || rowB === 0) return { statistic: NaN, dof: Math.max(0, dof), pValue: NaN, bins: kept.length, pooled };
  let statistic = 0;
  for (const c of kept) {
    const t = c[0] + c[1];
    const eA = (rowA * t) / total, eB = (rowB * t) / total;
    statistic += (c[0] - eA) ** 2 / eA + (c[1] - eB) ** 2 / eB;
  }
  return { statistic, dof, pValue: chiSquareSurvival(statistic, dof), bins: kept.length, pooled };
}

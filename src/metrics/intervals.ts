// 95 % intervals for the reported metrics, so a number measured on part of a split says how far it can be trusted.

/** Two-sided 95 % normal quantile. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a proportion: `successes` of `n` trials at normal quantile z (default 95 %).
 * Unlike the Wald interval it stays inside [0, 1] and is sound near 0 and 1 (match rates of 98 %).
 */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  if (!(n > 0) || successes < 0 || successes > n) return [NaN, NaN];
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Normal interval of a mean, mean ± z·s/√n with the sample standard deviation s; NaN for fewer than two values. */
export function meanInterval(values: readonly number[], z = Z95): [number, number] {
  const n = values.length;
  if (n < 2) return [NaN, NaN];
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = z * Math.sqrt(variance / n);
  return [mean - half, mean + half];
}

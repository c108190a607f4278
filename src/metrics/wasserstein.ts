// 1-D Wasserstein (earth mover's) distance between two empirical samples, as scipy.stats.wasserstein_distance (metrics-spec §8).

/**
 * W1 distance between the empirical distributions of `u` and `v` with uniform weights (sizes may differ):
 * ∫ |F_u(x) − F_v(x)| dx over the merged sorted values. Units are those of the samples. Throws on an empty sample or NaN.
 */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length === 0 || v.length === 0) throw new RangeError("wassersteinDistance: both samples must be non-empty");
  const a = Float64Array.from(u).sort();
  const b = Float64Array.from(v).sort();
  if (Number.isNaN(a[a.length - 1]!) || Number.isNaN(b[b.length - 1]!)) throw new RangeError("wassersteinDistance: samples contain NaN");
  // Walk the merged breakpoints; between consecutive breakpoints both CDFs are constant.
  let i = 0, j = 0, total = 0;
  let x = Math.min(a[0]!, b[0]!);
  while (i < a.length || j < b.length) {
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    if (i === a.length && j === b.length) break;
    const next = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    total += (next - x) * Math.abs(i / a.length - j / b.length);
    x = next;
  }
  return total;
}

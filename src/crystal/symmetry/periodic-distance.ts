import type { Mat3 } from "../math3.js";

/**
 * Squared length (Å²) of the shortest periodic image of the fractional difference p − q, with G the metric tensor
 * (Å², `metricTensor`). Each component is first rounded to the nearest integer; in oblique cells that is not always
 * the shortest image, so the 27 neighbouring images are compared too.
 */
export function periodicFracDistanceSquared(G: Mat3, p: ArrayLike<number>, q: ArrayLike<number>): number {
  const d = [0, 1, 2].map((i) => {
    const x = p[i]! - q[i]!;
    return x - Math.round(x);
  });
  let best = Infinity;
  for (let i = -1; i <= 1; i++)
    for (let j = -1; j <= 1; j++)
      for (let k = -1; k <= 1; k++) {
        const e = [d[0]! + i, d[1]! + j, d[2]! + k];
        let s = 0;
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += e[a]! * G[3 * a + b]! * e[b]!;
        if (s < best) best = s;
      }
  return best;
}

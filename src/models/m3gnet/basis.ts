// M3GNet's bases: spherical Bessel functions j_l(z_ln r / r_c) normalised as sqrt(2/r_c³)/|j_{l+1}(z_ln)| (z_ln the n-th
// root of j_l), Y_l^0 spherical harmonics of the bond angle, and the polynomial envelope 1 − 10x³ + 15x⁴ − 6x⁵.
import * as tf from "@tensorflow/tfjs";

/** Spherical Bessel function j_l(x) in float64 (upward recurrence; x > 0). */
export function sphericalBessel(l: number, x: number): number {
  let prev = Math.sin(x) / x;
  if (l === 0) return prev;
  let cur = Math.sin(x) / (x * x) - Math.cos(x) / x;
  for (let k = 1; k < l; k++) [prev, cur] = [cur, ((2 * k + 1) / x) * cur - prev];
  return cur;
}

/** The first `count` positive roots of j_l (bracketed on a 0.05 grid, then bisected to machine precision). */
export function sphericalBesselRoots(l: number, count: number): number[] {
  const roots: number[] = [];
  let a = 0.5 + l;
  while (roots.length < count) {
    const b = a + 0.05;
    if (Math.sign(sphericalBessel(l, a)) !== Math.sign(sphericalBessel(l, b))) {
      let [lo, hi] = [a, b];
      for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
        const mid = (lo + hi) / 2;
        if (Math.sign(sphericalBessel(l, mid)) === Math.sign(sphericalBessel(l, lo))) lo = mid;
        else hi = mid;
      }
      roots.push((lo + hi) / 2);
    }
    a = b;
  }
  return roots;
}

/** Roots z_ln and normalisations sqrt(2/r_c³)/|j_{l+1}(z_ln)| for l < maxL, n < maxN (row-major by l). */
export function besselConstants(maxL: number, maxN: number, cutoff: number): { roots: Float32Array; norms: Float32Array } {
  const roots = new Float32Array(maxL * maxN);
  const norms = new Float32Array(maxL * maxN);
  for (let l = 0; l < maxL; l++) {
    sphericalBesselRoots(l, maxN).forEach((z, n) => {
      roots[l * maxN + n] = z;
      norms[l * maxN + n] = Math.sqrt(2 / cutoff ** 3) / Math.abs(sphericalBessel(l + 1, z));
    });
  }
  return { roots, norms };
}

/** Radial basis of distances r [M] (Å) → [M, maxL·maxN], columns l-major (l = 0: n = 0 … maxN−1, then l = 1 …). */
export function sphericalBesselBasis(r: tf.Tensor1D, maxL: number, maxN: number, cutoff: number): tf.Tensor2D {
  const { roots, norms } = besselConstants(maxL, maxN, cutoff);
  const scaled = tf.minimum(r, cutoff).div(cutoff).reshape([-1, 1]);
  const blocks: tf.Tensor[] = [];
  for (let l = 0; l < maxL; l++) {
    const x = scaled.mul(tf.tensor2d(roots.subarray(l * maxN, (l + 1) * maxN), [1, maxN]));
    let prev: tf.Tensor = tf.sin(x).div(x);
    let cur: tf.Tensor = prev;
    if (l >= 1) cur = tf.sin(x).div(x.square()).sub(tf.cos(x).div(x));
    for (let k = 1; k < l; k++) [prev, cur] = [cur, cur.mul(tf.scalar(2 * k + 1).div(x)).sub(prev)];
    blocks.push(cur.mul(tf.tensor2d(norms.subarray(l * maxN, (l + 1) * maxN), [1, maxN])));
  }
  return tf.concat(blocks, 1) as tf.Tensor2D;
}

/** Coefficients c[l][k] of the Legendre polynomials P_l(x) = Σ_k c[l][k] x^k for l < maxL (Bonnet's recurrence). */
export function legendreCoefficients(maxL: number): number[][] {
  const c: number[][] = [[1], [0, 1]].slice(0, maxL);
  for (let l = 1; l + 1 < maxL; l++) {
    const next = new Array<number>(l + 2).fill(0);
    c[l]!.forEach((a, k) => (next[k + 1]! += ((2 * l + 1) / (l + 1)) * a));
    c[l - 1]!.forEach((a, k) => (next[k]! -= (l / (l + 1)) * a));
    c.push(next);
  }
  return c;
}

/**
 * Y_l^0(θ) = sqrt((2l+1)/4π) P_l(cos θ) for l < maxL, each repeated maxN times: [M] → [M, maxL·maxN], as Σ_k x^k ⊗ row_k
 * with constant rows (coefficients, normalisation and repetition) broadcast against the column of powers (no concat of
 * narrow columns, whose gradient split is slow).
 */
export function zonalHarmonicsRepeated(cosTheta: tf.Tensor1D, maxL: number, maxN: number): tf.Tensor2D {
  const x = cosTheta.reshape([-1, 1]);
  const rows = Array.from({ length: maxL }, () => new Float32Array(maxL * maxN));
  legendreCoefficients(maxL).forEach((coefficients, l) => {
    const norm = Math.sqrt((2 * l + 1) / (4 * Math.PI));
    coefficients.forEach((a, k) => rows[k]!.fill(a * norm, l * maxN, (l + 1) * maxN));
  });
  let out: tf.Tensor = tf.zerosLike(x).add(tf.tensor2d(rows[0]!, [1, maxL * maxN]));
  let power: tf.Tensor = x;
  for (let k = 1; k < maxL; k++) {
    if (k > 1) power = power.mul(x);
    out = out.add(power.mul(tf.tensor2d(rows[k]!, [1, maxL * maxN])));
  }
  return out as tf.Tensor2D;
}

/**
 * Smooth envelope 1 − 10x³ + 15x⁴ − 6x⁵ of x = r/cutoff (value, slope and curvature vanish at the cutoff); 0 beyond,
 * by evaluating it at min(x, 1).
 */
export function polynomialEnvelope(r: tf.Tensor1D, cutoff: number): tf.Tensor1D {
  const x = tf.minimum(r.div(cutoff), 1);
  const x3 = x.mul(x).mul(x);
  return tf.scalar(1).sub(x3.mul(10)).add(x3.mul(x).mul(15)).sub(x3.mul(x).mul(x).mul(6)) as tf.Tensor1D;
}

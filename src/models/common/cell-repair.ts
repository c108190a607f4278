// Turning a sampler's raw output into valid Structures: coordinates wrapped into [0, 1), degenerate cells inflated.

/** Fractional coordinates wrapped into [0, 1). */
export function wrapUnit(x: Float32Array): Float32Array {
  return x.map((v) => v - Math.floor(v));
}

/**
 * Row-major 3×3 lattices (Å, B×9) with every (numerically) zero-volume or non-finite cell replaced by a slightly inflated
 * one (+0.1 Å on the diagonal, non-finite entries set to 0), so that each stays a valid Structure; others are unchanged.
 */
export function repairDegenerateCells(lattices: Float32Array): Float32Array {
  const out = lattices.slice();
  for (let b = 0; b < out.length / 9; b++) {
    const m = out.subarray(9 * b, 9 * b + 9);
    const det = m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
    if (!(Math.abs(det) > 1e-6) || !m.every(Number.isFinite)) {
      for (let k = 0; k < 9; k++) m[k] = (Number.isFinite(m[k]!) ? m[k]! : 0) + (k % 4 === 0 ? 0.1 : 0);
    }
  }
  return out;
}

// Small dense 3-vector / 3×3-matrix helpers. Matrices are row-major arrays of 9 numbers.

/** A 3-vector. */
export type Vec3 = [number, number, number];
/** A 3×3 matrix, row-major (m[3*i + j] is row i, column j). */
export type Mat3 = Float64Array;

/** A Mat3 from 9 numbers or 3 rows. */
export function mat3(m: ArrayLike<number> | ArrayLike<ArrayLike<number>>): Mat3 {
  const out = new Float64Array(9);
  if (m.length === 3 && typeof m[0] !== "number") {
    const rows = m as ArrayLike<ArrayLike<number>>;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[3 * i + j] = rows[i]![j]!;
  } else {
    if (m.length !== 9) throw new RangeError(`a 3×3 matrix needs 9 numbers, got ${m.length}`);
    // An element loop: TypedArray.set from a plain array is several times slower for 9 numbers.
    const flat = m as ArrayLike<number>;
    for (let i = 0; i < 9; i++) out[i] = flat[i]!;
  }
  return out;
}

/** Determinant of a 3×3 matrix. */
export function det3(m: ArrayLike<number>): number {
  return (
    m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
    m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
    m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!)
  );
}

/** Inverse of a 3×3 matrix (throws RangeError when singular). */
export function inv3(m: ArrayLike<number>): Mat3 {
  return inv3Into(m, new Float64Array(9));
}

/** Inverse of a 3×3 matrix written into `out` (which must not alias `m`), for hot loops; throws RangeError when singular. */
export function inv3Into(m: ArrayLike<number>, out: Mat3): Mat3 {
  const d = det3(m);
  if (d === 0 || !Number.isFinite(d)) throw new RangeError("singular 3×3 matrix");
  const r = 1 / d;
  out[0] = (m[4]! * m[8]! - m[5]! * m[7]!) * r;
  out[1] = (m[2]! * m[7]! - m[1]! * m[8]!) * r;
  out[2] = (m[1]! * m[5]! - m[2]! * m[4]!) * r;
  out[3] = (m[5]! * m[6]! - m[3]! * m[8]!) * r;
  out[4] = (m[0]! * m[8]! - m[2]! * m[6]!) * r;
  out[5] = (m[2]! * m[3]! - m[0]! * m[5]!) * r;
  out[6] = (m[3]! * m[7]! - m[4]! * m[6]!) * r;
  out[7] = (m[1]! * m[6]! - m[0]! * m[7]!) * r;
  out[8] = (m[0]! * m[4]! - m[1]! * m[3]!) * r;
  return out;
}

/** Product a·b of two 3×3 matrices. */
export function mul3(a: ArrayLike<number>, b: ArrayLike<number>): Mat3 {
  return mul3Into(a, b, new Float64Array(9));
}

/** Product a·b of two 3×3 matrices written into `out` (which must alias neither), for hot loops. */
export function mul3Into(a: ArrayLike<number>, b: ArrayLike<number>, out: Mat3): Mat3 {
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) out[3 * i + j] = a[3 * i]! * b[j]! + a[3 * i + 1]! * b[3 + j]! + a[3 * i + 2]! * b[6 + j]!;
  return out;
}

/** Transpose of a 3×3 matrix. */
export function transpose3(m: ArrayLike<number>): Mat3 {
  return new Float64Array([m[0]!, m[3]!, m[6]!, m[1]!, m[4]!, m[7]!, m[2]!, m[5]!, m[8]!]);
}

/**
 * Row vectors times a matrix: out[k] = rows[k] · m for n rows stored flat (n×3).
 * With m a lattice matrix this turns fractional into Cartesian coordinates. Writes into `out` when given (may not alias `rows`).
 */
export function rowsTimesMat3(rows: ArrayLike<number>, m: ArrayLike<number>, out: Float64Array<ArrayBufferLike> = new Float64Array(rows.length)): Float64Array<ArrayBufferLike> {
  const n = rows.length / 3;
  for (let k = 0; k < n; k++) {
    const x = rows[3 * k]!, y = rows[3 * k + 1]!, z = rows[3 * k + 2]!;
    out[3 * k] = x * m[0]! + y * m[3]! + z * m[6]!;
    out[3 * k + 1] = x * m[1]! + y * m[4]! + z * m[7]!;
    out[3 * k + 2] = x * m[2]! + y * m[5]! + z * m[8]!;
  }
  return out;
}

/**
 * Lengths (Å) of the rows a, b, c of a lattice matrix: built as a literal array. Hot code
 * avoids Array.map for small numeric arrays: the kind of array it returns differs between V8's tiers (integral values
 * may come back as small integers), and every consumer then deoptimises and recompiles during warm-up.
 */
export function rowLengths(m: ArrayLike<number>): number[] {
  return [Math.hypot(m[0]!, m[1]!, m[2]!), Math.hypot(m[3]!, m[4]!, m[5]!), Math.hypot(m[6]!, m[7]!, m[8]!)];
}

// Lenstra–Lenstra–Lovász reduction of a 3-D lattice basis, following the bookkeeping of pymatgen's
// Lattice._calculate_lll (metrics-spec §9.7) so that the reduced basis is the same one pymatgen uses.
import { type Lattice, latticeFromMatrix } from "./lattice.js";
import { type Mat3, inv3 } from "./math3.js";

/** An LLL-reduced lattice and the integer matrix that produced it (new rows = mapping · old rows). */
export interface LllResult {
  /** The reduced lattice (rows a, b, c in Å). */
  readonly lattice: Lattice;
  /** Integer 3×3 matrix (row-major) with reduced.matrix = mapping · original.matrix. */
  readonly mapping: Mat3;
}

/** Python's round(): nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/**
 * LLL reduction (δ = 0.75 by default) of a lattice; the same basis as pymatgen's
 * `Lattice.get_lll_reduced_lattice()`. Lengths in Å; `mapping` is integer with new = mapping · old.
 */
export function lllReduce(lattice: Lattice, delta = 0.75): LllResult {
  const m0 = lattice.matrix;
  // Basis vectors a[i] (the rows of the matrix), their Gram–Schmidt vectors b[i], coefficients u[i][j], norms² m[i],
  // and the integer mapping rows t[i] (a[i] = Σ t[i][j] · original row j).
  const a = [0, 1, 2].map((i) => [m0[3 * i]!, m0[3 * i + 1]!, m0[3 * i + 2]!]);
  const t = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const b = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const u = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const m = [0, 0, 0];
  const dot = (x: number[], y: number[]) => x[0]! * y[0]! + x[1]! * y[1]! + x[2]! * y[2]!;
  /** Gram–Schmidt of vector s against b[0..s-1]. */
  const orthogonalize = (s: number) => {
    for (let j = 0; j < s; j++) u[s]![j] = dot(a[s]!, b[j]!) / m[j]!;
    const v = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      let projection = 0;
      for (let j = 0; j < s; j++) projection += b[j]![d]! * u[s]![j]!;
      v[d] = a[s]![d]! - projection;
    }
    b[s] = v;
    m[s] = dot(v, v);
  };
  for (let s = 0; s < 3; s++) orthogonalize(s);

  let k = 2; // 1-based index of the vector being reduced, as in the original formulation
  while (k <= 3) {
    // Size reduction of vector k-1 against vectors i-1 = k-2 … 0.
    for (let i = k - 1; i > 0; i--) {
      const q = roundHalfEven(u[k - 1]![i - 1]!);
      if (q !== 0) {
        for (let d = 0; d < 3; d++) {
          a[k - 1]![d]! -= q * a[i - 1]![d]!;
          t[k - 1]![d]! -= q * t[i - 1]![d]!;
        }
        for (let j = 0; j < i - 1; j++) u[k - 1]![j]! -= q * u[i - 1]![j]!;
        u[k - 1]![i - 1]! -= q;
      }
    }
    const mu = u[k - 1]![k - 2]!;
    if (dot(b[k - 1]!, b[k - 1]!) >= (delta - Math.abs(mu) ** 2) * dot(b[k - 2]!, b[k - 2]!)) {
      k++;
    } else {
      [a[k - 1], a[k - 2]] = [a[k - 2]!, a[k - 1]!];
      [t[k - 1], t[k - 2]] = [t[k - 2]!, t[k - 1]!];
      orthogonalize(k - 2);
      orthogonalize(k - 1);
      if (k > 2) {
        k--;
      } else {
        // The swap of vectors 0 and 1 leaves b[2] unchanged; only its coefficients on b[0], b[1] change.
        for (let j = 0; j < 2; j++) u[2]![j] = dot(a[2]!, b[j]!) / m[j]!;
      }
    }
  }
  return {
    lattice: latticeFromMatrix(a.flat()),
    mapping: new Float64Array(t.flat()),
  };
}

/** Fractional coordinates (n×3 flat) in the original basis re-expressed in the LLL basis: f_lll = f · mapping⁻¹. */
export function lllFracCoords(reduced: LllResult, fracCoords: ArrayLike<number>): Float64Array {
  const inv = inv3(reduced.mapping);
  const n = fracCoords.length / 3;
  const out = new Float64Array(fracCoords.length);
  for (let k = 0; k < n; k++) {
    const x = fracCoords[3 * k]!, y = fracCoords[3 * k + 1]!, z = fracCoords[3 * k + 2]!;
    for (let d = 0; d < 3; d++) out[3 * k + d] = x * inv[d]! + y * inv[3 + d]! + z * inv[6 + d]!;
  }
  return out;
}

import type { SymmetryOperation } from "./types.js";

/** Applies x' = R·x + t to fractional coordinates (n×3 flat); returns new coordinates, not wrapped. */
export function applyOperation(op: SymmetryOperation, fracCoords: ArrayLike<number>): Float64Array {
  const R = op.rotation;
  const t = op.translation;
  const out = new Float64Array(fracCoords.length);
  for (let k = 0; k < fracCoords.length; k += 3) {
    const x = fracCoords[k]!, y = fracCoords[k + 1]!, z = fracCoords[k + 2]!;
    out[k] = R[0]! * x + R[1]! * y + R[2]! * z + t[0];
    out[k + 1] = R[3]! * x + R[4]! * y + R[5]! * z + t[1];
    out[k + 2] = R[6]! * x + R[7]! * y + R[8]! * z + t[2];
  }
  return out;
}

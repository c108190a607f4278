import { SymmetryError } from "./errors.js";

/**
 * A Wyckoff coordinate triplet such as "x,2x,1/4" as an affine map of the free variables v = (x, y, z):
 * position = A·v + b. `A` is integer, row-major 3×3 (row = coordinate, column = variable).
 */
export interface WyckoffAffine {
  readonly A: readonly number[];
  readonly b: readonly [number, number, number];
  /** Indices (0 = x, 1 = y, 2 = z) of the variables the triplet uses. */
  readonly freeVariables: readonly number[];
}

const TERM = /([+-]?)(\d*)(?:\/(\d+))?([xyz]?)/y;

/** Parses an ITA coordinate triplet ("x,y,z", "1/8,y,-y+1/4", "x,2x,z" …). Throws SymmetryError on anything else. */
export function parseWyckoffCoordinates(triplet: string): WyckoffAffine {
  const parts = triplet.replace(/\s+/g, "").split(",");
  if (parts.length !== 3) throw new SymmetryError(`Wyckoff coordinates "${triplet}" are not a triplet`);
  const A = new Array<number>(9).fill(0);
  const b: [number, number, number] = [0, 0, 0];
  parts.forEach((expr, i) => {
    let pos = 0;
    while (pos < expr.length) {
      TERM.lastIndex = pos;
      const m = TERM.exec(expr);
      if (!m || m[0].length === 0) throw new SymmetryError(`Wyckoff coordinates "${triplet}": cannot read "${expr.slice(pos)}"`);
      pos += m[0].length;
      const sign = m[1] === "-" ? -1 : 1;
      const variable = m[4] ? "xyz".indexOf(m[4]) : -1;
      if (variable >= 0) {
        if (m[3]) throw new SymmetryError(`Wyckoff coordinates "${triplet}": fractional coefficient in "${m[0]}"`);
        A[3 * i + variable] = A[3 * i + variable]! + sign * (m[2] ? Number(m[2]) : 1);
      } else {
        if (!m[2]) throw new SymmetryError(`Wyckoff coordinates "${triplet}": cannot read "${m[0]}"`);
        b[i] += (sign * Number(m[2])) / (m[3] ? Number(m[3]) : 1);
      }
    }
  });
  const freeVariables = [0, 1, 2].filter((j) => A[j] !== 0 || A[3 + j] !== 0 || A[6 + j] !== 0);
  return { A, b, freeVariables };
}

/** The position A·v + b of free-variable values v = [x, y, z] (unused variables are ignored), fractional. */
export function wyckoffPoint(affine: WyckoffAffine, v: ArrayLike<number>): [number, number, number] {
  const { A, b } = affine;
  return [0, 1, 2].map((i) => A[3 * i]! * v[0]! + A[3 * i + 1]! * v[1]! + A[3 * i + 2]! * v[2]! + b[i]!) as [number, number, number];
}

/**
 * Free-variable values v (unused ones 0) whose point A·v + b equals the fractional position q modulo lattice
 * translations, or null when q is not on this Wyckoff position. Each variable is read off a coordinate in which it
 * appears alone with coefficient ±1 (true of every ITA triplet); the fit is then checked on all three coordinates:
 * `fracDistance(d)` must return the length (Å) of the fractional difference d and be below `tolerance` (Å).
 */
export function fitWyckoffVariables(
  affine: WyckoffAffine,
  q: ArrayLike<number>,
  fracDistance: (d: [number, number, number]) => number,
  tolerance: number,
): [number, number, number] | null {
  const { A, b } = affine;
  const v: [number, number, number] = [0, 0, 0];
  for (const j of affine.freeVariables) {
    const row = [0, 1, 2].find((i) => Math.abs(A[3 * i + j]!) === 1 && [0, 1, 2].every((k) => k === j || A[3 * i + k] === 0));
    if (row === undefined) throw new SymmetryError(`Wyckoff variable ${"xyz"[j]} is never alone in a coordinate`);
    const value = A[3 * row + j]! * (q[row]! - b[row]!);
    v[j] = value - Math.floor(value);
  }
  const p = wyckoffPoint(affine, v);
  const d = [0, 1, 2].map((i) => {
    const x = q[i]! - p[i]!;
    return x - Math.round(x);
  }) as [number, number, number];
  return fracDistance(d) <= tolerance ? v : null;
}

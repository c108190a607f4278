// All sub-/super-lattices of one lattice whose parameters match a target lattice, as pymatgen's
// Lattice.find_all_mappings (metrics-spec §9.4).
import { rowLengths } from "../../crystal/math3.js";
import { type Lattice, latticeAngles } from "../../crystal/lattice.js";
import { det3, inv3Into } from "../../crystal/math3.js";

/**
 * One lattice mapping: `aligned` = `scale` · lattice.matrix (rows a, b, c in Å), `scale` an integer 3×3 matrix; both
 * row-major arrays of 9 numbers (plain arrays: a search returns dozens, and small typed arrays are costly to allocate).
 */
export interface LatticeMapping {
  /** Rows are the matched lattice vectors (Å) in the Cartesian frame of the searched lattice. */
  readonly aligned: readonly number[];
  /** Integer matrix (row-major) with aligned = scale · lattice.matrix. */
  readonly scale: readonly number[];
}

const RAD_TO_DEG = 180 / Math.PI;

/**
 * The cosines of the angles within `tol` degrees of `target` (strict, as |acos(x) − target| < tol): x in (lo, hi) with
 * lo = cos(target + tol) and hi = cos(target − tol), narrowed or widened by MARGIN to decide most pairs without acos.
 */
interface AngleWindow {
  readonly target: number;
  readonly tol: number;
  /** Cosines strictly between these two are inside the window. */
  readonly insideLo: number;
  readonly insideHi: number;
  /** Cosines below / above these are outside it. */
  readonly outsideLo: number;
  readonly outsideHi: number;
}

/**
 * Margin (in cosine) around the window edges; within it, acos decides. A change of the cosine by 1e-12 moves the angle
 * by at least 1e-12 rad, far more than the rounding of acos, of the window edges and of a cosine taken from unit
 * vectors instead of dot / |u| / |v| (all ~1e-15).
 */
const MARGIN = 1e-12;

/** The AngleWindow of a target angle and tolerance (degrees). */
function angleWindow(target: number, tol: number): AngleWindow {
  const lo = target + tol > 180 ? -Infinity : Math.cos((target + tol) / RAD_TO_DEG);
  const hi = target - tol < 0 ? Infinity : Math.cos((target - tol) / RAD_TO_DEG);
  return { target, tol, insideLo: lo + MARGIN, insideHi: hi - MARGIN, outsideLo: lo - MARGIN, outsideHi: hi + MARGIN };
}

/** Candidate lattice vectors for one target axis: integer coordinates, Cartesian vectors (Å), lengths (Å), unit vectors. */
interface AxisCandidates {
  n: number;
  f: Int32Array;
  c: Float64Array;
  l: Float64Array;
  u: Float64Array;
}

/** Empty AxisCandidates with room for `capacity` vectors. */
function axisCandidates(capacity: number): AxisCandidates {
  return { n: 0, f: new Int32Array(3 * capacity), c: new Float64Array(3 * capacity), l: new Float64Array(capacity), u: new Float64Array(3 * capacity) };
}

/**
 * Module-wide candidate buffers of findAllLatticeMappings, one per target axis, reused across calls (the search runs
 * for every matched pair, and growing fresh arrays each time dominated its allocations); never re-entered.
 */
const candidates = [axisCandidates(64), axisCandidates(64), axisCandidates(64)] as const;

/** Appends the vector (x, y, z) = i·a + j·b + k·c of length d, doubling the storage when full. */
function addCandidate(a: AxisCandidates, i: number, j: number, k: number, x: number, y: number, z: number, d: number): void {
  if (a.n === a.l.length) {
    const grown = axisCandidates(2 * a.n);
    grown.f.set(a.f);
    grown.c.set(a.c);
    grown.l.set(a.l);
    grown.u.set(a.u);
    a.f = grown.f;
    a.c = grown.c;
    a.l = grown.l;
    a.u = grown.u;
  }
  const t = a.n++;
  a.f[3 * t] = i;
  a.f[3 * t + 1] = j;
  a.f[3 * t + 2] = k;
  a.c[3 * t] = x;
  a.c[3 * t + 1] = y;
  a.c[3 * t + 2] = z;
  a.l[t] = d;
  a.u[3 * t] = x / d;
  a.u[3 * t + 1] = y / d;
  a.u[3 * t + 2] = z / d;
}

/**
 * Whether vectors p_i and q_j make an angle within the window (pymatgen's |acos(p·q / |p| / |q|) − target| < tol):
 * decided by the unit vectors' cosine when it is clearly inside or outside, otherwise exactly as pymatgen.
 */
function angleWithin(p: AxisCandidates, i: number, q: AxisCandidates, j: number, w: AngleWindow): boolean {
  const x = p.u[3 * i]! * q.u[3 * j]! + p.u[3 * i + 1]! * q.u[3 * j + 1]! + p.u[3 * i + 2]! * q.u[3 * j + 2]!;
  if (x > w.insideLo && x < w.insideHi) return true;
  if (x < w.outsideLo || x > w.outsideHi) return false;
  let c = (p.c[3 * i]! * q.c[3 * j]! + p.c[3 * i + 1]! * q.c[3 * j + 1]! + p.c[3 * i + 2]! * q.c[3 * j + 2]!) / p.l[i]! / q.l[j]!;
  if (c > 1) c = 1;
  else if (c < -1) c = -1;
  return Math.abs(Math.acos(c) * RAD_TO_DEG - w.target) < w.tol;
}

/** Scratch for reciprocalLengths (a 9-number typed array costs an off-heap allocation). */
const inverse = new Float64Array(9);

/**
 * Lengths (Å⁻¹) of the reciprocal vectors b_k (a_i · b_j = 2π δ_ij) of a row-major lattice matrix: the same numbers
 * as latticeLengths(reciprocalLattice(·)), without building the reciprocal lattice (hot in the matcher).
 */
export function reciprocalLengths(m: ArrayLike<number>): [number, number, number] {
  const inv = inv3Into(m, inverse);
  const s = 2 * Math.PI;
  return [Math.hypot(inv[0]! * s, inv[3]! * s, inv[6]! * s), Math.hypot(inv[1]! * s, inv[4]! * s, inv[7]! * s), Math.hypot(inv[2]! * s, inv[5]! * s, inv[8]! * s)];
}

/**
 * Every triple of lattice vectors of `lattice` whose lengths match the target's within the fractional tolerance
 * `ltol` (1/(1+ltol) < |v|/l < 1+ltol, strict) and whose pairwise angles match the target's within `angleTol`
 * degrees (strict), skipping singular integer matrices. With `supercellSize` set, only mappings whose integer matrix
 * has |det| within 0.5 of it are returned (the StructureMatcher filter). Order: by first, then second, then third
 * vector, each in lexicographic order of its integer coordinates (pymatgen's order differs only for exact ties).
 */
export function findAllLatticeMappings(
  lattice: Lattice,
  target: Lattice,
  ltol: number,
  angleTol: number,
  supercellSize?: number,
): LatticeMapping[] {
  const lengths = rowLengths(target.matrix);
  const [alpha, beta, gamma] = latticeAngles(target);
  const radius = Math.max(...lengths) * (1 + ltol);
  const m = lattice.matrix;
  // Integer bounds of the parallelepiped that contains the sphere: |n_i| ≤ r·|b*_i| / 2π.
  const [r0, r1, r2] = reciprocalLengths(m);
  const b0 = Math.ceil((radius * r0) / (2 * Math.PI)), b1 = Math.ceil((radius * r1) / (2 * Math.PI)), b2 = Math.ceil((radius * r2) / (2 * Math.PI));
  // Candidates for each target axis (the module-wide buffers, emptied).
  for (const a of candidates) a.n = 0;
  const lo = 1 / (1 + ltol), hi = 1 + ltol;
  // Points clearly outside the sphere are skipped before the square root (the margin keeps the test below exact).
  const far = radius * radius * (1 + 1e-9);
  for (let i = -b0; i <= b0; i++)
    for (let j = -b1; j <= b1; j++)
      for (let k = -b2; k <= b2; k++) {
        const x = i * m[0]! + j * m[3]! + k * m[6]!;
        const y = i * m[1]! + j * m[4]! + k * m[7]!;
        const z = i * m[2]! + j * m[5]! + k * m[8]!;
        const d2 = x * x + y * y + z * z;
        if (d2 > far) continue;
        const d = Math.sqrt(d2);
        if (d > radius) continue;
        for (let axis = 0; axis < 3; axis++) {
          const q = d / lengths[axis]!;
          if (q < hi && q > lo) addCandidate(candidates[axis]!, i, j, k, x, y, z, d);
        }
      }
  const [A, B, C] = candidates;
  const na = A.n, nb = B.n, nc = C.n;
  const wAlpha = angleWindow(alpha, angleTol), wBeta = angleWindow(beta, angleTol), wGamma = angleWindow(gamma, angleTol);
  // Row-major nb×nc and na×nc tables (plain arrays filled in order: small typed arrays cost an off-heap allocation).
  const alphaOk: boolean[] = [];
  for (let j = 0; j < nb; j++) for (let k = 0; k < nc; k++) alphaOk.push(angleWithin(B, j, C, k, wAlpha));
  const betaOk: boolean[] = [];
  for (let i = 0; i < na; i++) for (let k = 0; k < nc; k++) betaOk.push(angleWithin(A, i, C, k, wBeta));
  const out: LatticeMapping[] = [];
  const scale = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++) {
      if (!angleWithin(A, i, B, j, wGamma)) continue;
      for (let k = 0; k < nc; k++) {
        if (!alphaOk[j * nc + k] || !betaOk[i * nc + k]) continue;
        for (let d = 0; d < 3; d++) {
          scale[d] = A.f[3 * i + d]!;
          scale[3 + d] = B.f[3 * j + d]!;
          scale[6 + d] = C.f[3 * k + d]!;
        }
        const det = det3(scale);
        if (Math.abs(det) < 1e-8) continue;
        if (supercellSize !== undefined && !(Math.abs(Math.abs(det) - supercellSize) < 0.5)) continue;
        const aligned = [
          A.c[3 * i]!, A.c[3 * i + 1]!, A.c[3 * i + 2]!,
          B.c[3 * j]!, B.c[3 * j + 1]!, B.c[3 * j + 2]!,
          C.c[3 * k]!, C.c[3 * k + 1]!, C.c[3 * k + 2]!,
        ];
        out.push({ aligned, scale: scale.slice() });
      }
    }
  return out;
}

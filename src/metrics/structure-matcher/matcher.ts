// pymatgen StructureMatcher get_rms_dist / fit (metrics-spec §9.1–9.2): same reductions, scaling, lattice search,
// translation anchors, quick fractional test, Cartesian assignment and early exits, on typed arrays.
import { nearestInteger, nearestIntegerDistance } from "../../crystal/distances.js";
import { type Lattice, latticeFromParameters, latticeVolume } from "../../crystal/lattice.js";
import { lllReduce, roundHalfEven } from "../../crystal/lll.js";
import { type Mat3, inv3, inv3Into, rowsTimesMat3 } from "../../crystal/math3.js";
import type { Structure } from "../../crystal/structure.js";
import { type LatticeMapping, findAllLatticeMappings, reciprocalLengths } from "./lattice-mappings.js";
import { type AssignmentWorkspace, assignmentWorkspace, linearAssignment } from "./linear-assignment.js";
import { type MatcherOptions, type ResolvedMatcherOptions, resolveMatcherOptions } from "./options.js";
import { type PreparedStructure, prepareForMatching } from "./prepare.js";

/** Result of a successful match: RMS and maximum site displacement, both divided by (V/N)^(1/3) (dimensionless). */
export interface MatchResult {
  readonly rms: number;
  readonly maxDist: number;
}

/** One side of a comparison after scaling: lattice matrix (Å), fractional coordinates (n×3) and species keys. */
interface Side {
  readonly matrix: Mat3;
  readonly frac: Float64Array;
  readonly keys: Int32Array;
  readonly n: number;
}

/** Best candidate so far: its score (rms or max distance) and normalised per-site distances. */
interface Candidate {
  val: number;
  dists: Float64Array;
}

/** The 27 image offsets (−1, 0, 1)³ in pymatgen's order (first axis slowest). */
const IMAGES = (() => {
  const out = new Float64Array(81);
  let n = 0;
  for (const a of [-1, 0, 1]) for (const b of [-1, 0, 1]) for (const c of [-1, 0, 1]) out.set([a, b, c], 3 * n++);
  return out;
})();

/** Math.round(x) (ties towards +∞) for |x| < 2⁵¹, without Math.round's branch. */
function roundHalfUp(x: number): number {
  const r = nearestInteger(x);
  return r + (x - r === 0.5 ? 1 : 0);
}

/** x − floor(x) for every entry (numpy `fc -= np.floor(fc)`), in place. */
function wrapInPlace(f: Float64Array): Float64Array {
  for (let i = 0; i < f.length; i++) f[i] = f[i]! - Math.floor(f[i]!);
  return f;
}

/** Points of the old lattice inside the supercell S (integer 3×3), in supercell fractional coordinates (pymatgen order). */
export function latticePointsInSupercell(S: ArrayLike<number>): Float64Array {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (const a of [0, 1]) for (const b of [0, 1]) for (const c of [0, 1])
    for (let d = 0; d < 3; d++) {
      const v = a * S[d]! + b * S[3 + d]! + c * S[6 + d]!;
      lo[d] = Math.min(lo[d]!, v);
      hi[d] = Math.max(hi[d]!, v);
    }
  const inv = inv3(S);
  const pts: number[] = [];
  for (let a = lo[0]!; a <= hi[0]!; a++)
    for (let b = lo[1]!; b <= hi[1]!; b++)
      for (let c = lo[2]!; c <= hi[2]!; c++) {
        const f = [0, 1, 2].map((d) => a * inv[d]! + b * inv[3 + d]! + c * inv[6 + d]!);
        if (f.every((x) => x < 1 - 1e-10 && x >= -1e-10)) pts.push(...f);
      }
  return new Float64Array(pts);
}

/** Lattice parameters (a, b, c in Å; α, β, γ in degrees) of a row-major matrix, as pymatgen's Lattice.parameters. */
function parametersOf(m: ArrayLike<number>): number[] {
  const a = rowLength(m, 0), b = rowLength(m, 1), c = rowLength(m, 2);
  return [a, b, c, rowAngle(m, 1, 2, b, c), rowAngle(m, 2, 0, c, a), rowAngle(m, 0, 1, a, b)];
}

/** Length of row i of a row-major 3×3 matrix, √(x² + y² + z²) as numpy (not Math.hypot, which rounds differently). */
function rowLength(m: ArrayLike<number>, i: number): number {
  return Math.sqrt(m[3 * i]! * m[3 * i]! + m[3 * i + 1]! * m[3 * i + 1]! + m[3 * i + 2]! * m[3 * i + 2]!);
}

/** Angle (degrees) between rows j and k of lengths lj, lk. */
function rowAngle(m: ArrayLike<number>, j: number, k: number, lj: number, lk: number): number {
  let c = (m[3 * j]! * m[3 * k]! + m[3 * j + 1]! * m[3 * k + 1]! + m[3 * j + 2]! * m[3 * k + 2]!) / (lj * lk);
  if (c > 1) c = 1;
  else if (c < -1) c = -1;
  return (Math.acos(c) * 180) / Math.PI;
}

/** What the matcher needs of one averaged lattice (pymatgen av_lat of the mapped and the target lattice). */
interface AverageLattice {
  /** The averaged lattice (Å). */
  readonly lattice: Lattice;
  /** (N / V)^(1/3) of the averaged lattice (Å⁻¹). */
  readonly norm: number;
  /** Quick-test fractional tolerances per axis. */
  readonly fracTol: readonly number[];
  /** Its LLL frame, computed when a candidate first needs distances (many mappings are rejected before). */
  frame: LllFrame | null;
}

/** The LLL-reduced averaged lattice, in which pymatgen takes the periodic site distances. */
interface LllFrame {
  /** Inverse of the LLL integer mapping (f_lll = f · invMap), the LLL matrix, its tolerances and 27 image vectors. */
  readonly invMap: Mat3;
  readonly lllMatrix: Mat3;
  readonly lllTol: readonly number[];
  readonly images: Float64Array;
  /** A lower bound (Å²) on |f · lllMatrix|² for fractional vectors f with some |f_k| ≥ 1 (0.999 × smallest eigenvalue of the metric). */
  readonly farImageBound: number;
  /**
   * 0.999 × a lower bound on λ₁²/4 (Å²), λ₁ the shortest lattice vector: a periodic vector shorter than this is the
   * unique shortest of its images (every other image is longer than λ₁ − |q| > |q|).
   */
  readonly nearImageBound: number;
}

/** Smallest eigenvalue of the symmetric metric tensor M·Mᵀ of a 3×3 matrix (trigonometric closed form). */
function smallestMetricEigenvalue(m: Mat3): number {
  const g = (i: number, j: number) => m[3 * i]! * m[3 * j]! + m[3 * i + 1]! * m[3 * j + 1]! + m[3 * i + 2]! * m[3 * j + 2]!;
  const a00 = g(0, 0), a11 = g(1, 1), a22 = g(2, 2), a01 = g(0, 1), a02 = g(0, 2), a12 = g(1, 2);
  const p1 = a01 * a01 + a02 * a02 + a12 * a12;
  const q = (a00 + a11 + a22) / 3;
  const p2 = (a00 - q) ** 2 + (a11 - q) ** 2 + (a22 - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  if (p === 0) return q;
  const b00 = (a00 - q) / p, b11 = (a11 - q) / p, b22 = (a22 - q) / p, b01 = a01 / p, b02 = a02 / p, b12 = a12 / p;
  const r = (b00 * (b11 * b22 - b12 * b12) - b01 * (b01 * b22 - b12 * b02) + b02 * (b01 * b12 - b11 * b02)) / 2;
  const phi = r <= -1 ? Math.PI / 3 : r >= 1 ? 0 : Math.acos(r) / 3;
  return q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
}

/**
 * Fractional site tolerances |b*_k|·stol/(π·norm) per axis from reciprocal lengths b* (pymatgen's frac_tol).
 * Small numeric arrays in the hot path are built as literals, never with Array.map: map's result kind differs between
 * V8's tiers, and every consumer then deoptimises and recompiles during warm-up.
 */
function siteTolerances(rec: readonly number[], stol: number, norm: number): number[] {
  return [(rec[0]! * stol) / (Math.PI * norm), (rec[1]! * stol) / (Math.PI * norm), (rec[2]! * stol) / (Math.PI * norm)];
}

/** The three entries of v times f. */
function scaled(v: readonly number[], f: number): number[] {
  return [v[0]! * f, v[1]! * f, v[2]! * f];
}

/** The averaged lattice of two parameter sets, for `n` superset sites and tolerance stol (its frame not yet computed). */
function averageLattice(p: readonly number[], q: readonly number[], n: number, stol: number): AverageLattice {
  const lattice = latticeFromParameters((p[0]! + q[0]!) / 2, (p[1]! + q[1]!) / 2, (p[2]! + q[2]!) / 2, (p[3]! + q[3]!) / 2, (p[4]! + q[4]!) / 2, (p[5]! + q[5]!) / 2);
  const norm = Math.cbrt(n / latticeVolume(lattice));
  const fracTol = siteTolerances(reciprocalLengths(lattice.matrix), stol, norm);
  return { lattice, norm, fracTol, frame: null };
}

/** The LllFrame of an averaged lattice for tolerance stol. */
function lllFrame({ lattice, norm }: AverageLattice, stol: number): LllFrame {
  const lll = lllReduce(lattice);
  const lllMatrix = lll.lattice.matrix;
  const lllTol = siteTolerances(reciprocalLengths(lllMatrix), stol, norm);
  const images = new Float64Array(81);
  for (let k = 0; k < 27; k++)
    for (let d = 0; d < 3; d++)
      images[3 * k + d] = IMAGES[3 * k]! * lllMatrix[d]! + IMAGES[3 * k + 1]! * lllMatrix[3 + d]! + IMAGES[3 * k + 2]! * lllMatrix[6 + d]!;
  const eigen = smallestMetricEigenvalue(lllMatrix);
  // λ₁² is the shortest of the 26 images when that is below 4·eigen: a vector f·M with some |f_k| ≥ 2 has
  // |f·M|² ≥ eigen·|f|² ≥ 4·eigen. Otherwise eigen itself bounds λ₁² from below.
  let shortest = Infinity;
  for (let k = 0; k < 81; k += 3) {
    const q = images[k]! * images[k]! + images[k + 1]! * images[k + 1]! + images[k + 2]! * images[k + 2]!;
    if (k !== 39 && q < shortest) shortest = q; // (k = 39: the zero image)
  }
  const lambda2 = shortest < 4 * eigen ? shortest : eigen;
  return { invMap: inv3(lll.mapping), lllMatrix, lllTol, images, farImageBound: 0.999 * eigen, nearImageBound: (0.999 * lambda2) / 4 };
}

/** Averaged lattice shared by mappings whose parameters agree after rounding to 1e-8, and their site sets so far. */
interface AverageEntry {
  /** roundedParameters of the mapping that created it. */
  readonly key: readonly number[];
  readonly average: AverageLattice;
  readonly representatives: Float64Array[];
}

/** The six lattice parameters rounded to 1e-8 (equal for symmetry-equivalent mappings). */
function roundedParameters(q: readonly number[]): number[] {
  return [Math.round(q[0]! * 1e8), Math.round(q[1]! * 1e8), Math.round(q[2]! * 1e8), Math.round(q[3]! * 1e8), Math.round(q[4]! * 1e8), Math.round(q[5]! * 1e8)];
}

/** Equal rounded parameters. */
function sameRoundedParameters(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < 6; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Work buffers of strictMatch for one rows×cols problem (views of module-wide buffers, reused across calls). */
interface MatchScratch {
  readonly shifted: Float64Array;
  readonly subLll: Float64Array;
  readonly subCart: Float64Array;
  readonly supCart: Float64Array;
  readonly supLll: Float64Array;
  readonly supWrapped: Float64Array;
  readonly cost: Float64Array;
  readonly vec: Float64Array;
  readonly solution: Int32Array;
  readonly dists: Float64Array;
  readonly centers: Int32Array;
  readonly ws: AssignmentWorkspace;
  /** One species block of the cost matrix (rows·cols) and its row solution (rows). */
  readonly blockCost: Float64Array;
  /** Per-site distances of the best candidate so far (rows). */
  readonly bestDists: Float64Array;
  readonly blockSolution: Int32Array;
}

/** Module-wide backing buffers of strictMatch, sized for the largest problem so far. */
let pool: { rows: number; cols: number; f64: Float64Array; i32: Int32Array; ws: AssignmentWorkspace } | null = null;

/** scratchFor's views into the current pool by shape (rows·2²⁰ + cols). */
const scratchByShape = new Map<number, MatchScratch>();

/**
 * Buffers for a rows×cols match: exact-length views of module-wide buffers, grown when needed and otherwise reused,
 * so that matching many pairs allocates nothing large per call. Safe because strictMatch never re-enters itself and
 * each worker thread has its own module instance; every buffer is (re)written before it is read within one call (cost
 * is refilled per candidate, vec read only where cost is finite, the best candidate's distances are copied out).
 */
function scratchFor(rows: number, cols: number): MatchScratch {
  if (pool === null || rows > pool.rows || cols > pool.cols) {
    const r = Math.max(rows, pool?.rows ?? 0), c = Math.max(cols, pool?.cols ?? 0);
    pool = { rows: r, cols: c, f64: new Float64Array(11 * r + 9 * c + 5 * r * c), i32: new Int32Array(2 * r + c), ws: assignmentWorkspace(c) };
    scratchByShape.clear();
  }
  // The views of one shape are made once per pool (creating sixteen views costs more than a small match).
  const key = rows * 0x100000 + cols;
  let views = scratchByShape.get(key);
  if (views === undefined) scratchByShape.set(key, (views = viewsOf(pool, rows, cols)));
  return views;
}

/** Views of scratchFor for one rows×cols shape into the current pool. */
function viewsOf(pool: { f64: Float64Array; i32: Int32Array; ws: AssignmentWorkspace }, rows: number, cols: number): MatchScratch {
  const { f64, i32, ws } = pool;
  let at = 0;
  const take = (n: number) => f64.subarray(at, (at += n));
  return {
    shifted: take(3 * rows), subLll: take(3 * rows), subCart: take(3 * rows), dists: take(rows),
    supCart: take(3 * cols), supLll: take(3 * cols), supWrapped: take(3 * cols),
    cost: take(rows * cols), vec: take(3 * rows * cols), blockCost: take(rows * cols), bestDists: take(rows),
    solution: i32.subarray(0, rows), centers: i32.subarray(rows, rows + cols), blockSolution: i32.subarray(rows + cols, 2 * rows + cols), ws,
  };
}

let arena = new Float64Array(0);

/** Scratch 3×3 matrix of strictMatch (the inverse of each mapping's aligned lattice). */
const alignedInverse = new Float64Array(9);

/**
 * A module-wide buffer of at least `length` numbers for the site sets of the kept lattice mappings of one strictMatch
 * call (their views live only during that call; one allocation instead of one per mapping).
 */
function siteArenaFor(length: number): Float64Array {
  if (arena.length < length) arena = new Float64Array(Math.max(length, 2 * arena.length));
  return arena;
}

/** Rows and columns (ascending) of one species in a rows×cols matching problem: one block of the assignment. */
interface SpeciesBlock {
  readonly rows: Int32Array;
  readonly cols: Int32Array;
}

/** Equal keys grouped: the distinct keys in order of first appearance, each entry's group and each group's entries (ascending). */
interface KeyGroups {
  readonly kinds: number[];
  readonly of: number[];
  readonly members: Int32Array[];
}

/** Groups entries 0 … n−1 by their key `keyOf(i)` (a linear search: structures have few species). */
function groupKeys(n: number, keyOf: (i: number) => number): KeyGroups {
  const kinds: number[] = [], sizes: number[] = [], of: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    let g = kinds.indexOf(key);
    if (g < 0) {
      g = kinds.length;
      kinds.push(key);
      sizes.push(0);
    }
    of.push(g);
    sizes[g]!++;
  }
  const members: Int32Array[] = [], filled: number[] = [];
  for (const size of sizes) {
    members.push(new Int32Array(size));
    filled.push(0);
  }
  for (let i = 0; i < n; i++) members[of[i]!]![filled[of[i]!]!++] = i;
  return { kinds, of, members };
}

/** Subset coordinates translated so that subset site `anchor` sits on superset site `target` (pymatgen's t). */
function shiftOnto(subFc: Float64Array, rows: number, supFc: Float64Array, target: number, anchor: number, out: Float64Array): void {
  const t0 = supFc[3 * target]! - subFc[3 * anchor]!;
  const t1 = supFc[3 * target + 1]! - subFc[3 * anchor + 1]!;
  const t2 = supFc[3 * target + 2]! - subFc[3 * anchor + 2]!;
  for (let r = 0; r < rows; r++) {
    out[3 * r] = subFc[3 * r]! + t0;
    out[3 * r + 1] = subFc[3 * r + 1]! + t1;
    out[3 * r + 2] = subFc[3 * r + 2]! + t2;
  }
}

/**
 * Anchor columns whose translation passes the quick test at a quarter of its tolerance first, then the others (each
 * group in its original order; `shifted` is scratch): a cheap guess at which translations fit best.
 */
function closeFitsFirst(
  anchorCols: readonly number[], subFc: Float64Array, rows: number, supFc: Float64Array, anchorRow: number,
  allowed: readonly Int32Array[], tol: readonly number[], shifted: Float64Array,
): number[] {
  const quarter = scaled(tol, 1 / 4);
  const close: number[] = [], rest: number[] = [];
  for (const c of anchorCols) {
    shiftOnto(subFc, rows, supFc, c, anchorRow, shifted);
    (isCoordSubsetPbc(shifted, rows, supFc, allowed, quarter) ? close : rest).push(c);
  }
  return close.length === 0 ? rest : close.concat(rest);
}

/** Fractional tolerance under which two lattice mappings count as symmetry-equivalent (sites identical). */
const SAME_SITE_TOL = 1e-8;

/**
 * True when the sites `b` (n×3, species kinds `kindOf`; `members[g]` lists the sites of kind g) equal the sites `a` up
 * to one common translation (mod 1, within SAME_SITE_TOL per axis): the translation is tried from the first site of
 * the rarest kind to each of its kind.
 */
function sameSitesUpToTranslation(a: Float64Array, b: Float64Array, kindOf: readonly number[], members: readonly Int32Array[], rarest: Int32Array): boolean {
  const s0 = rarest[0]!;
  for (let q = 0; q < rarest.length; q++) {
    const anchor = rarest[q]!;
    const tx = a[3 * anchor]! - b[3 * s0]!, ty = a[3 * anchor + 1]! - b[3 * s0 + 1]!, tz = a[3 * anchor + 2]! - b[3 * s0 + 2]!;
    let all = true;
    for (let i = 0; i < kindOf.length && all; i++) {
      const x = b[3 * i]! + tx, y = b[3 * i + 1]! + ty, z = b[3 * i + 2]! + tz;
      const group = members[kindOf[i]!]!;
      let found = false;
      for (let k = 0; k < group.length; k++) {
        const j = group[k]!;
        let d = x - a[3 * j]!;
        if (nearestIntegerDistance(d) > SAME_SITE_TOL) continue;
        d = y - a[3 * j + 1]!;
        if (nearestIntegerDistance(d) > SAME_SITE_TOL) continue;
        d = z - a[3 * j + 2]!;
        if (nearestIntegerDistance(d) > SAME_SITE_TOL) continue;
        found = true;
        break;
      }
      all = found;
    }
    if (all) return true;
  }
  return false;
}

/**
 * Matches `sub` onto `sup` (pymatgen _strict_match). With `supSupercell` the superset's sites are expanded fu times,
 * otherwise the subset's. `useRms` scores by RMS (get_rms_dist), else by the maximum distance with exit at the first
 * candidate below stol (fit).
 */
function strictMatch(sup: Side, sub: Side, fu: number, supSupercell: boolean, o: ResolvedMatcherOptions, useRms: boolean): Candidate | null {
  const rows = supSupercell ? sub.n : sub.n * fu;
  const cols = supSupercell ? sup.n * fu : sup.n;
  if (rows > cols) return null; // pymatgen raises here ("struct1 must have more sites"); callers count it as no match
  if (!o.allowSubset && rows !== cols) return null;
  // Species key of each row and column (the supercell side repeats each site's key fu times).
  const rowGroups = groupKeys(rows, (r) => sub.keys[supSupercell ? r : Math.floor(r / fu)]!);
  const colGroups = groupKeys(cols, (c) => sup.keys[supSupercell ? Math.floor(c / fu) : c]!);
  // One assignment block per row species; a zero-cost perfect matching of pymatgen's species mask exists iff every
  // species is no more frequent among rows than among columns.
  // (Arrays the optimised code reads are built with push, not Array.map: see siteTolerances.)
  const blocks: SpeciesBlock[] = [];
  for (let g = 0; g < rowGroups.kinds.length; g++) {
    const h = colGroups.kinds.indexOf(rowGroups.kinds[g]!);
    const block = { rows: rowGroups.members[g]!, cols: h < 0 ? new Int32Array(0) : colGroups.members[h]! };
    if (block.rows.length > block.cols.length) return null;
    blocks.push(block);
  }
  // Columns of each row's species, ascending (the only ones pymatgen's species mask allows).
  const allowed: Int32Array[] = [];
  for (let r = 0; r < rows; r++) allowed.push(blocks[rowGroups.of[r]!]!.cols);
  // Translation anchor: the first row with the most masked columns (rarest species); its allowed columns, every
  // fu-th one when the superset is a supercell.
  let anchorRow = 0;
  for (let r = 1; r < rows; r++) if (allowed[r]!.length < allowed[anchorRow]!.length) anchorRow = r;
  const anchorCols: number[] = [];
  allowed[anchorRow]!.forEach((c, k) => {
    if (!supSupercell || k % fu === 0) anchorCols.push(c);
  });

  const mapped = supSupercell ? sup : sub;
  const fixed = supSupercell ? sub : sup;
  const fixedParams = parametersOf(fixed.matrix);
  // Mappings closest to the target's parameters first, so that a good score is found early and bounds the rest
  // (the order only decides between candidates whose scores are equal to rounding).
  const mappings: { m: LatticeMapping; q: number[]; key: number[]; score: number }[] = [];
  for (const m of findAllLatticeMappings({ matrix: mapped.matrix }, { matrix: fixed.matrix }, o.ltol, o.angleTol, fu)) {
    const q = parametersOf(m.aligned);
    let score = 0;
    for (let k = 0; k < 3; k++) score += ((q[k]! - fixedParams[k]!) / fixedParams[k]!) ** 2 + ((q[k + 3]! - fixedParams[k + 3]!) / 90) ** 2;
    mappings.push({ m, q, key: roundedParameters(q), score });
  }
  mappings.sort((x, y) => x.score - y.score);
  const mappedCart = fu === 1 ? rowsTimesMat3(mapped.frac, mapped.matrix) : null;

  const { shifted, subLll, subCart, supCart, supLll, supWrapped, cost, vec, solution, dists: scratchDists, centers, ws, blockCost, blockSolution, bestDists } = scratchFor(rows, cols);
  const averages: AverageEntry[] = [];
  const siteArena = mappedCart ? siteArenaFor(mappings.length * mappedCart.length) : new Float64Array(0);
  // fu = 1: each mapping's sites are written into the next free slot of the site arena, taken when the mapping is kept.
  let slot = mappedCart ? siteArena.subarray(0, mappedCart.length) : siteArena;
  let kept = 0;
  const mappedGroups = supSupercell ? colGroups : rowGroups;
  let rarest = mappedGroups.members[0]!;
  for (const g of mappedGroups.members) if (g.length < rarest.length) rarest = g;
  let best: Candidate | null = null;

  for (const { m: mapping, q: params, key } of mappings) {
    let mappedFc: Float64Array;
    if (mappedCart) mappedFc = wrapInPlace(rowsTimesMat3(mappedCart, inv3Into(mapping.aligned, alignedInverse), slot));
    else {
      const base = rowsTimesMat3(mapped.frac, inv3(mapping.scale));
      const lp = latticePointsInSupercell(mapping.scale);
      const np = lp.length / 3;
      mappedFc = new Float64Array(3 * mapped.n * np);
      for (let i = 0; i < mapped.n; i++)
        for (let p = 0; p < np; p++) for (let d = 0; d < 3; d++) mappedFc[3 * (i * np + p) + d] = base[3 * i + d]! + lp[3 * p + d]!;
      wrapInPlace(mappedFc);
    }
    // Mappings whose parameters agree to ~1e-8 (symmetry-equivalent vectors) share one averaged lattice.
    let entry = averages.find((e) => sameRoundedParameters(e.key, key));
    // A mapping related to an earlier one by a symmetry of the mapped crystal (same averaged lattice, same sites up to
    // a translation) repeats its candidates exactly; its scores cannot be smaller, so it is skipped.
    if (entry && entry.representatives.some((prev) => sameSitesUpToTranslation(prev, mappedFc, mappedGroups.of, mappedGroups.members, rarest))) continue;
    if (mappedCart) {
      kept++;
      slot = siteArena.subarray(kept * mappedCart.length, (kept + 1) * mappedCart.length);
    }
    if (entry) entry.representatives.push(mappedFc);
    else {
      entry = { key, average: averageLattice(params, fixedParams, cols, o.stol), representatives: [mappedFc] };
      averages.push(entry);
    }
    const average = entry.average;
    const { norm, fracTol } = average;
    const supFc = supSupercell ? mappedFc : fixed.frac;
    const subFc = supSupercell ? fixed.frac : mappedFc;
    let frame: LllFrame | null = null; // set, with the superset's LLL coordinates, at this mapping's first candidate
    // Bound (exact): a candidate of this mapping with rms < b has every |v_i − v̄| < √n·b/norm, so for the superset
    // site k its anchor lands on, the configuration shifted onto k puts every subset site within twice that distance of
    // a superset site of its species, i.e. within fracTol·(√n·b/stol) on every fractional axis. When no site of the
    // anchor species passes, no candidate of this mapping can improve on b and the mapping is skipped.
    if (useRms && best !== null) {
      const shrink = (Math.sqrt(rows) * Math.min(best.val, o.stol)) / o.stol;
      if (shrink < 1) {
        const tight = scaled(fracTol, shrink);
        let any = false;
        for (const k of allowed[anchorRow]!) {
          shiftOnto(subFc, rows, supFc, k, anchorRow, shifted);
          if (isCoordSubsetPbc(shifted, rows, supFc, allowed, tight)) {
            any = true;
            break;
          }
        }
        if (!any) continue;
      }
    }

    // Until a first candidate bounds the search, translations that fit best in fractional space go first, so that the
    // first candidate is usually the best one and its bound prunes most others (the order does not change the minimum).
    const order = best === null ? closeFitsFirst(anchorCols, subFc, rows, supFc, anchorRow, allowed, fracTol, shifted) : anchorCols;
    for (const s1i of order) {
      shiftOnto(subFc, rows, supFc, s1i, anchorRow, shifted);
      if (!isCoordSubsetPbc(shifted, rows, supFc, allowed, fracTol)) continue;
      if (frame === null) {
        frame = average.frame ??= lllFrame(average, o.stol);
        rowsTimesMat3(supFc, frame.invMap, supLll);
        for (let k = 0; k < supLll.length; k++) supWrapped[k] = supLll[k]! - Math.floor(supLll[k]!);
        lllCartesian(supLll, frame.lllMatrix, supCart);
      }
      rowsTimesMat3(shifted, frame.invMap, subLll);
      lllCartesian(subLll, frame.lllMatrix, subCart);
      // Bound (exact): a candidate scoring below b has every |v_i − v̄| < R (R = b/norm for the maximum, √n·b/norm for
      // the rms), so the anchor's assigned vector lies within 2R of some vector of every row; otherwise skip it.
      const b = useRms ? (best === null ? o.stol : Math.min(best.val, o.stol)) * Math.sqrt(rows) : o.stol;
      const spread = (2 * b * (1 + 1e-9)) / norm;
      if (!shortestVectors(subLll, subCart, rows, supLll, supWrapped, supCart, cols, allowed, frame, cost, vec, anchorRow, spread * spread, centers)) continue;
      if (!assignBySpecies(cost, rows, cols, blocks, solution, ws, blockCost, blockSolution)) continue;
      let mx = 0, my = 0, mz = 0;
      for (let r = 0; r < rows; r++) {
        const v = 3 * (r * cols + solution[r]!);
        mx += vec[v]!;
        my += vec[v + 1]!;
        mz += vec[v + 2]!;
      }
      mx /= rows;
      my /= rows;
      mz /= rows;
      const dists = scratchDists;
      let sumSq = 0, maxD = 0;
      for (let r = 0; r < rows; r++) {
        const v = 3 * (r * cols + solution[r]!);
        const dx = vec[v]! - mx, dy = vec[v + 1]! - my, dz = vec[v + 2]! - mz;
        const d = Math.sqrt(dx * dx + dy * dy + dz * dz) * norm;
        dists[r] = d;
        sumSq += d * d;
        if (d > maxD) maxD = d;
      }
      const val = useRms ? Math.sqrt(sumSq) / Math.sqrt(rows) : maxD;
      if (best === null || val < best.val) {
        bestDists.set(dists);
        best = { val, dists: bestDists };
        if ((!useRms || val < 1e-5) && val < o.stol) return { val, dists: bestDists.slice() };
      }
    }
  }
  return best !== null && best.val < o.stol ? { val: best.val, dists: best.dists.slice() } : null;
}

/**
 * Minimum-cost assignment of a cost matrix whose finite entries lie in species blocks (rows and columns of one species
 * key; every other entry is +Infinity): the blocks are independent, so the optimum is the union of the blocks' optima,
 * solved separately (a k-species problem costs about 1/k² of the full one). Writes each row's column into `solution`;
 * false when some block has no finite assignment. One block is solved in place.
 */
function assignBySpecies(
  cost: Float64Array, rows: number, cols: number, blocks: readonly SpeciesBlock[],
  solution: Int32Array, ws: AssignmentWorkspace, blockCost: Float64Array, blockSolution: Int32Array,
): boolean {
  if (blocks.length === 1 && blocks[0]!.rows.length === rows && blocks[0]!.cols.length === cols)
    return linearAssignment(cost, rows, cols, solution, ws) !== null;
  for (const { rows: br, cols: bc } of blocks) {
    const nr = br.length, nc = bc.length;
    for (let i = 0; i < nr; i++) {
      const base = br[i]! * cols;
      for (let j = 0; j < nc; j++) blockCost[i * nc + j] = cost[base + bc[j]!]!;
    }
    if (linearAssignment(blockCost, nr, nc, blockSolution, ws) === null) return false;
    for (let i = 0; i < nr; i++) solution[br[i]!] = bc[blockSolution[i]!]!;
  }
  return true;
}

/**
 * pymatgen is_coord_subset_pbc: every subset row has a superset row of its species (`allowed[r]`, ascending) within
 * tol on each fractional axis.
 */
function isCoordSubsetPbc(sub: Float64Array, rows: number, sup: Float64Array, allowed: readonly Int32Array[], tol: readonly number[]): boolean {
  const t0 = tol[0]!, t1 = tol[1]!, t2 = tol[2]!;
  for (let r = 0; r < rows; r++) {
    const x = sub[3 * r]!, y = sub[3 * r + 1]!, z = sub[3 * r + 2]!;
    const list = allowed[r]!;
    let ok = false;
    for (let k = 0; k < list.length && !ok; k++) {
      const c = list[k]!;
      let d = x - sup[3 * c]!;
      if (nearestIntegerDistance(d) > t0) continue;
      d = y - sup[3 * c + 1]!;
      if (nearestIntegerDistance(d) > t1) continue;
      d = z - sup[3 * c + 2]!;
      if (nearestIntegerDistance(d) > t2) continue;
      ok = true;
    }
    if (!ok) return false;
  }
  return true;
}

/** Cartesian coordinates of LLL fractional coordinates taken modulo 1 (pymatgen dot_2d_mod). */
function lllCartesian(lll: Float64Array, m: Mat3, out: Float64Array): void {
  for (let k = 0; k < lll.length / 3; k++) {
    const x = lll[3 * k]! - Math.floor(lll[3 * k]!);
    const y = lll[3 * k + 1]! - Math.floor(lll[3 * k + 1]!);
    const z = lll[3 * k + 2]! - Math.floor(lll[3 * k + 2]!);
    out[3 * k] = x * m[0]! + y * m[3]! + z * m[6]!;
    out[3 * k + 1] = x * m[1]! + y * m[4]! + z * m[7]!;
    out[3 * k + 2] = x * m[2]! + y * m[5]! + z * m[8]!;
  }
}

/**
 * Returns false, leaving the matrix incomplete, as soon as no vector of the anchor row lies within √spread2 (Å) of
 * some vector of every row computed so far (rows are computed anchor row first); spread2 = Infinity disables this.
 * Shortest periodic vectors (27 LLL images) from each subset site to each superset site, as pymatgen's
 * pbc_shortest_vectors with a mask and an LLL fractional tolerance: too distant pairs cost +Infinity. Only the
 * entries of `allowed` pairs are written (pairs of different species are never read: the assignment works per species).
 * The images that keep every wrapped fractional offset inside (−1, 1) are tried first, in pymatgen's image order; the
 * other images are tried only when the best so far is not below the frame's farImageBound (a lower bound of their
 * squared length), so the minimum, and the first image reaching it, are the same as scanning all 27.
 */
function shortestVectors(
  subLll: Float64Array, subCart: Float64Array, rows: number,
  supLll: Float64Array, supWrapped: Float64Array, supCart: Float64Array, cols: number,
  allowed: readonly Int32Array[], frame: LllFrame, cost: Float64Array, vec: Float64Array,
  anchorRow: number, spread2: number, centers: Int32Array,
): boolean {
  const f0 = frame.lllTol[0]!, f1 = frame.lllTol[1]!, f2 = frame.lllTol[2]!;
  const { images: img, nearImageBound: nearBound, farImageBound: farBound } = frame;
  let nCenters = -1; // columns of the anchor row whose vector may still be within the spread of every row's best
  for (let rr = 0; rr < rows; rr++) {
    const r = rr === 0 ? anchorRow : rr <= anchorRow ? rr - 1 : rr;
    const list = allowed[r]!;
    const s0 = subLll[3 * r]!, s1 = subLll[3 * r + 1]!, s2 = subLll[3 * r + 2]!;
    const x0 = subCart[3 * r]!, x1 = subCart[3 * r + 1]!, x2 = subCart[3 * r + 2]!;
    const w0 = s0 - Math.floor(s0), w1 = s1 - Math.floor(s1), w2 = s2 - Math.floor(s2);
    for (let k = 0; k < list.length; k++) {
      const c = list[k]!;
      const e = r * cols + c;
      cost[e] = Infinity;
      let d = supLll[3 * c]! - s0;
      if (nearestIntegerDistance(d) > f0) continue;
      d = supLll[3 * c + 1]! - s1;
      if (nearestIntegerDistance(d) > f1) continue;
      d = supLll[3 * c + 2]! - s2;
      if (nearestIntegerDistance(d) > f2) continue;
      const px = supCart[3 * c]! - x0;
      const py = supCart[3 * c + 1]! - x1;
      const pz = supCart[3 * c + 2]! - x2;
      // Wrapped fractional offsets in (−1, 1): the near images shift each axis by 0 and towards zero.
      const d0 = supWrapped[3 * c]! - w0;
      const d1 = supWrapped[3 * c + 1]! - w1;
      const d2 = supWrapped[3 * c + 2]! - w2;
      // The rounded image (offsets nearest zero) is the unique minimum of all images when it is shorter than half the
      // shortest lattice vector (nearImageBound); otherwise scan the near images, then, if needed, all 27.
      const kr = 3 * (9 * (1 - roundHalfUp(d0)) + 3 * (1 - roundHalfUp(d1)) + (1 - roundHalfUp(d2)));
      let bk = kr;
      let dx = px + img[kr]!, dy = py + img[kr + 1]!, dz = pz + img[kr + 2]!;
      let best = dx * dx + dy * dy + dz * dz;
      if (!(best < nearBound)) {
        const a0 = d0 > 0 ? 0 : 1, a1 = d0 > 0 ? 1 : d0 < 0 ? 2 : 1;
        const b0 = d1 > 0 ? 0 : 1, b1 = d1 > 0 ? 1 : d1 < 0 ? 2 : 1;
        const c0 = d2 > 0 ? 0 : 1, c1 = d2 > 0 ? 1 : d2 < 0 ? 2 : 1;
        best = 1e100;
        for (let ka = a0; ka <= a1; ka++)
          for (let kb = b0; kb <= b1; kb++)
            for (let kc = c0; kc <= c1; kc++) {
              const k = 3 * (9 * ka + 3 * kb + kc);
              dx = px + img[k]!;
              dy = py + img[k + 1]!;
              dz = pz + img[k + 2]!;
              const q = dx * dx + dy * dy + dz * dz;
              if (q < best) {
                best = q;
                bk = k;
              }
            }
      }
      if (!(best < farBound)) {
        best = 1e100;
        for (let k = 0; k < 81; k += 3) {
          dx = px + img[k]!;
          dy = py + img[k + 1]!;
          dz = pz + img[k + 2]!;
          const q = dx * dx + dy * dy + dz * dz;
          if (q < best) {
            best = q;
            bk = k;
          }
        }
      }
      cost[e] = best;
      vec[3 * e] = px + img[bk]!;
      vec[3 * e + 1] = py + img[bk + 1]!;
      vec[3 * e + 2] = pz + img[bk + 2]!;
    }
    if (spread2 === Infinity) continue;
    if (nCenters < 0) {
      nCenters = 0;
      for (const c of list) if (cost[r * cols + c] !== Infinity) centers[nCenters++] = c;
    } else {
      let kept = 0;
      for (let q = 0; q < nCenters; q++) {
        const ce = 3 * (anchorRow * cols + centers[q]!);
        const cx = vec[ce]!, cy = vec[ce + 1]!, cz = vec[ce + 2]!;
        for (const c of list) {
          const e = r * cols + c;
          if (cost[e] === Infinity) continue;
          const dx = vec[3 * e]! - cx, dy = vec[3 * e + 1]! - cy, dz = vec[3 * e + 2]! - cz;
          if (dx * dx + dy * dy + dz * dz <= spread2) {
            centers[kept++] = centers[q]!;
            break;
          }
        }
      }
      nCenters = kept;
    }
    if (nCenters === 0) return false;
  }
  return true;
}

/** A prepared structure as a matching side, lattice scaled by `factor` (pymatgen _preprocess scaling). */
function side(p: PreparedStructure, factor: number): Side {
  const s = p.structure;
  const m = s.lattice.matrix;
  const matrix = new Float64Array(9);
  for (let i = 0; i < 9; i++) matrix[i] = m[i]! * factor;
  return { matrix, frac: s.fracCoords, keys: p.keys, n: s.species.length };
}

/** pymatgen _preprocess + _match on two prepared structures. */
function matchPrepared(p1: PreparedStructure, p2: PreparedStructure, o: ResolvedMatcherOptions, useRms: boolean): Candidate | null {
  const n1 = p1.structure.species.length, n2 = p2.structure.species.length;
  let fu = 1, s1Supercell = true;
  if (o.attemptSupercell) {
    const ratio = n2 / n1;
    if (ratio < 2 / 3) {
      fu = roundHalfEven(1 / ratio);
      s1Supercell = false;
    } else fu = roundHalfEven(ratio);
    if (fu < 1) return null; // pymatgen raises "fu cannot be less than 1"
  }
  const mult = s1Supercell ? fu : 1 / fu;
  let r = 1;
  if (o.scale) r = Math.pow(latticeVolume(p2.structure.lattice) / (latticeVolume(p1.structure.lattice) * mult), 1 / 6);
  const s1 = side(p1, r), s2 = side(p2, 1 / r);
  if (n1 * mult >= n2) return strictMatch(s1, s2, fu, s1Supercell, o, useRms);
  return strictMatch(s2, s1, fu, !s1Supercell, o, useRms);
}

/**
 * pymatgen StructureMatcher.get_rms_dist: the RMS and maximum site displacement (dimensionless, divided by
 * (V/N)^(1/3) of the averaged lattice) of the best match, or null when the structures do not match within stol.
 * Accepts raw or prepared structures (prepareForMatching); throws StructureError on invalid input.
 */
export function getRmsDist(a: Structure | PreparedStructure, b: Structure | PreparedStructure, options: MatcherOptions = {}): MatchResult | null {
  const o = resolveMatcherOptions(options);
  const best = matchPrepared(prepareForMatching(a, o), prepareForMatching(b, o), o, true);
  if (best === null) return null;
  let maxDist = 0;
  for (const d of best.dists) if (d > maxDist) maxDist = d;
  return { rms: best.val, maxDist };
}

/** Equal fractional compositions within pymatgen's Composition tolerance (1e-8 per element). */
function sameFractions(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  for (const [z, x] of a) if (Math.abs(x - (b.get(z) ?? 0)) > 1e-8) return false;
  for (const [z, x] of b) if (Math.abs(x - (a.get(z) ?? 0)) > 1e-8) return false;
  return true;
}

/**
 * pymatgen StructureMatcher.fit (symmetric = false): true when some lattice/translation maps every site within stol
 * (maximum normalised distance). Requires equal fractional compositions unless allowSubset. Accepts raw or prepared
 * structures; throws StructureError on invalid input.
 */
export function fitStructures(a: Structure | PreparedStructure, b: Structure | PreparedStructure, options: MatcherOptions = {}): boolean {
  const o = resolveMatcherOptions(options);
  const pa = prepareForMatching(a, o), pb = prepareForMatching(b, o);
  if (!o.allowSubset && !sameFractions(pa.fractions, pb.fractions)) return false;
  const best = matchPrepared(pa, pb, o, false);
  return best !== null && best.val <= o.stol;
}

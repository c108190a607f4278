// Which fractional coordinates put an atom-site row on an orbit of a given multiplicity, for the CIF transformer's site
// grammar. The points of multiplicity m in a space group are the images, under the group's operations, of its Wyckoff
// positions of multiplicity m: affine subspaces p = A·v + b (A integer). With the row's first coordinates written, each
// subspace either leaves the next coordinate free, fixes it to a few values (modulo 1), or is ruled out.
import { DEFAULT_SITE_TOLERANCE, siteImages } from "../../crystal/io/index.js";
import { parseWyckoffCoordinates, spaceGroupInfo, spaceGroupOperations, type SymmetryOperation, wyckoffPositions } from "../../crystal/symmetry/index.js";

/** How far (fractional) a written coordinate may sit from a subspace's value and still count as on it. */
const COORDINATE_TOLERANCE = 2.5e-4;

/** One image of a Wyckoff position: the points A·v + b (A row-major 3×3, integer). */
interface Subspace {
  A: number[];
  b: [number, number, number];
}

/** The operations of the canonical CIF's setting and the subspaces of each multiplicity, per space group. */
interface GroupSites {
  operations: SymmetryOperation[];
  byMultiplicity: Map<number, Subspace[]>;
}

const groups = new Map<number, GroupSites>();

const frac = (v: number) => v - Math.floor(v);

/** The operations (spglib's setting, as restoreSymmetryOperations writes them) and Wyckoff subspaces of a space group. */
export function groupSites(number: number): GroupSites {
  let g = groups.get(number);
  if (g) return g;
  const operations = spaceGroupOperations(number, { setting: "Spglib" });
  const hall = Math.min(...spaceGroupInfo(number).hallNumbers);
  const byMultiplicity = new Map<number, Subspace[]>();
  for (const w of wyckoffPositions(hall)) {
    const { A, b } = parseWyckoffCoordinates(w.coordinates);
    const list = byMultiplicity.get(w.multiplicity) ?? [];
    const seen = new Set(list.map(key));
    for (const op of operations) {
      const R = op.rotation;
      const image: Subspace = { A: new Array<number>(9).fill(0), b: [0, 0, 0] };
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++) image.A[3 * r + c] = R[3 * r]! * A[c]! + R[3 * r + 1]! * A[3 + c]! + R[3 * r + 2]! * A[6 + c]!;
        image.b[r] = frac(R[3 * r]! * b[0] + R[3 * r + 1]! * b[1] + R[3 * r + 2]! * b[2] + op.translation[r]!);
      }
      const k = key(image);
      if (!seen.has(k)) {
        seen.add(k);
        list.push(image);
      }
    }
    byMultiplicity.set(w.multiplicity, list);
  }
  g = { operations, byMultiplicity };
  groups.set(number, g);
  return g;
}

function key(s: Subspace): string {
  return `${s.A.join(",")}|${s.b.map((x) => Math.round(frac(x) * 1e6) % 1e6).join(",")}`;
}

const row = (s: Subspace, r: number): number[] => [s.A[3 * r]!, s.A[3 * r + 1]!, s.A[3 * r + 2]!];

/** Coefficients c with a = Σ c_k basis_k (least squares), or null when a is outside their span. */
function inSpan(a: readonly number[], basis: readonly (readonly number[])[]): number[] | null {
  if (basis.length === 0) return a.every((x) => x === 0) ? [] : null;
  const dot = (u: readonly number[], v: readonly number[]) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  let c: number[];
  if (basis.length === 1) c = [dot(a, basis[0]!) / dot(basis[0]!, basis[0]!)];
  else {
    const [p, q] = basis as [readonly number[], readonly number[]];
    const g11 = dot(p, p), g12 = dot(p, q), g22 = dot(q, q), r1 = dot(a, p), r2 = dot(a, q);
    const det = g11 * g22 - g12 * g12;
    c = [(r1 * g22 - r2 * g12) / det, (r2 * g11 - r1 * g12) / det];
  }
  for (let i = 0; i < 3; i++) {
    let s = 0;
    basis.forEach((u, k) => (s += c[k]! * u[i]!));
    if (Math.abs(s - a[i]!) > 1e-9) return null;
  }
  return c;
}

/** The smallest q ≤ 12 that makes every coefficient times q an integer (12 when none does: treated as continuous). */
function denominator(coefficients: readonly number[]): number {
  for (let q = 1; q <= 12; q++) if (coefficients.every((c) => Math.abs(c * q - Math.round(c * q)) < 1e-9)) return q;
  return 12;
}

const periodicGap = (a: number, b: number) => Math.abs(a - b - Math.round(a - b));

/**
 * The values (modulo 1) coordinate `i` can take on subspace s given the written coordinates 0 … i − 1: "free" when it
 * can take any value, a list of values, or null when the written coordinates are not on s.
 */
function subspaceCoordinate(s: Subspace, i: number, written: readonly number[]): "free" | number[] | null {
  const basis: number[][] = [], basisRows: number[] = [];
  const dependent: { r: number; c: number[] }[] = [];
  for (let r = 0; r < i; r++) {
    const a = row(s, r);
    const c = inSpan(a, basis);
    if (c) dependent.push({ r, c });
    else {
      basis.push(a);
      basisRows.push(r);
    }
  }
  const current = inSpan(row(s, i), basis);
  const q = denominator([...dependent.flatMap((d) => d.c), ...(current ?? [])]);
  const values: number[] = [];
  const shifts = new Array<number>(basis.length).fill(0);
  // Σ_k c_k (w_k − b_k + n_k) over the basis rows, for the shifts n_k enumerated below
  const combine = (c: readonly number[]) => c.reduce((sum, ck, k) => sum + ck * (written[basisRows[k]!]! - s.b[basisRows[k]!]! + shifts[k]!), 0);
  for (let combo = 0; combo < q ** basis.length; combo++) {
    for (let k = 0, x = combo; k < basis.length; k++, x = Math.floor(x / q)) shifts[k] = x % q;
    if (!dependent.every(({ r, c }) => periodicGap(combine(c), written[r]! - s.b[r]!) <= COORDINATE_TOLERANCE)) continue;
    if (!current) return "free";
    values.push(frac(combine(current) + s.b[i]!));
  }
  return values.length > 0 ? values : null;
}

/** The subspace values coordinate written.length can take, or "free" when some subspace leaves it free. */
function nextValues(number: number, m: number, written: readonly number[]): "free" | number[] {
  const values: number[] = [];
  for (const s of groupSites(number).byMultiplicity.get(m) ?? []) {
    const v = subspaceCoordinate(s, written.length, written);
    if (v === "free") return "free";
    if (v) values.push(...v);
  }
  return values;
}

/**
 * Whether some point of multiplicity `m` in space group `number` has the written coordinates and coordinate i = written.length
 * within [lo, hi] (modulo 1, widened by COORDINATE_TOLERANCE); with `completable`, also one the CIF reader would make
 * exactly m atoms of, none on an `occupied` atom (tried at the subspaces' values in the interval and at points spread
 * over it).
 */
export function coordinateFeasible(number: number, m: number, written: readonly number[], lo: number, hi: number, completable?: { occupied: readonly Float64Array[] }): boolean {
  const v = nextValues(number, m, written);
  if (!completable) return v === "free" || v.some((u) => inInterval(u, lo, hi));
  const tries = v === "free" ? INTERVAL_PROBES.map((f) => lo + f * (hi - lo)) : v.filter((u) => inInterval(u, lo, hi));
  return tries.some((u) => rowCompletable(number, m, [...written, u], completable.occupied));
}

/**
 * The values coordinate i = written.length can take within [lo, hi] (modulo 1) on an orbit of multiplicity m, or "free"
 * when some subspace leaves it free.
 */
export function coordinateValuesIn(number: number, m: number, written: readonly number[], lo: number, hi: number): "free" | number[] {
  const { values, free } = coordinateOptionsIn(number, m, written, lo, hi);
  return free ? "free" : values;
}

/**
 * The values within [lo, hi] that some subspace of multiplicity m fixes coordinate i = written.length to, and whether
 * another leaves it free there (unlike coordinateValuesIn, the fixed values are kept when one subspace is free).
 */
export function coordinateOptionsIn(number: number, m: number, written: readonly number[], lo: number, hi: number): { values: number[]; free: boolean } {
  const values: number[] = [];
  let free = false;
  for (const s of groupSites(number).byMultiplicity.get(m) ?? []) {
    const v = subspaceCoordinate(s, written.length, written);
    if (v === "free") free = true;
    else if (v) values.push(...v.filter((u) => inInterval(u, lo, hi)));
  }
  return { values, free };
}

/** Where in a decimal interval a free coordinate is tried (fractions of its width). */
const INTERVAL_PROBES = [0.5, 0.05, 0.95, 0.3, 0.7];

function inInterval(u: number, lo: number, hi: number): boolean {
  const mid = (lo + hi) / 2, half = (hi - lo) / 2;
  return periodicGap(u, mid) <= half + COORDINATE_TOLERANCE;
}

/** Values tried for a coordinate that a subspace leaves free: far from the special values (0, ⅛, ⅙, ¼, ⅓, …). */
const GENERIC_PROBES = [0.1371, 0.3829, 0.5913];
/** Most values tried per coordinate when checking that a row can still be completed. */
const MAX_PROBES = 12;

/**
 * Whether the written coordinates (1 to 3 of them) can be completed to a point the CIF reader makes exactly m atoms of
 * in space group `number`, not on any atom of `occupied` (the images of earlier rows, 3 coordinates each): the remaining
 * coordinates are tried at the subspaces' values and at generic values.
 */
export function rowCompletable(number: number, m: number, written: readonly number[], occupied: readonly Float64Array[] = []): boolean {
  if (written.length === 3) {
    const p = written as [number, number, number];
    return rowImages(number, p).length === 3 * m && !occupied.some((im) => onImages(p, im));
  }
  const v = nextValues(number, m, written);
  const probes = v === "free" ? GENERIC_PROBES : [...new Set(v.map((u) => Math.round(u * 1e6) / 1e6))].slice(0, MAX_PROBES);
  return probes.some((u) => rowCompletable(number, m, [...written, u], occupied));
}

/**
 * Points completing the written coordinates (1 or 2 of them) on an orbit of multiplicity m: the remaining coordinates
 * at the subspaces' values, or at generic values where a subspace leaves them free (then `free` is true).
 */
export function rowCompletions(number: number, m: number, written: readonly number[]): { points: [number, number, number][]; free: boolean } {
  if (written.length === 3) return { points: [written as [number, number, number]], free: false };
  const v = nextValues(number, m, written);
  const values = v === "free" ? GENERIC_PROBES : [...new Set(v.map((u) => Math.round(u * 1e6) / 1e6))].slice(0, MAX_PROBES);
  const points: [number, number, number][] = [];
  let free = v === "free";
  for (const u of values) {
    const next = rowCompletions(number, m, [...written, u]);
    points.push(...next.points);
    free ||= next.free;
  }
  return { points, free };
}

/** The atoms the CIF reader makes of a row at (x, y, z) in space group `number` (spglib's setting), 3 coordinates each. */
export function rowImages(number: number, point: readonly [number, number, number]): Float64Array {
  return siteImages(point, groupSites(number).operations);
}

/** Whether the point lies on one of the atoms `images` (3 coordinates each) within the CIF reader's merge distance. */
function onImages(point: readonly [number, number, number], images: Float64Array): boolean {
  for (let j = 0; j < images.length; j += 3)
    if ([0, 1, 2].every((c) => periodicGap(point[c]!, images[j + c]!) <= DEFAULT_SITE_TOLERANCE)) return true;
  return false;
}

// Periodic Voronoi cell of one site, as pymatgen's VoronoiNN sees it (metrics-spec §5.1 step 1).
// pymatgen feeds every periodic image within `cutoff` of the site to Qhull and keeps the central cell;
// here the same cell is built directly: a large box is clipped by the perpendicular-bisector half-space of
// each image within the cutoff, nearest first, stopping once the remaining images are farther than twice
// the cell's circumradius (they cannot touch it). If the cell is still unbounded, the cutoff is doubled up
// to the cell diagonal like pymatgen does.
import type { Structure } from "../../crystal/structure.js";
import { inv3 } from "../../crystal/math3.js";
import { FingerprintError } from "./errors.js";

/** One face of a Voronoi cell: the neighbour image across it and the face's geometry. */
export interface VoronoiFace {
  /** Index of the neighbour site in the structure. */
  readonly site: number;
  /** Lattice translation (integers) added to the neighbour's fractional coordinates wrapped into [0, 1). */
  readonly image: readonly [number, number, number];
  /** Neighbour position minus centre position (Cartesian, Å). */
  readonly offset: readonly [number, number, number];
  /** Centre–neighbour distance (Å). */
  readonly distance: number;
  /** Face area (Å²). */
  readonly area: number;
  /** Solid angle the face subtends at the centre (sr). */
  readonly solidAngle: number;
  /** Face polygon, vertices in order, relative to the centre (Å), k×3 flat. */
  readonly vertices: Float64Array;
}

/** Options of voronoiCell. */
export interface VoronoiOptions {
  /** Initial neighbour search radius (Å); pymatgen VoronoiNN inside CrystalNN uses 7. */
  readonly cutoff?: number;
}

interface Candidate {
  site: number;
  image: [number, number, number];
  x: number;
  y: number;
  z: number;
  d2: number;
}

interface Face {
  /** Index into the candidate list, or -1 for a face of the initial box. */
  tag: number;
  verts: number[];
}

/** Signed-distance tolerance for "on the cutting plane" (Å). */
const PLANE_EPS = 1e-10;
/** Two clip points closer than this are one vertex (Å). */
const MERGE_EPS = 1e-9;

/** Fractional coordinate wrapped into [0, 1) as numpy's mod(x, 1) does. */
function mod1(x: number): number {
  return x - Math.floor(x);
}

/** All periodic images of all sites within `cutoff` of site `center` (the centre itself excluded), nearest first. */
function imagesWithin(structure: Structure, center: number, cutoff: number): Candidate[] {
  const m = structure.lattice.matrix;
  const inv = inv3(m);
  const f = structure.fracCoords;
  const n = structure.species.length;
  const cx = f[3 * center]!, cy = f[3 * center + 1]!, cz = f[3 * center + 2]!;
  // |frac_i| ≤ cutoff · |column i of M⁻¹| inside the sphere.
  const reach = [0, 1, 2].map((i) => cutoff * Math.hypot(inv[i]!, inv[3 + i]!, inv[6 + i]!));
  const r2 = cutoff * cutoff;
  const out: Candidate[] = [];
  for (let j = 0; j < n; j++) {
    const dx = mod1(f[3 * j]!) - cx, dy = mod1(f[3 * j + 1]!) - cy, dz = mod1(f[3 * j + 2]!) - cz;
    const a0 = Math.ceil(-reach[0]! - dx), a1 = Math.floor(reach[0]! - dx);
    const b0 = Math.ceil(-reach[1]! - dy), b1 = Math.floor(reach[1]! - dy);
    const c0 = Math.ceil(-reach[2]! - dz), c1 = Math.floor(reach[2]! - dz);
    for (let a = a0; a <= a1; a++)
      for (let b = b0; b <= b1; b++)
        for (let c = c0; c <= c1; c++) {
          const u = dx + a, v = dy + b, w = dz + c;
          const x = u * m[0]! + v * m[3]! + w * m[6]!;
          const y = u * m[1]! + v * m[4]! + w * m[7]!;
          const z = u * m[2]! + v * m[5]! + w * m[8]!;
          const d2 = x * x + y * y + z * z;
          if (d2 > r2) continue;
          if (j === center && d2 < 1e-16) continue;
          out.push({ site: j, image: [a, b, c], x, y, z, d2 });
        }
  }
  out.sort((p, q) => p.d2 - q.d2);
  return out;
}

/** A cube of half-width h around the origin, as 6 faces with tag −1. */
function box(h: number): Face[] {
  const v = (x: number, y: number, z: number) => [x * h, y * h, z * h];
  const quad = (...p: number[][]) => ({ tag: -1, verts: p.flat() });
  return [
    quad(v(1, -1, -1), v(1, 1, -1), v(1, 1, 1), v(1, -1, 1)),
    quad(v(-1, -1, -1), v(-1, -1, 1), v(-1, 1, 1), v(-1, 1, -1)),
    quad(v(-1, 1, -1), v(-1, 1, 1), v(1, 1, 1), v(1, 1, -1)),
    quad(v(-1, -1, -1), v(1, -1, -1), v(1, -1, 1), v(-1, -1, 1)),
    quad(v(-1, -1, 1), v(1, -1, 1), v(1, 1, 1), v(-1, 1, 1)),
    quad(v(-1, -1, -1), v(-1, 1, -1), v(1, 1, -1), v(1, -1, -1)),
  ];
}

/**
 * Clips the convex cell (list of faces) by the half-space {x : n̂·x ≤ h}; the cut adds a face tagged `tag`.
 * Returns the new face list, or null when the plane does not cut the cell.
 */
function clip(faces: Face[], nx: number, ny: number, nz: number, h: number, tag: number): Face[] | null {
  let cuts = false;
  for (const f of faces) {
    const v = f.verts;
    for (let i = 0; i < v.length; i += 3) {
      if (nx * v[i]! + ny * v[i + 1]! + nz * v[i + 2]! - h > PLANE_EPS) {
        cuts = true;
        break;
      }
    }
    if (cuts) break;
  }
  if (!cuts) return null;
  const kept: Face[] = [];
  const onPlane: number[] = [];
  for (const f of faces) {
    const v = f.verts;
    const k = v.length / 3;
    const s = new Array<number>(k);
    for (let i = 0; i < k; i++) s[i] = nx * v[3 * i]! + ny * v[3 * i + 1]! + nz * v[3 * i + 2]! - h;
    const out: number[] = [];
    for (let i = 0; i < k; i++) {
      const j = i + 1 === k ? 0 : i + 1;
      const sa = s[i]!, sb = s[j]!;
      const aIn = sa <= PLANE_EPS, bIn = sb <= PLANE_EPS;
      if (aIn) {
        out.push(v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!);
        if (sa >= -PLANE_EPS) onPlane.push(v[3 * i]!, v[3 * i + 1]!, v[3 * i + 2]!);
      }
      if (aIn !== bIn) {
        // Interpolate from the inside vertex to the outside one, so both faces sharing the edge agree bitwise.
        const p = aIn ? i : j, q = aIn ? j : i;
        const sp = s[p]!, sq = s[q]!;
        if (sp < -PLANE_EPS) {
          const t = sp / (sp - sq);
          const x = v[3 * p]! + t * (v[3 * q]! - v[3 * p]!);
          const y = v[3 * p + 1]! + t * (v[3 * q + 1]! - v[3 * p + 1]!);
          const z = v[3 * p + 2]! + t * (v[3 * q + 2]! - v[3 * p + 2]!);
          out.push(x, y, z);
          onPlane.push(x, y, z);
        }
      }
    }
    if (out.length >= 9) kept.push({ tag: f.tag, verts: out });
  }
  const poly = planePolygon(onPlane, nx, ny, nz);
  if (poly.length >= 9) kept.push({ tag, verts: poly });
  return kept;
}

/** Distinct points of a plane section ordered by angle around their centroid (flat k×3). */
function planePolygon(pts: number[], nx: number, ny: number, nz: number): number[] {
  const uniq: number[] = [];
  for (let i = 0; i < pts.length; i += 3) {
    let dup = false;
    for (let j = 0; j < uniq.length; j += 3) {
      if (Math.abs(pts[i]! - uniq[j]!) < MERGE_EPS && Math.abs(pts[i + 1]! - uniq[j + 1]!) < MERGE_EPS && Math.abs(pts[i + 2]! - uniq[j + 2]!) < MERGE_EPS) {
        dup = true;
        break;
      }
    }
    if (!dup) uniq.push(pts[i]!, pts[i + 1]!, pts[i + 2]!);
  }
  const k = uniq.length / 3;
  if (k < 3) return [];
  let gx = 0, gy = 0, gz = 0;
  for (let i = 0; i < k; i++) (gx += uniq[3 * i]!), (gy += uniq[3 * i + 1]!), (gz += uniq[3 * i + 2]!);
  (gx /= k), (gy /= k), (gz /= k);
  // In-plane basis e1, e2 ⟂ n̂.
  let ex: number, ey: number, ez: number;
  if (Math.abs(nx) < 0.9) [ex, ey, ez] = [0, nz, -ny];
  else [ex, ey, ez] = [-nz, 0, nx];
  const el = Math.hypot(ex, ey, ez);
  (ex /= el), (ey /= el), (ez /= el);
  const fx = ny * ez - nz * ey, fy = nz * ex - nx * ez, fz = nx * ey - ny * ex;
  const order = Array.from({ length: k }, (_, i) => {
    const dx = uniq[3 * i]! - gx, dy = uniq[3 * i + 1]! - gy, dz = uniq[3 * i + 2]! - gz;
    return { i, a: Math.atan2(dx * fx + dy * fy + dz * fz, dx * ex + dy * ey + dz * ez) };
  }).sort((p, q) => p.a - q.a);
  const out: number[] = [];
  for (const { i } of order) out.push(uniq[3 * i]!, uniq[3 * i + 1]!, uniq[3 * i + 2]!);
  return out;
}

/** Area of a convex polygon given by its ordered vertices (Å²). */
export function polygonArea(v: ArrayLike<number>): number {
  const k = v.length / 3;
  let area = 0;
  for (let i = 1; i + 1 < k; i++) {
    const ax = v[3 * i]! - v[0]!, ay = v[3 * i + 1]! - v[1]!, az = v[3 * i + 2]! - v[2]!;
    const bx = v[3 * i + 3]! - v[0]!, by = v[3 * i + 4]! - v[1]!, bz = v[3 * i + 5]! - v[2]!;
    area += 0.5 * Math.hypot(ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx);
  }
  return area;
}

/**
 * Solid angle (sr) of a convex polygon seen from the origin: sum over the fan triangles (v0, vi, vi+1) of
 * Van Oosterom & Strackee's tetrahedron formula (the same decomposition pymatgen's solid_angle uses).
 */
export function polygonSolidAngle(v: ArrayLike<number>): number {
  const k = v.length / 3;
  const x0 = v[0]!, y0 = v[1]!, z0 = v[2]!;
  const n0 = Math.hypot(x0, y0, z0);
  let angle = 0;
  for (let i = 1; i + 1 < k; i++) {
    const xi = v[3 * i]!, yi = v[3 * i + 1]!, zi = v[3 * i + 2]!;
    const xj = v[3 * i + 3]!, yj = v[3 * i + 4]!, zj = v[3 * i + 5]!;
    const ni = Math.hypot(xi, yi, zi), nj = Math.hypot(xj, yj, zj);
    const triple = Math.abs(x0 * (yi * zj - zi * yj) + y0 * (zi * xj - xi * zj) + z0 * (xi * yj - yi * xj));
    const den = n0 * ni * nj + nj * (x0 * xi + y0 * yi + z0 * zi) + ni * (x0 * xj + y0 * yj + z0 * zj) + n0 * (xi * xj + yi * yj + zi * zj);
    angle += 2 * Math.atan2(triple, den);
  }
  return angle;
}

/** pymatgen's largest search radius: the longest cell diagonal + 0.01 Å. */
function maxCutoff(structure: Structure): number {
  const m = structure.lattice.matrix;
  let best = 0;
  for (const [a, b, c] of [[1, 1, 1], [-1, 1, 1], [1, -1, 1], [1, 1, -1]] as const)
    best = Math.max(best, Math.hypot(a * m[0]! + b * m[3]! + c * m[6]!, a * m[1]! + b * m[4]! + c * m[7]!, a * m[2]! + b * m[5]! + c * m[8]!));
  return best + 0.01;
}

/** The cell cut from the images within one cutoff, or null when it is unbounded. */
function cellWithin(structure: Structure, site: number, cutoff: number): VoronoiFace[] | null {
  const cands = imagesWithin(structure, site, cutoff);
  let faces = box(4 * cutoff + 10);
  let r2max = 3 * (4 * cutoff + 10) ** 2;
  for (let c = 0; c < cands.length; c++) {
    const p = cands[c]!;
    if (p.d2 > 4 * r2max * (1 + 1e-12) + 1e-12) break;
    const d = Math.sqrt(p.d2);
    if (d < 1e-8) throw new FingerprintError(site, `site ${p.site} sits on top of site ${site}`);
    const next = clip(faces, p.x / d, p.y / d, p.z / d, d / 2, c);
    if (next === null) continue;
    faces = next;
    r2max = 0;
    for (const f of faces)
      for (let i = 0; i < f.verts.length; i += 3) r2max = Math.max(r2max, f.verts[i]! ** 2 + f.verts[i + 1]! ** 2 + f.verts[i + 2]! ** 2);
  }
  if (faces.some((f) => f.tag < 0)) return null;
  return faces.map((f) => {
    const p = cands[f.tag]!;
    const verts = Float64Array.from(f.verts);
    return {
      site: p.site,
      image: p.image,
      offset: [p.x, p.y, p.z] as const,
      distance: Math.sqrt(p.d2),
      area: polygonArea(verts),
      solidAngle: polygonSolidAngle(verts),
      vertices: verts,
    };
  });
}

/**
 * Voronoi cell of one site of a periodic structure (faces with neighbour, image, area Å², solid angle sr),
 * built from all images within the cutoff (Å, default 7), doubled up to the cell diagonal while the cell is
 * unbounded, like pymatgen's VoronoiNN.get_voronoi_polyhedra. Throws FingerprintError when no bounded cell exists.
 */
export function voronoiCell(structure: Structure, site: number, options: VoronoiOptions = {}): VoronoiFace[] {
  let cutoff = options.cutoff ?? 7;
  const limit = maxCutoff(structure);
  for (;;) {
    const cell = cellWithin(structure, site, cutoff);
    if (cell !== null && cell.length > 0) return cell;
    if (cutoff >= limit) throw new FingerprintError(site, `Voronoi cell unbounded within the maximal cutoff ${limit.toFixed(3)} Å`);
    cutoff = Math.min(cutoff * 2, limit + 0.001);
  }
}

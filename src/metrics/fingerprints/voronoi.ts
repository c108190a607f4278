// Periodic Voronoi cell of one site, as pymatgen's VoronoiNN sees it (metrics-spec §5.1 step 1).
// pymatgen feeds every periodic image within `cutoff` of the site to Qhull and keeps the central cell;
// here the same cell is built directly: a large box is clipped by the perpendicular-bisector half-space of
// each image within the cutoff, nearest first, stopping once the remaining images are farther than twice
// the cell's circumradius (they cannot touch it). pymatgen's handling of an unbounded cell is reproduced:
// the cutoff is doubled up to the cell diagonal; a cell closed only by far images is accepted as Qhull does;
// a cone-shaped cell (one finite vertex, Qhull lists no ridge) fails like pymatgen's "No Voronoi neighbors found".
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

/** Periodic images within a cutoff (parallel arrays); order[i] is the i-th nearest. */
interface Images {
  count: number;
  /** Squared-distance resolution of `order` (Å²): order is sorted by d² rounded down to this step. */
  step: number;
  order: Int32Array;
  keys: Float64Array;
  site: Int32Array;
  image: Int32Array;
  xyz: Float64Array;
  d2: Float64Array;
}

/** Scratch buffers reused by imagesWithin (the caller copies what it keeps before the next call). */
let scratch: Images = { count: 0, step: 0, order: new Int32Array(0), keys: new Float64Array(0), site: new Int32Array(0), image: new Int32Array(0), xyz: new Float64Array(0), d2: new Float64Array(0) };

function scratchFor(capacity: number): Images {
  if (scratch.site.length < capacity) {
    const c = Math.max(capacity, 2 * scratch.site.length);
    scratch = { count: 0, step: 0, order: new Int32Array(c), keys: new Float64Array(c), site: new Int32Array(c), image: new Int32Array(3 * c), xyz: new Float64Array(3 * c), d2: new Float64Array(c) };
  }
  return scratch;
}

/** Signed-distance tolerance for "on the cutting plane" (Å). */
const PLANE_EPS = 1e-10;

/** Fractional coordinate wrapped into [0, 1) as numpy's mod(x, 1) does. */
function mod1(x: number): number {
  return x - Math.floor(x);
}

/** All periodic images of all sites within `cutoff` of site `center` (the centre itself excluded), sorted by distance. */
function imagesWithin(structure: Structure, center: number, cutoff: number): Images {
  const m = structure.lattice.matrix;
  const inv = inv3(m);
  const f = structure.fracCoords;
  const n = structure.species.length;
  const cx = f[3 * center]!, cy = f[3 * center + 1]!, cz = f[3 * center + 2]!;
  // |frac_i| ≤ cutoff · |column i of M⁻¹| inside the sphere.
  const reach = [0, 1, 2].map((i) => cutoff * Math.hypot(inv[i]!, inv[3 + i]!, inv[6 + i]!));
  const r2 = cutoff * cutoff;
  const bounds: number[][] = [];
  let capacity = 0;
  for (let j = 0; j < n; j++) {
    const d = [mod1(f[3 * j]!) - cx, mod1(f[3 * j + 1]!) - cy, mod1(f[3 * j + 2]!) - cz];
    const lo = d.map((x, i) => Math.ceil(-reach[i]! - x)), hi = d.map((x, i) => Math.floor(reach[i]! - x));
    bounds.push([...d, ...lo, ...hi]);
    capacity += Math.max(0, hi[0]! - lo[0]! + 1) * Math.max(0, hi[1]! - lo[1]! + 1) * Math.max(0, hi[2]! - lo[2]! + 1);
  }
  // The index packing below allows < 2²⁰ images; refuse absurd cells before allocating.
  if (capacity >= 4 * 1048576) throw new FingerprintError(center, `too many periodic images within ${cutoff.toFixed(2)} Å (cell too skewed or too large)`);
  const out = scratchFor(capacity);
  const { site, image, xyz, d2: d2s } = out;
  let count = 0;
  for (let j = 0; j < n; j++) {
    const [dx, dy, dz, a0, b0, c0, a1, b1, c1] = bounds[j]! as [number, number, number, number, number, number, number, number, number];
    for (let a = a0; a <= a1; a++)
      for (let b = b0; b <= b1; b++)
        for (let c = c0; c <= c1; c++) {
          const u = dx + a, v = dy + b, w = dz + c;
          const x = u * m[0]! + v * m[3]! + w * m[6]!;
          const y = u * m[1]! + v * m[4]! + w * m[7]!;
          const z = u * m[2]! + v * m[5]! + w * m[8]!;
          const d2 = x * x + y * y + z * z;
          if (d2 > r2 || (j === center && d2 < 1e-16)) continue;
          site[count] = j;
          image[3 * count] = a;
          image[3 * count + 1] = b;
          image[3 * count + 2] = c;
          xyz[3 * count] = x;
          xyz[3 * count + 1] = y;
          xyz[3 * count + 2] = z;
          d2s[count++] = d2;
        }
  }
  // Native numeric sort of keys ⌊d²/step⌋·2²⁰ + index (exact integers below 2⁵³).
  if (count >= 1048576) throw new FingerprintError(center, `too many periodic images within ${cutoff.toFixed(2)} Å (cell too skewed or too large)`);
  const step = r2 / 2 ** 24;
  const keys = out.keys.subarray(0, count);
  for (let i = 0; i < count; i++) keys[i] = Math.floor(d2s[i]! / step) * 1048576 + i;
  keys.sort();
  for (let i = 0; i < count; i++) out.order[i] = keys[i]! % 1048576;
  out.count = count;
  out.step = step;
  return out;
}

/** A face of the cell under construction: vertex ids in order, and the image (or −1 = initial box) across it. */
interface Face {
  tag: number;
  ids: number[];
}

/**
 * A convex cell around the origin being cut down by half-spaces. Vertices live in a growing pool; an edge cut by a
 * plane gets one shared intersection vertex (computed from its inside end), so neighbouring faces agree exactly.
 */
class Cell {
  xyz = new Float64Array(3 * 256);
  count = 0;
  faces: Face[] = [];
  live: number[] = [];
  r2max = 0;
  /** Half-width of the initial box (Å). */
  half = 0;
  private s = new Float64Array(256);
  private stamp = new Int32Array(256);
  private epoch = 0;

  /** Resets the cell to a cube of half-width h (Å) around the origin. */
  reset(h: number): this {
    this.half = h;
    this.count = 0;
    for (let i = 0; i < 8; i++) this.add(i & 1 ? h : -h, i & 2 ? h : -h, i & 4 ? h : -h);
    const quads = [[1, 3, 7, 5], [0, 4, 6, 2], [2, 6, 7, 3], [0, 1, 5, 4], [4, 5, 7, 6], [0, 2, 3, 1]];
    this.faces = quads.map((ids) => ({ tag: -1, ids }));
    this.refresh();
    return this;
  }

  private add(x: number, y: number, z: number): number {
    if (3 * this.count + 3 > this.xyz.length) {
      const grown = new Float64Array(2 * this.xyz.length);
      grown.set(this.xyz);
      this.xyz = grown;
      const s = new Float64Array(2 * this.s.length);
      s.set(this.s);
      this.s = s;
      const stamp = new Int32Array(2 * this.stamp.length);
      stamp.set(this.stamp);
      this.stamp = stamp;
    }
    const id = this.count++;
    this.xyz[3 * id] = x;
    this.xyz[3 * id + 1] = y;
    this.xyz[3 * id + 2] = z;
    return id;
  }

  /** Recomputes the live vertex list and the squared circumradius. */
  private refresh(): void {
    if (this.epoch >= 1 << 30) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    const epoch = ++this.epoch;
    const live: number[] = [];
    let r2 = 0;
    for (const f of this.faces)
      for (const id of f.ids)
        if (this.stamp[id] !== epoch) {
          this.stamp[id] = epoch;
          live.push(id);
          const x = this.xyz[3 * id]!, y = this.xyz[3 * id + 1]!, z = this.xyz[3 * id + 2]!;
          r2 = Math.max(r2, x * x + y * y + z * z);
        }
    this.live = live;
    this.r2max = r2;
  }

  /** Cuts away {x : n̂·x > h}, adding a face tagged `tag`; returns false when the plane misses the cell. */
  clip(nx: number, ny: number, nz: number, h: number, tag: number): boolean {
    const { xyz, s } = this;
    let maxS = -Infinity;
    for (const id of this.live) {
      const v = nx * xyz[3 * id]! + ny * xyz[3 * id + 1]! + nz * xyz[3 * id + 2]! - h;
      s[id] = v;
      if (v > maxS) maxS = v;
    }
    if (maxS <= PLANE_EPS) return false;
    const cutKeys: number[] = [], cutIds: number[] = [];
    const onPlane: number[] = [];
    const kept: Face[] = [];
    for (const f of this.faces) {
      const ids = f.ids;
      const k = ids.length;
      const out: number[] = [];
      for (let i = 0; i < k; i++) {
        const a = ids[i]!, b = ids[i + 1 === k ? 0 : i + 1]!;
        const sa = this.s[a]!, sb = this.s[b]!;
        const aIn = sa <= PLANE_EPS, bIn = sb <= PLANE_EPS;
        if (aIn) {
          out.push(a);
          if (sa >= -PLANE_EPS && !onPlane.includes(a)) onPlane.push(a);
        }
        if (aIn !== bIn) {
          const p = aIn ? a : b, q = aIn ? b : a;
          const sp = this.s[p]!;
          if (sp < -PLANE_EPS) {
            const key = p * 1048576 + q;
            const at = cutKeys.indexOf(key);
            let id = at >= 0 ? cutIds[at]! : -1;
            if (id < 0) {
              const t = sp / (sp - this.s[q]!);
              const X = this.xyz;
              id = this.add(X[3 * p]! + t * (X[3 * q]! - X[3 * p]!), X[3 * p + 1]! + t * (X[3 * q + 1]! - X[3 * p + 1]!), X[3 * p + 2]! + t * (X[3 * q + 2]! - X[3 * p + 2]!));
              cutKeys.push(key);
              cutIds.push(id);
              onPlane.push(id);
            }
            out.push(id);
          }
        }
      }
      if (out.length >= 3) kept.push({ tag: f.tag, ids: out });
    }
    if (onPlane.length >= 3) kept.push({ tag, ids: this.ordered(onPlane, nx, ny, nz) });
    this.faces = kept;
    this.refresh();
    return true;
  }

  /** Vertex ids of a plane section ordered by angle around their centroid. */
  private ordered(ids: number[], nx: number, ny: number, nz: number): number[] {
    const X = this.xyz;
    let gx = 0, gy = 0, gz = 0;
    for (const id of ids) (gx += X[3 * id]!), (gy += X[3 * id + 1]!), (gz += X[3 * id + 2]!);
    (gx /= ids.length), (gy /= ids.length), (gz /= ids.length);
    let ex: number, ey: number, ez: number;
    if (Math.abs(nx) < 0.9) [ex, ey, ez] = [0, nz, -ny];
    else [ex, ey, ez] = [-nz, 0, nx];
    const el = Math.hypot(ex, ey, ez);
    (ex /= el), (ey /= el), (ez /= el);
    const fx = ny * ez - nz * ey, fy = nz * ex - nx * ez, fz = nx * ey - ny * ex;
    const angle = ids.map((id) => {
      const dx = X[3 * id]! - gx, dy = X[3 * id + 1]! - gy, dz = X[3 * id + 2]! - gz;
      return Math.atan2(dx * fx + dy * fy + dz * fz, dx * ex + dy * ey + dz * ez);
    });
    // Insertion sort by angle (a handful of points).
    for (let i = 1; i < ids.length; i++) {
      const a = angle[i]!, id = ids[i]!;
      let j = i - 1;
      for (; j >= 0 && angle[j]! > a; j--) {
        angle[j + 1] = angle[j]!;
        ids[j + 1] = ids[j]!;
      }
      angle[j + 1] = a;
      ids[j + 1] = id;
    }
    return ids;
  }

  /**
   * Number of distinct vertices (closer than 1e-6 Å count once, as Qhull merges cospherical configurations) not on
   * the initial box: the finite Voronoi vertices when the cell is unbounded.
   */
  finiteVertexCount(): number {
    const lim = this.half * (1 - 1e-9);
    const X = this.xyz;
    const found: number[] = [];
    for (const id of this.live) {
      const x = X[3 * id]!, y = X[3 * id + 1]!, z = X[3 * id + 2]!;
      if (!(Math.abs(x) < lim && Math.abs(y) < lim && Math.abs(z) < lim)) continue;
      let seen = false;
      for (let i = 0; i < found.length && !seen; i += 3)
        seen = Math.abs(found[i]! - x) < 1e-6 && Math.abs(found[i + 1]! - y) < 1e-6 && Math.abs(found[i + 2]! - z) < 1e-6;
      if (!seen) found.push(x, y, z);
    }
    return found.length / 3;
  }

  /** Coordinates of a face's vertices (k×3, Å). */
  vertices(f: Face): Float64Array {
    const out = new Float64Array(3 * f.ids.length);
    const X = this.xyz;
    for (let i = 0; i < f.ids.length; i++) {
      const id = f.ids[i]!;
      out[3 * i] = X[3 * id]!;
      out[3 * i + 1] = X[3 * id + 1]!;
      out[3 * i + 2] = X[3 * id + 2]!;
    }
    return out;
  }
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

/** Half-width (Å) of the box that stands for "unbounded" in the second, decisive pass. */
const HUGE_BOX = 1e7;

/** One cell reused by every call (single-threaded; results are copied out before returning). */
const sharedCell = new Cell();

/**
 * The cell cut from the images within one cutoff, starting from a box of half-width `half` (Å), or null when the
 * box is not cut away completely (with HUGE_BOX: the cell is unbounded).
 */
function cellWithin(structure: Structure, site: number, cutoff: number, half: number): VoronoiFace[] | null {
  const im = imagesWithin(structure, site, cutoff);
  const cell = sharedCell.reset(half);
  for (let i = 0; i < im.count; i++) {
    const c = im.order[i]!;
    const d2 = im.d2[c]!;
    // An image farther than twice the circumradius cannot touch the cell (nor can any later one, which is at
    // most one sort step nearer).
    if (d2 > 4 * cell.r2max * (1 + 1e-12) + 2 * im.step + 1e-12) break;
    const d = Math.sqrt(d2);
    if (d < 1e-8) throw new FingerprintError(site, `site ${im.site[c]} sits on top of site ${site}`);
    cell.clip(im.xyz[3 * c]! / d, im.xyz[3 * c + 1]! / d, im.xyz[3 * c + 2]! / d, d / 2, c);
  }
  if (cell.faces.some((f) => f.tag < 0)) {
    // Unbounded. Qhull (≥ 4 points, not coplanar) lists an unbounded Voronoi ridge only if it has ≥ 2 finite
    // vertices; a cell with a single finite vertex (a cone) then has no listed ridge and pymatgen fails ("No Voronoi
    // neighbors found") instead of growing the cutoff. Fewer or coplanar points make Qhull fail; pymatgen retries.
    if (half === HUGE_BOX && im.count + 1 >= 4 && cell.finiteVertexCount() === 1)
      throw new FingerprintError(site, `no Voronoi neighbours within ${cutoff.toFixed(2)} Å (cell is a cone with one vertex; pymatgen's Qhull lists no ridge)`);
    return null;
  }
  return cell.faces.map((f) => {
    const c = f.tag;
    const verts = cell.vertices(f);
    return {
      site: im.site[c]!,
      image: [im.image[3 * c]!, im.image[3 * c + 1]!, im.image[3 * c + 2]!] as const,
      offset: [im.xyz[3 * c]!, im.xyz[3 * c + 1]!, im.xyz[3 * c + 2]!] as const,
      distance: Math.sqrt(im.d2[c]!),
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
    // A cell bounded by the images within the cutoff can reach far beyond them (Qhull accepts it): when the
    // moderate box is not cut away completely, decide with a huge one.
    const cell = cellWithin(structure, site, cutoff, 4 * cutoff + 10) ?? cellWithin(structure, site, cutoff, HUGE_BOX);
    if (cell !== null && cell.length > 0) return cell;
    if (cutoff >= limit) throw new FingerprintError(site, `Voronoi cell unbounded within the maximal cutoff ${limit.toFixed(3)} Å`);
    cutoff = Math.min(cutoff * 2, limit + 0.001);
  }
}

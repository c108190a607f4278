// Periodic neighbour lists: every image of every site within a cutoff (as pymatgen Structure.get_neighbor_list),
// and k-nearest-neighbour lists in the same layout.
import { StructureError } from "./errors.js";
import { latticeVolume, reciprocalLattice } from "./lattice.js";
import type { Structure } from "./structure.js";

/** A periodic neighbour list: one entry per (center, neighbour image) pair, sorted by center, then distance. */
export interface NeighbourList {
  /** Index of the center site of each pair. */
  readonly centers: Int32Array;
  /** Index of the neighbour site of each pair. */
  readonly neighbors: Int32Array;
  /** Integer lattice offset (3 per pair) of the neighbour image: neighbour position = frac[j] + image. */
  readonly images: Int32Array;
  /** Distance (Å) from the center to the neighbour image. */
  readonly distances: Float64Array;
}

/** Options of neighbourList. */
export interface NeighbourListOptions {
  /** Include each site's own zero-distance entry (image 0, 0, 0). Default false (its other images are always included). */
  selfInteraction?: boolean;
}

interface Pair {
  i: number;
  j: number;
  a: number;
  b: number;
  c: number;
  d: number;
}

/**
 * All neighbour pairs within `cutoff` (Å, inclusive) over ALL periodic images (the image range along each axis is
 * derived from the reciprocal lengths, so long cutoffs and skewed cells are handled exactly), as pymatgen's
 * `Structure.get_neighbor_list(cutoff)`. Coordinates are used as stored (not wrapped); images are relative to them.
 * Sorted by center, then distance (ties by neighbour index, then image).
 */
export function neighbourList(structure: Structure, cutoff: number, options: NeighbourListOptions = {}): NeighbourList {
  if (!(cutoff >= 0) || !Number.isFinite(cutoff)) throw new StructureError(`neighbourList: cutoff must be a finite number ≥ 0 Å (got ${cutoff})`);
  const m = structure.lattice.matrix;
  const f = structure.fracCoords;
  const n = structure.species.length;
  const recip = reciprocalLattice(structure.lattice, { crystallographic: true }).matrix;
  // A point at fractional offset δ has |δ_d| ≤ |r| · |b*_d| along each axis d (b* the crystallographic reciprocal rows).
  const reach = [0, 1, 2].map((d) => cutoff * Math.hypot(recip[3 * d]!, recip[3 * d + 1]!, recip[3 * d + 2]!) + 1e-9);
  const r2 = cutoff * cutoff * (1 + 1e-12) + 1e-16;
  const self = options.selfInteraction ?? false;
  const pairs: Pair[] = [];
  for (let i = 0; i < n; i++) {
    const fi0 = f[3 * i]!, fi1 = f[3 * i + 1]!, fi2 = f[3 * i + 2]!;
    for (let j = 0; j < n; j++) {
      const d0 = f[3 * j]! - fi0, d1 = f[3 * j + 1]! - fi1, d2 = f[3 * j + 2]! - fi2;
      const a0 = Math.ceil(-reach[0]! - d0), a1 = Math.floor(reach[0]! - d0);
      const b0 = Math.ceil(-reach[1]! - d1), b1 = Math.floor(reach[1]! - d1);
      const c0 = Math.ceil(-reach[2]! - d2), c1 = Math.floor(reach[2]! - d2);
      for (let a = a0; a <= a1; a++) {
        const u = d0 + a;
        const ux = u * m[0]!, uy = u * m[1]!, uz = u * m[2]!;
        for (let b = b0; b <= b1; b++) {
          const v = d1 + b;
          const vx = ux + v * m[3]!, vy = uy + v * m[4]!, vz = uz + v * m[5]!;
          for (let c = c0; c <= c1; c++) {
            const w = d2 + c;
            const x = vx + w * m[6]!, y = vy + w * m[7]!, z = vz + w * m[8]!;
            const dd = x * x + y * y + z * z;
            if (dd > r2) continue;
            if (!self && i === j && a === 0 && b === 0 && c === 0) continue;
            pairs.push({ i, j, a, b, c, d: Math.sqrt(dd) });
          }
        }
      }
    }
  }
  pairs.sort((p, q) => p.i - q.i || p.d - q.d || p.j - q.j || p.a - q.a || p.b - q.b || p.c - q.c);
  return packPairs(pairs);
}

function packPairs(pairs: readonly Pair[]): NeighbourList {
  const k = pairs.length;
  const centers = new Int32Array(k), neighbors = new Int32Array(k), images = new Int32Array(3 * k), distances = new Float64Array(k);
  pairs.forEach((p, q) => {
    centers[q] = p.i;
    neighbors[q] = p.j;
    images[3 * q] = p.a;
    images[3 * q + 1] = p.b;
    images[3 * q + 2] = p.c;
    distances[q] = p.d;
  });
  return { centers, neighbors, images, distances };
}

/**
 * The k nearest neighbour images (Å distances, any periodic image, never the site itself at zero offset) of every site,
 * in the layout of neighbourList: k entries per center, sorted by distance (ties by neighbour index, then image).
 */
export function kNearestNeighbours(structure: Structure, k: number): NeighbourList {
  const n = structure.species.length;
  if (!Number.isInteger(k) || k < 1) throw new StructureError(`kNearestNeighbours: k must be a positive integer (got ${k})`);
  if (n === 0) return packPairs([]);
  // Start from the radius of a sphere holding about k + 1 atoms at the average density; grow until every site has k.
  let cutoff = Math.cbrt(((k + 1) * latticeVolume(structure.lattice)) / n / ((4 / 3) * Math.PI)) * 1.2;
  for (;;) {
    const list = neighbourList(structure, cutoff);
    const counts = new Int32Array(n);
    for (const c of list.centers) counts[c]!++;
    if (counts.every((c) => c >= k)) {
      // The list is sorted by center then distance: keep the first k entries of each center.
      const taken = new Int32Array(n);
      const pairs: Pair[] = [];
      for (let q = 0; q < list.centers.length; q++) {
        const i = list.centers[q]!;
        if (taken[i]! >= k) continue;
        taken[i]!++;
        pairs.push({ i, j: list.neighbors[q]!, a: list.images[3 * q]!, b: list.images[3 * q + 1]!, c: list.images[3 * q + 2]!, d: list.distances[q]! });
      }
      return packPairs(pairs);
    }
    cutoff *= 1.5;
  }
}

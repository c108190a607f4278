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

/** Growable columns of neighbour pairs. */
class PairColumns {
  centers = new Int32Array(256);
  neighbors = new Int32Array(256);
  images = new Int32Array(768);
  distances = new Float64Array(256);
  length = 0;

  push(i: number, j: number, a: number, b: number, c: number, d: number): void {
    if (this.length === this.centers.length) this.grow();
    const q = this.length++;
    this.centers[q] = i;
    this.neighbors[q] = j;
    this.images[3 * q] = a;
    this.images[3 * q + 1] = b;
    this.images[3 * q + 2] = c;
    this.distances[q] = d;
  }

  private grow(): void {
    const n = 2 * this.centers.length;
    const g = <T extends Int32Array | Float64Array>(old: T, size: number): T => {
      const out = new (old.constructor as new (n: number) => T)(size);
      out.set(old);
      return out;
    };
    this.centers = g(this.centers, n);
    this.neighbors = g(this.neighbors, n);
    this.images = g(this.images, 3 * n);
    this.distances = g(this.distances, n);
  }

  /** The pairs in the given order, as a NeighbourList of exact-size arrays. */
  select(order: ArrayLike<number>): NeighbourList {
    const k = order.length;
    const centers = new Int32Array(k), neighbors = new Int32Array(k), images = new Int32Array(3 * k), distances = new Float64Array(k);
    for (let r = 0; r < k; r++) {
      const q = order[r]!;
      centers[r] = this.centers[q]!;
      neighbors[r] = this.neighbors[q]!;
      images[3 * r] = this.images[3 * q]!;
      images[3 * r + 1] = this.images[3 * q + 1]!;
      images[3 * r + 2] = this.images[3 * q + 2]!;
      distances[r] = this.distances[q]!;
    }
    return { centers, neighbors, images, distances };
  }

  /**
   * Pair indices sorted by center, then distance, then neighbour index, then image. Pairs are collected center by
   * center with neighbour index and image ascending, so a stable sort of each center's run by distance suffices.
   */
  sortedOrder(): Int32Array {
    const { centers, distances } = this;
    const byDistance = (p: number, q: number) => distances[p]! - distances[q]!;
    const order = new Int32Array(this.length);
    for (let q = 0; q < order.length; q++) order[q] = q;
    let start = 0;
    while (start < this.length) {
      let end = start + 1;
      while (end < this.length && centers[end] === centers[start]) end++;
      if (end - start <= 256) {
        // Stable insertion sort (short runs, no comparator calls).
        for (let x = start + 1; x < end; x++) {
          const q = order[x]!, d = distances[q]!;
          let y = x - 1;
          while (y >= start && distances[order[y]!]! > d) {
            order[y + 1] = order[y]!;
            y--;
          }
          order[y + 1] = q;
        }
      } else {
        order.set(Array.from(order.subarray(start, end)).sort(byDistance), start);
      }
      start = end;
    }
    return order;
  }
}

/**
 * All neighbour pairs within `cutoff` (Å, inclusive up to pymatgen's 1e-8 Å tolerance) over ALL periodic images
 * (the image range along each axis is derived from the reciprocal lengths, so long cutoffs and skewed cells are
 * handled exactly), as pymatgen's `Structure.get_neighbor_list(cutoff)`. Coordinates are used as stored (not
 * wrapped); images are relative to them. Sorted by center, then distance (ties by neighbour index, then image).
 */
export function neighbourList(structure: Structure, cutoff: number, options: NeighbourListOptions = {}): NeighbourList {
  if (!(cutoff >= 0) || !Number.isFinite(cutoff)) throw new StructureError(`neighbourList: cutoff must be a finite number ≥ 0 Å (got ${cutoff})`);
  const pairs = collectPairs(structure, cutoff, options.selfInteraction ?? false);
  return pairs.select(pairs.sortedOrder());
}

function collectPairs(structure: Structure, cutoff: number, self: boolean): PairColumns {
  const m = structure.lattice.matrix;
  const f = structure.fracCoords;
  const n = structure.species.length;
  const recip = reciprocalLattice(structure.lattice, { crystallographic: true }).matrix;
  // A point at fractional offset δ has |δ_d| ≤ r · |b*_d| along each axis d (b* the crystallographic reciprocal rows).
  const r = cutoff + 1e-8; // pymatgen's numerical tolerance of 1e-8 Å
  const r2 = r * r;
  const reach0 = r * Math.hypot(recip[0]!, recip[1]!, recip[2]!) + 1e-9;
  const reach1 = r * Math.hypot(recip[3]!, recip[4]!, recip[5]!) + 1e-9;
  const reach2 = r * Math.hypot(recip[6]!, recip[7]!, recip[8]!) + 1e-9;
  const pairs = new PairColumns();
  for (let i = 0; i < n; i++) {
    const fi0 = f[3 * i]!, fi1 = f[3 * i + 1]!, fi2 = f[3 * i + 2]!;
    for (let j = 0; j < n; j++) {
      const d0 = f[3 * j]! - fi0, d1 = f[3 * j + 1]! - fi1, d2 = f[3 * j + 2]! - fi2;
      const a0 = Math.ceil(-reach0 - d0), a1 = Math.floor(reach0 - d0);
      const b0 = Math.ceil(-reach1 - d1), b1 = Math.floor(reach1 - d1);
      const c0 = Math.ceil(-reach2 - d2), c1 = Math.floor(reach2 - d2);
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
            pairs.push(i, j, a, b, c, Math.sqrt(dd));
          }
        }
      }
    }
  }
  return pairs;
}

/**
 * The k nearest neighbour images (Å distances, any periodic image, never the site itself at zero offset) of every site,
 * in the layout of neighbourList: k entries per center, sorted by distance (ties by neighbour index, then image).
 */
export function kNearestNeighbours(structure: Structure, k: number): NeighbourList {
  const n = structure.species.length;
  if (!Number.isInteger(k) || k < 1) throw new StructureError(`kNearestNeighbours: k must be a positive integer (got ${k})`);
  // Start from the radius of a sphere holding about k + 1 atoms at the average density; grow until every site has k.
  let cutoff = n === 0 ? 0 : Math.cbrt(((k + 1) * latticeVolume(structure.lattice)) / n / ((4 / 3) * Math.PI)) * 1.2;
  for (;;) {
    const pairs = collectPairs(structure, cutoff, false);
    const counts = new Int32Array(n);
    for (let q = 0; q < pairs.length; q++) counts[pairs.centers[q]!]!++;
    if (counts.every((c) => c >= k)) {
      // Sorted by center then distance: keep the first k entries of each center.
      const order = pairs.sortedOrder();
      const taken = new Int32Array(n);
      return pairs.select(order.filter((q) => taken[pairs.centers[q]!]!++ < k));
    }
    cutoff *= 1.5;
  }
}

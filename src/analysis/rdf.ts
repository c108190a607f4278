// Radial distribution function of a periodic structure, total and partial by element pair.
import { elementSymbol } from "../crystal/elements.js";
import { StructureError } from "../crystal/errors.js";
import { latticeVolume } from "../crystal/lattice.js";
import { neighbourList } from "../crystal/neighbours.js";
import type { Structure } from "../crystal/structure.js";

/** A radial distribution function on a grid of shells. */
export interface RadialDistribution {
  /** Shell centres r (Å). */
  readonly r: number[];
  /** Total g(r): neighbour density around an average atom over the mean number density (→ 1 at large r). */
  readonly total: number[];
  /** Partial g_AB(r) per unordered element pair "A-B" (A ≤ B by Z): density of B around A over B's mean density. */
  readonly partials: Record<string, number[]>;
}

/**
 * g(r) of a periodic structure from all neighbour images within `rMax` (Å, default 8) in shells of `binWidth` (Å,
 * default 0.05): g(r) = V·count(r)/(N_A·N_B·4πr²Δr), counting every periodic image (including a site's own images).
 */
export function radialDistribution(structure: Structure, options: { rMax?: number; binWidth?: number } = {}): RadialDistribution {
  const rMax = options.rMax ?? 8;
  const dr = options.binWidth ?? 0.05;
  if (!(rMax > 0 && dr > 0)) throw new StructureError(`radialDistribution: rMax and binWidth must be positive (got ${rMax}, ${dr})`);
  const nBins = Math.ceil(rMax / dr);
  const V = latticeVolume(structure.lattice);
  const n = structure.species.length;
  const list = neighbourList(structure, rMax);
  const countOf = new Map<number, number>();
  for (const z of structure.species) countOf.set(z, (countOf.get(z) ?? 0) + 1);
  const zs = [...countOf.keys()].sort((a, b) => a - b);
  const pairKey = (a: number, b: number) => (a <= b ? `${elementSymbol(a)}-${elementSymbol(b)}` : `${elementSymbol(b)}-${elementSymbol(a)}`);
  const totalCounts = new Float64Array(nBins);
  const pairCounts = new Map<string, Float64Array>();
  for (const a of zs) for (const b of zs) if (a <= b) pairCounts.set(pairKey(a, b), new Float64Array(nBins));
  for (let e = 0; e < list.centers.length; e++) {
    const bin = Math.floor(list.distances[e]! / dr);
    if (bin >= nBins) continue;
    totalCounts[bin]! += 1;
    pairCounts.get(pairKey(structure.species[list.centers[e]!]!, structure.species[list.neighbors[e]!]!))![bin]! += 1;
  }
  const r = Array.from({ length: nBins }, (_, i) => (i + 0.5) * dr);
  const shell = r.map((x) => 4 * Math.PI * x * x * dr);
  const total = r.map((_, i) => (V * totalCounts[i]!) / (n * n * shell[i]!));
  const partials: Record<string, number[]> = {};
  for (const a of zs)
    for (const b of zs) {
      if (a > b) continue;
      const counts = pairCounts.get(pairKey(a, b))!;
      // Unordered pair: both A→B and B→A entries are counted, so the normaliser counts both orderings too.
      const norm = a === b ? countOf.get(a)! ** 2 : 2 * countOf.get(a)! * countOf.get(b)!;
      partials[pairKey(a, b)] = r.map((_, i) => (V * counts[i]!) / (norm * shell[i]!));
    }
  return { r, total, partials };
}

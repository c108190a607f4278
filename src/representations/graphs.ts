// Graph representations of a crystal (review Fig. 2): the periodic multigraph of CDVAE-style encoders (edges to
// neighbour images within a cutoff or the k nearest) and the fully connected graph of DiffCSP/FlowMM.
// Edge convention (as batch.ts): message from `senders[e]` to `receivers[e]`.
import { StructureError } from "../crystal/errors.js";
import { kNearestNeighbours, neighbourList } from "../crystal/neighbours.js";
import type { Structure } from "../crystal/structure.js";

/** A directed graph on the sites of one crystal. */
export interface CrystalGraph {
  /** Site whose message is sent along each edge (E). */
  readonly senders: Int32Array;
  /** Site that receives it (E). */
  readonly receivers: Int32Array;
}

/** A periodic multigraph: the same pair of sites may be joined several times, once per lattice image. */
export interface PeriodicGraph extends CrystalGraph {
  /** Integer lattice offset of the sender's image, 3 per edge: sender position = frac[sender] + image. */
  readonly images: Int32Array;
  /** Edge length (Å): distance from the receiver to the sender's image. */
  readonly distances: Float64Array;
}

/** Options of periodicGraph. */
export interface PeriodicGraphOptions {
  /** Radius (Å): every image within it is a neighbour. */
  cutoff?: number;
  /** At most k neighbours per site (the nearest); with no cutoff, exactly the k nearest images. */
  k?: number;
}

/** CDVAE's graph defaults (radius 7 Å, at most 20 neighbours per atom). */
export const CDVAE_GRAPH_DEFAULTS = { cutoff: 7, k: 20 } as const;

/**
 * The periodic multigraph of a structure: each site receives from every neighbour image within `cutoff` (Å) and/or
 * from its `k` nearest images (both: the k nearest inside the cutoff, CDVAE's radius graph with max neighbours);
 * with neither option, CDVAE's 7 Å / 20 neighbours. Edges are grouped by receiver and sorted by distance.
 */
export function periodicGraph(structure: Structure, options: PeriodicGraphOptions = {}): PeriodicGraph {
  const { cutoff, k } = options.cutoff === undefined && options.k === undefined ? CDVAE_GRAPH_DEFAULTS : options;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) throw new StructureError(`periodicGraph: k must be a positive integer (got ${k})`);
  const list = cutoff === undefined ? kNearestNeighbours(structure, k!) : neighbourList(structure, cutoff);
  let keep: number[] | null = null;
  if (cutoff !== undefined && k !== undefined) {
    // The list is sorted by center, then distance: keep the first k entries of each center.
    keep = [];
    const taken = new Int32Array(structure.species.length);
    for (let q = 0; q < list.centers.length; q++) if (taken[list.centers[q]!]!++ < k) keep.push(q);
  }
  const pick = keep ?? Array.from(list.centers, (_, q) => q);
  const E = pick.length;
  const senders = new Int32Array(E), receivers = new Int32Array(E), images = new Int32Array(3 * E), distances = new Float64Array(E);
  pick.forEach((q, e) => {
    receivers[e] = list.centers[q]!;
    senders[e] = list.neighbors[q]!;
    images.set(list.images.subarray(3 * q, 3 * q + 3), 3 * e);
    distances[e] = list.distances[q]!;
  });
  return { senders, receivers, images, distances };
}

/**
 * The fully connected graph of DiffCSP/FlowMM: every ordered pair (i, j), i ≠ j, of sites in one cell, grouped by
 * receiver i (n(n − 1) edges; periodicity enters through the features of the coordinate differences instead).
 */
export function fullyConnectedGraph(numAtomsOrStructure: number | Structure): CrystalGraph {
  const n = typeof numAtomsOrStructure === "number" ? numAtomsOrStructure : numAtomsOrStructure.species.length;
  if (!Number.isInteger(n) || n < 0) throw new StructureError(`fullyConnectedGraph: number of atoms must be an integer ≥ 0 (got ${n})`);
  const E = n * (n - 1);
  const senders = new Int32Array(E), receivers = new Int32Array(E);
  let e = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      receivers[e] = i;
      senders[e] = j;
      e++;
    }
  return { senders, receivers };
}

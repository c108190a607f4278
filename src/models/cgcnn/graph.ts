// Crystal graphs of a batch for CGCNN: each crystal's periodic radius graph (nearest images, at most maxNeighbours per
// atom) concatenated with atom offsets, plus the atom → crystal map for pooling.
import type { Structure } from "../../crystal/structure.js";
import { periodicGraph } from "../../representations/graphs.js";
import type { CgcnnNetwork } from "./config.js";

/** One crystal's graph: edges (sender → receiver, local atom indices) and their lengths (Å). */
export interface LocalGraph {
  readonly senders: Int32Array;
  readonly receivers: Int32Array;
  readonly distances: Float32Array;
}

/** The graphs of a batch, concatenated. */
export interface BatchGraph {
  readonly numCrystals: number;
  readonly species: Int32Array;
  /** Crystal of each atom. */
  readonly atomCrystal: Int32Array;
  readonly senders: Int32Array;
  readonly receivers: Int32Array;
  readonly distances: Float32Array;
}

/** The radius graph of one crystal with the network's cutoff and neighbour limit. */
export function localGraph(s: Structure, n: Pick<CgcnnNetwork, "cutoff" | "maxNeighbours">): LocalGraph {
  const g = periodicGraph(s, { cutoff: n.cutoff, k: n.maxNeighbours });
  return { senders: g.senders, receivers: g.receivers, distances: Float32Array.from(g.distances) };
}

/** Concatenates the graphs of a batch (atom indices offset per crystal). */
export function batchGraph(structures: readonly Structure[], graphs: readonly LocalGraph[]): BatchGraph {
  const N = structures.reduce((a, s) => a + s.species.length, 0);
  const E = graphs.reduce((a, g) => a + g.senders.length, 0);
  const species = new Int32Array(N), atomCrystal = new Int32Array(N);
  const senders = new Int32Array(E), receivers = new Int32Array(E), distances = new Float32Array(E);
  let a = 0, e = 0;
  structures.forEach((s, c) => {
    const g = graphs[c]!;
    species.set(s.species, a);
    atomCrystal.fill(c, a, a + s.species.length);
    for (let k = 0; k < g.senders.length; k++) {
      senders[e + k] = g.senders[k]! + a;
      receivers[e + k] = g.receivers[k]! + a;
    }
    distances.set(g.distances, e);
    a += s.species.length;
    e += g.senders.length;
  });
  return { numCrystals: structures.length, species, atomCrystal, senders, receivers, distances };
}

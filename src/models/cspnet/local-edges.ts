// The radius graph of a batch's current coordinates for CSPNet's optional local messages: every neighbour image within
// a cutoff (at most k per atom, the nearest), with its fractional displacement and Cartesian length, plus the radial
// basis and smooth envelope the messages read. Host arrays, rebuilt at every forward pass (the coordinates move).
import { latticeFromMatrix } from "../../crystal/lattice.js";
import { makeStructure } from "../../crystal/structure.js";
import { periodicGraph } from "../../representations/graphs.js";

/** The local edges of a batch: message from `senders[e]` (an image of it) to `receivers[e]`; batch atom indices. */
export interface LocalEdges {
  receivers: Int32Array;
  senders: Int32Array;
  /** frac[sender] + image − frac[receiver], 3 per edge (fractional units). */
  fracDelta: Float32Array;
  /** Edge length (Å). */
  distances: Float32Array;
}

/**
 * The radius graph of each crystal of a batch (fractional coordinates N×3 flat, lattices B×9 flat with rows a, b, c in
 * Å, each crystal's first atom and atom count): images within `cutoff` Å, the `maxNeighbors` nearest per atom.
 */
export function localEdges(fracCoords: ArrayLike<number>, lattices: ArrayLike<number>, atomOffset: ArrayLike<number>, numAtoms: ArrayLike<number>, cutoff: number, maxNeighbors: number): LocalEdges {
  const receivers: number[] = [], senders: number[] = [], delta: number[] = [], distances: number[] = [];
  for (let b = 0; b < numAtoms.length; b++) {
    const o = atomOffset[b]!, n = numAtoms[b]!;
    if (n === 0) continue;
    const frac = Float64Array.from({ length: 3 * n }, (_, k) => fracCoords[3 * o + k]!);
    const lattice = latticeFromMatrix(Array.from({ length: 9 }, (_, k) => lattices[9 * b + k]!));
    const g = periodicGraph(makeStructure({ lattice, species: new Array<number>(n).fill(1), fracCoords: frac }), { cutoff, k: maxNeighbors });
    for (let e = 0; e < g.senders.length; e++) {
      const i = g.receivers[e]!, j = g.senders[e]!;
      receivers.push(o + i);
      senders.push(o + j);
      for (let k = 0; k < 3; k++) delta.push(frac[3 * j + k]! + g.images[3 * e + k]! - frac[3 * i + k]!);
      distances.push(g.distances[e]!);
    }
  }
  return { receivers: Int32Array.from(receivers), senders: Int32Array.from(senders), fracDelta: Float32Array.from(delta), distances: Float32Array.from(distances) };
}

/**
 * Gaussian radial basis of edge lengths (E) → E×R: centres evenly spaced on [0, cutoff], width cutoff / R, times the
 * cosine envelope ½(cos(π d / cutoff) + 1) so every feature goes smoothly to zero at the cutoff.
 */
export function radialBasis(distances: ArrayLike<number>, cutoff: number, size: number): Float32Array {
  const out = new Float32Array(distances.length * size);
  const width = cutoff / size;
  const envelope = cosineEnvelope(distances, cutoff);
  for (let e = 0; e < distances.length; e++) {
    const d = distances[e]!, env = envelope[e]!;
    for (let r = 0; r < size; r++) {
      const x = (d - (r * cutoff) / (size - 1)) / width;
      out[e * size + r] = env * Math.exp(-0.5 * x * x);
    }
  }
  return out;
}

/** The cosine envelope ½(cos(π d / cutoff) + 1) of each edge length (0 beyond the cutoff). */
export function cosineEnvelope(distances: ArrayLike<number>, cutoff: number): Float32Array {
  return Float32Array.from(distances, (d) => (d < cutoff ? 0.5 * (Math.cos((Math.PI * d) / cutoff) + 1) : 0));
}

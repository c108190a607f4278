// The batched crystal graph M3GNet reads: bonds to every periodic image within the cutoff (each crystal's bonds sorted by
// center, then distance) and the three-body "triples" — pairs of bonds of one center both within the three-body cutoff.
import { cartCoords, type Structure } from "../../crystal/structure.js";
import { neighbourList } from "../../crystal/neighbours.js";

/** Index arrays and geometry of many crystals packed together (typed arrays; no TF.js). */
export interface M3gnetGraph {
  readonly numCrystals: number;
  readonly numAtoms: number;
  readonly numBonds: number;
  /** Row of each atom's element in the model's embedding [N]. */
  readonly nodeTypes: Int32Array;
  /** Crystal of each atom [N] and of each bond [E]. */
  readonly atomCrystal: Int32Array;
  readonly bondCrystal: Int32Array;
  /** Center (source) and neighbour (destination) atom of each bond [E], global atom indices. */
  readonly bondSource: Int32Array;
  readonly bondTarget: Int32Array;
  /** Cartesian image shift of the neighbour, image · L (Å) [E×3]. */
  readonly bondShift: Float32Array;
  /** Cartesian positions (Å) [N×3] and lattice matrices (rows a, b, c; Å) [B×9]. */
  readonly positions: Float32Array;
  readonly lattices: Float32Array;
  /** For each triple (j–i–k): the bond i→j that receives the message, the bond i→k that sends it, and atom k [T]. */
  readonly tripleReceiver: Int32Array;
  readonly tripleSender: Int32Array;
  readonly tripleEndAtom: Int32Array;
}

/**
 * Packs crystals into one graph: bonds within `cutoff` (Å, all periodic images, no zero-distance self bond) and triples
 * of bonds both within `threebodyCutoff` (Å). `typeIndex` maps an atomic number to its embedding row (−1: unknown).
 */
export function buildM3gnetGraph(structures: readonly Structure[], cutoff: number, threebodyCutoff: number, typeIndex: (z: number) => number): M3gnetGraph {
  const numAtoms = structures.reduce((s, x) => s + x.species.length, 0);
  const nodeTypes = new Int32Array(numAtoms);
  const atomCrystal = new Int32Array(numAtoms);
  const positions = new Float32Array(3 * numAtoms);
  const lattices = new Float32Array(9 * structures.length);
  const lists = structures.map((s) => neighbourList(s, cutoff));
  const numBonds = lists.reduce((sum, l) => sum + l.centers.length, 0);
  const bondSource = new Int32Array(numBonds);
  const bondTarget = new Int32Array(numBonds);
  const bondCrystal = new Int32Array(numBonds);
  const bondShift = new Float32Array(3 * numBonds);
  const receivers: number[] = [];
  const senders: number[] = [];
  let atomOffset = 0;
  let bondOffset = 0;
  structures.forEach((s, c) => {
    const n = s.species.length;
    const m = s.lattice.matrix;
    lattices.set(m, 9 * c);
    positions.set(cartCoords(s), 3 * atomOffset);
    for (let i = 0; i < n; i++) {
      nodeTypes[atomOffset + i] = typeIndex(s.species[i]!);
      atomCrystal[atomOffset + i] = c;
    }
    const list = lists[c]!;
    let groupStart = 0;
    for (let e = 0; e <= list.centers.length; e++) {
      if (e < list.centers.length) {
        const b = bondOffset + e;
        bondSource[b] = atomOffset + list.centers[e]!;
        bondTarget[b] = atomOffset + list.neighbors[e]!;
        bondCrystal[b] = c;
        const [u, v, w] = [list.images[3 * e]!, list.images[3 * e + 1]!, list.images[3 * e + 2]!];
        for (let k = 0; k < 3; k++) bondShift[3 * b + k] = u * m[k]! + v * m[3 + k]! + w * m[6 + k]!;
      }
      if (e === list.centers.length || list.centers[e] !== list.centers[groupStart]) {
        // Bonds of one center are contiguous and sorted by distance: those within the three-body cutoff come first.
        let end = groupStart;
        while (end < e && list.distances[end]! <= threebodyCutoff) end++;
        for (let p = groupStart; p < end; p++) {
          for (let q = groupStart; q < end; q++) {
            if (p === q) continue;
            receivers.push(bondOffset + p);
            senders.push(bondOffset + q);
          }
        }
        groupStart = e;
      }
    }
    atomOffset += n;
    bondOffset += list.centers.length;
  });
  const tripleReceiver = Int32Array.from(receivers);
  const tripleSender = Int32Array.from(senders);
  const tripleEndAtom = tripleSender.map((b) => bondTarget[b]!);
  return {
    numCrystals: structures.length, numAtoms, numBonds, nodeTypes, atomCrystal, bondCrystal, bondSource, bondTarget, bondShift, positions, lattices,
    tripleReceiver, tripleSender, tripleEndAtom,
  };
}

/**
 * The graph as JSON (typed arrays as number arrays; float32 values exactly), the input of the PyTorch reference
 * bench/py/m3gnet_torch.py.
 */
export function m3gnetGraphJson(g: M3gnetGraph): string {
  return JSON.stringify(g, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Int32Array | Float32Array) : value));
}

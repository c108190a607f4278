// Packing many structures into one flat batch for the models: concatenated atom arrays, stacked lattices and the
// fully-connected (all ordered pairs i ≠ j) edge list of each crystal. Pure typed arrays, no TF.js.
import { StructureError } from "../crystal/errors.js";
import { latticeFromMatrix, latticeParameters } from "../crystal/lattice.js";
import { type PropertyValue, type Structure, makeStructure } from "../crystal/structure.js";

/** Many crystals packed for a model. Atom arrays are concatenated crystal after crystal. */
export interface Batch {
  /** Number of crystals B. */
  readonly numCrystals: number;
  /** Atoms in each crystal (B). */
  readonly numAtoms: Int32Array;
  /** Index of each crystal's first atom in the atom arrays (B). */
  readonly atomOffset: Int32Array;
  /** Atomic number Z of every atom (N total). */
  readonly species: Int32Array;
  /** Fractional coordinates, N×3 flat. */
  readonly fracCoords: Float32Array;
  /** Crystal of every atom (N). */
  readonly crystalIndex: Int32Array;
  /** Lattice matrices, B×9 flat, each row-major with rows a, b, c (Å). */
  readonly lattices: Float32Array;
  /** Lattice parameters a, b, c (Å), α, β, γ (degrees), B×6 flat. */
  readonly latticeParams: Float32Array;
  /** For every ordered pair (i, j), i ≠ j, inside one crystal: the neighbour j whose message is sent (E). */
  readonly edgeSenders: Int32Array;
  /** … and the atom i that receives and aggregates it (E). Edges are grouped by receiver. */
  readonly edgeReceivers: Int32Array;
  /** Per-crystal properties carried through unchanged (B). */
  readonly properties: readonly (Readonly<Record<string, PropertyValue>> | undefined)[];
}

/** Options of batchStructures. */
export interface BatchOptions {
  /** Largest allowed number of atoms per crystal; a larger crystal throws a StructureError naming it. */
  maxAtoms?: number;
}

/** Packs structures into a Batch (atoms concatenated, fully connected edges per crystal). */
export function batchStructures(structures: readonly Structure[], options: BatchOptions = {}): Batch {
  const B = structures.length;
  const numAtoms = new Int32Array(B);
  const atomOffset = new Int32Array(B);
  let N = 0;
  let E = 0;
  structures.forEach((s, b) => {
    const n = s.species.length;
    if (options.maxAtoms !== undefined && n > options.maxAtoms)
      throw new StructureError(`batch: structure ${b}${idOf(s)} has ${n} atoms, more than maxAtoms = ${options.maxAtoms}`);
    if (s.occupancies) throw new StructureError(`batch: structure ${b}${idOf(s)} is disordered (partial occupancies); models need ordered sites`);
    numAtoms[b] = n;
    atomOffset[b] = N;
    N += n;
    E += n * (n - 1);
  });
  const species = new Int32Array(N);
  const fracCoords = new Float32Array(3 * N);
  const crystalIndex = new Int32Array(N);
  const lattices = new Float32Array(9 * B);
  const latticeParams = new Float32Array(6 * B);
  const edgeSenders = new Int32Array(E);
  const edgeReceivers = new Int32Array(E);
  let e = 0;
  structures.forEach((s, b) => {
    const o = atomOffset[b]!;
    const n = numAtoms[b]!;
    species.set(s.species, o);
    fracCoords.set(s.fracCoords, 3 * o);
    crystalIndex.fill(b, o, o + n);
    lattices.set(s.lattice.matrix, 9 * b);
    const p = latticeParameters(s.lattice);
    latticeParams.set([p.a, p.b, p.c, p.alpha, p.beta, p.gamma], 6 * b);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        edgeReceivers[e] = o + i;
        edgeSenders[e] = o + j;
        e++;
      }
  });
  return { numCrystals: B, numAtoms, atomOffset, species, fracCoords, crystalIndex, lattices, latticeParams, edgeSenders, edgeReceivers, properties: structures.map((s) => s.properties) };
}

/** What unbatch may override: new coordinates, lattices or species of the same shapes (for example model samples). */
export interface UnbatchOverrides {
  species?: ArrayLike<number>;
  fracCoords?: ArrayLike<number>;
  lattices?: ArrayLike<number>;
}

/** Splits a Batch back into structures (optionally with new species / coordinates / lattices of the same layout). */
export function unbatch(batch: Batch, overrides: UnbatchOverrides = {}): Structure[] {
  const species = overrides.species ?? batch.species;
  const frac = overrides.fracCoords ?? batch.fracCoords;
  const lat = overrides.lattices ?? batch.lattices;
  const out: Structure[] = [];
  for (let b = 0; b < batch.numCrystals; b++) {
    const o = batch.atomOffset[b]!;
    const n = batch.numAtoms[b]!;
    const props = batch.properties[b];
    out.push(
      makeStructure({
        lattice: latticeFromMatrix(Array.from({ length: 9 }, (_, k) => lat[9 * b + k]!)),
        species: Array.from({ length: n }, (_, i) => species[o + i]!),
        fracCoords: Array.from({ length: 3 * n }, (_, k) => frac[3 * o + k]!),
        ...(props ? { properties: props } : {}),
      }),
    );
  }
  return out;
}

function idOf(s: Structure): string {
  const id = s.properties?.["id"];
  return id === undefined || id === null ? "" : ` (${String(id)})`;
}

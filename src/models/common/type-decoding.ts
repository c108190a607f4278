// Atom types from continuous type vectors (de novo generation): argmax over the elements a model may emit.

/** The atomic numbers a de novo model may emit: those seen in training, else every type 1 … numTypes − 1. */
export function allowedElements(elements: readonly number[] | undefined, numTypes: number): readonly number[] {
  return elements ?? Array.from({ length: numTypes - 1 }, (_, i) => i + 1);
}

/** For each of N atoms, the allowed atomic number with the largest entry of its K-long type vector (row-major N×K). */
export function decodeTypes(v: ArrayLike<number>, N: number, K: number, allowed: readonly number[]): Int32Array {
  return Int32Array.from({ length: N }, (_, i) => {
    let best = allowed[0]!;
    for (const z of allowed) if (v[i * K + z]! > v[i * K + best]!) best = z;
    return best;
  });
}

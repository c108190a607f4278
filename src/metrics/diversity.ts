// Diversity (CDVAE): mean pairwise Euclidean distance between fingerprints (metrics-spec §7).

/** Mean of all pairwise Euclidean distances (each unordered pair once, scipy pdist) of a set of vectors; NaN for < 2 vectors. */
export function meanPairwiseDistance(vectors: readonly ArrayLike<number>[]): number {
  const n = vectors.length;
  if (n < 2) return Number.NaN;
  const d = vectors[0]!.length;
  const flat = new Float64Array(n * d);
  vectors.forEach((v, i) => {
    if (v.length !== d) throw new RangeError(`vector ${i} has ${v.length} values, expected ${d}`);
    for (let k = 0; k < d; k++) flat[i * d + k] = v[k]!;
  });
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = flat[i * d + k]! - flat[j * d + k]!;
        s += t * t;
      }
      total += Math.sqrt(s);
    }
  return total / ((n * (n - 1)) / 2);
}

/** CDVAE diversity: comp_div over CompScaler-scaled Magpie fingerprints and struct_div over raw CrystalNN fingerprints. */
export function diversity(fingerprints: readonly { struct: ArrayLike<number>; comp: ArrayLike<number> }[]): { compDiv: number; structDiv: number } {
  return {
    compDiv: meanPairwiseDistance(fingerprints.map((f) => f.comp)),
    structDiv: meanPairwiseDistance(fingerprints.map((f) => f.struct)),
  };
}

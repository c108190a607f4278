import { describe, expect, it } from "vitest";
import { rng } from "../../src/util/random.js";
import { featureMatrix, pca, projectPca, symmetricEigen, tsne, umapEmbedding } from "../../src/analysis/embeddings.js";

/** Two well-separated Gaussian blobs in 5-D (20 points each), labels 0/1. */
function blobs(seed = 1) {
  const r = rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < 40; i++) rows.push(Array.from({ length: 5 }, (_, d) => (i < 20 ? 0 : 10) + r.normal()));
  return featureMatrix(rows);
}
const separated = (y: ArrayLike<number>) => {
  // Nearest-centroid accuracy of the two groups in the 2-D embedding.
  const c = [0, 1].map((g) => [0, 1].map((d) => Array.from({ length: 20 }, (_, i) => y[2 * (20 * g + i) + d]!).reduce((a, b) => a + b) / 20));
  let right = 0;
  for (let i = 0; i < 40; i++) {
    const dist = c.map((m) => Math.hypot(y[2 * i]! - m[0]!, y[2 * i + 1]! - m[1]!));
    if ((dist[0]! < dist[1]! ? 0 : 1) === (i < 20 ? 0 : 1)) right++;
  }
  return right / 40;
};

describe("symmetricEigen", () => {
  it("diagonalises a symmetric matrix: A v = λ v, eigenvalues descending", () => {
    const A = [4, 1, 2, 1, 3, 0, 2, 0, 5];
    const { values, vectors } = symmetricEigen(A, 3);
    expect(values[0]! >= values[1]! && values[1]! >= values[2]!).toBe(true);
    expect(values.reduce((a, b) => a + b)).toBeCloseTo(12, 10); // trace
    for (let k = 0; k < 3; k++)
      for (let i = 0; i < 3; i++) {
        const av = [0, 1, 2].reduce((s, j) => s + A[3 * i + j]! * vectors[3 * k + j]!, 0);
        expect(av).toBeCloseTo(values[k]! * vectors[3 * k + i]!, 10);
      }
  });
});

describe("pca", () => {
  it("finds the direction of largest variance of points on a line, explaining all variance", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [i, 2 * i, 5]);
    const p = pca(featureMatrix(rows), { k: 2, standardize: false });
    const axis = [p.components[0]!, p.components[1]!, p.components[2]!];
    expect(axis[0]).toBeCloseTo(1 / Math.sqrt(5), 10);
    expect(axis[1]).toBeCloseTo(2 / Math.sqrt(5), 10);
    expect(axis[2]).toBeCloseTo(0, 10);
    expect(p.explainedVariance[0]).toBeCloseTo(1, 10);
    // Scores are the centred coordinates along the axis: (i − 4.5)·√5.
    expect(p.scores[0]).toBeCloseTo(-4.5 * Math.sqrt(5), 9);
  });

  it("projects new rows as it scored the fitted ones (standardised or not): the fit's rows give its scores, a point on the line its position", () => {
    const x = blobs();
    for (const standardize of [true, false]) {
      const p = pca(x, { k: 2, standardize });
      const again = projectPca(p, x);
      again.forEach((v, i) => expect(v).toBeCloseTo(p.scores[i]!, 9));
    }
    const line = pca(featureMatrix(Array.from({ length: 10 }, (_, i) => [i, 2 * i, 5])), { k: 1, standardize: false });
    expect(projectPca(line, featureMatrix([[20, 40, 5]]))[0]).toBeCloseTo((20 - 4.5) * Math.sqrt(5), 9);
    expect(() => projectPca(line, featureMatrix([[1, 2]]))).toThrow(RangeError);
  });

  it("separates two blobs along PC1", () => {
    const p = pca(blobs(), { k: 2 });
    expect(separated(p.scores)).toBe(1);
  });
});

describe("tsne", () => {
  it("separates two blobs and is reproducible for a seed", () => {
    const x = blobs();
    const a = tsne(x, { seed: 3, perplexity: 8, iterations: 300 });
    expect(separated(a)).toBe(1);
    expect(Array.from(tsne(x, { seed: 3, perplexity: 8, iterations: 300 }))).toEqual(Array.from(a));
    expect(Array.from(tsne(x, { seed: 4, perplexity: 8, iterations: 300 }))).not.toEqual(Array.from(a));
  });
});

describe("umapEmbedding", () => {
  it("separates two blobs and is reproducible for a seed", () => {
    const x = blobs();
    const a = umapEmbedding(x, { seed: 5, nNeighbors: 8, nEpochs: 200 });
    expect(a).toHaveLength(80);
    expect(separated(a)).toBe(1);
    expect(Array.from(umapEmbedding(x, { seed: 5, nNeighbors: 8, nEpochs: 200 }))).toEqual(Array.from(a));
  });
});

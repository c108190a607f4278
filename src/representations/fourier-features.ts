// Fourier features of fractional-coordinate differences (DiffCSP's sinusoidal edge embedding, review Fig. 2):
// invariant to lattice translations of either atom by construction, since sin/cos(2πkΔ) have period 1 in Δ.
import { StructureError } from "../crystal/errors.js";
import type { CrystalGraph } from "./graphs.js";

/**
 * Fractional differences Δf = f[sender] − f[receiver] of each edge (E×3 flat), unwrapped: Fourier features make
 * the choice of image irrelevant.
 */
export function edgeFracDifferences(fracCoords: ArrayLike<number>, graph: CrystalGraph): Float64Array {
  const E = graph.senders.length;
  const out = new Float64Array(3 * E);
  for (let e = 0; e < E; e++) {
    const s = graph.senders[e]!, r = graph.receivers[e]!;
    for (let d = 0; d < 3; d++) out[3 * e + d] = fracCoords[3 * s + d]! - fracCoords[3 * r + d]!;
  }
  return out;
}

/**
 * Sinusoidal features of fractional differences Δ (E×3 flat) with frequencies k = 1…F: a Float64Array E×6F whose
 * row e is [sin(2πkΔ_d) for d = 0,1,2 for k = 1…F (3F values, axis-major), then cos(2πkΔ_d) in the same order].
 * Index: sin → e·6F + d·F + (k − 1), cos → e·6F + 3F + d·F + (k − 1). This is DiffCSP's layout except that DiffCSP's
 * frequencies start at k = 0 (a constant sin 0 = 0, cos 0 = 1 column per axis).
 */
export function fourierFeatures(fracDiff: ArrayLike<number>, numFrequencies: number): Float64Array {
  const F = numFrequencies;
  if (!Number.isInteger(F) || F < 1) throw new StructureError(`fourierFeatures: numFrequencies must be a positive integer (got ${F})`);
  if (fracDiff.length % 3 !== 0) throw new StructureError(`fourierFeatures: fracDiff has ${fracDiff.length} values, not E×3`);
  const E = fracDiff.length / 3;
  const out = new Float64Array(6 * F * E);
  for (let e = 0; e < E; e++)
    for (let d = 0; d < 3; d++) {
      const x = 2 * Math.PI * fracDiff[3 * e + d]!;
      for (let k = 1; k <= F; k++) {
        out[6 * F * e + d * F + k - 1] = Math.sin(k * x);
        out[6 * F * e + 3 * F + d * F + k - 1] = Math.cos(k * x);
      }
    }
  return out;
}

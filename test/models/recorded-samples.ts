// Comparing sampled crystals with crystals recorded when a checkpoint was shipped.
import { expect } from "vitest";

/** A crystal as plain arrays: species, fractional coordinates, lattice matrix (row-major, Å). */
export type PlainCrystal = { species: number[]; fracCoords: number[]; lattice: number[] };

/** The plain arrays of a crystal. */
export const plainCrystal = (s: { species: ArrayLike<number>; fracCoords: ArrayLike<number>; lattice: { matrix: ArrayLike<number> } }): PlainCrystal => ({
  species: Array.from(s.species), fracCoords: Array.from(s.fracCoords), lattice: Array.from(s.lattice.matrix),
});

/**
 * Asserts the same species and the same coordinates and lattices, each number within 5e-4 · max(1, |recorded|)
 * (relative for lattice entries of several Å). Kernels that round differently from those of the recording (a native
 * backend's summation order; our patched wasm kernels, e.g. the fused Fourier features and Sin/Cos through Math) move
 * the samples by float32 noise that a sampler's hundred steps carry up to ~1.4e-4 here; a wrong model moves them by far more.
 */
export function expectRecordedCrystals(got: readonly PlainCrystal[], want: readonly PlainCrystal[]): void {
  const tolerance = 5e-4;
  expect(got.map((s) => s.species)).toEqual(want.map((s) => s.species));
  got.forEach((s, i) => {
    const a = [...s.fracCoords, ...s.lattice], b = [...want[i]!.fracCoords, ...want[i]!.lattice];
    expect(a.length).toBe(b.length);
    const worst = Math.max(...a.map((v, k) => Math.abs(v - b[k]!) / Math.max(1, Math.abs(b[k]!))));
    expect(worst, `crystal ${i}: largest scaled difference ${worst}`).toBeLessThanOrEqual(tolerance);
  });
}

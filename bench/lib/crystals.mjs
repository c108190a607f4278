// Random crystals for the model benchmarks: the denoiser's work depends on the sizes only (its graph is dense within each crystal).
import { latticeFromMatrix } from "../../dist/crystal/lattice.js";
import { makeStructure } from "../../dist/crystal/structure.js";
import { rng } from "../../dist/util/random.js";

/** `count` crystals of `atoms` random elements at random positions in near-cubic 5 Å cells, from `seed`. */
export function randomCrystals(count, atoms, seed) {
  const r = rng(seed);
  return Array.from({ length: count }, () =>
    makeStructure({
      lattice: latticeFromMatrix(Array.from({ length: 9 }, (_, k) => (k % 4 === 0 ? 5 : 0) + 0.3 * r.normal())),
      species: Array.from({ length: atoms }, () => 1 + r.int(89)),
      fracCoords: Array.from({ length: 3 * atoms }, () => r.next()),
    }),
  );
}

// The floor a CSP model must clear: a cubic cell of the target's volume with random fractional coordinates.
import { latticeFromParameters, latticeVolume } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { type Rng, rng } from "../../util/random.js";

/** k random-coordinate guesses per target: same species, cubic cell of the target's volume (Å³), uniform fractional coordinates. */
export function randomCoordinatesBaseline(targets: readonly Structure[], k = 1, seed = 0): Structure[][] {
  const random: Rng = rng(seed);
  return targets.map((t) => {
    const a = Math.cbrt(latticeVolume(t.lattice));
    return Array.from({ length: k }, () =>
      makeStructure({ lattice: latticeFromParameters(a, a, a, 90, 90, 90), species: t.species, fracCoords: Array.from({ length: 3 * t.species.length }, () => random.next()) }),
    );
  });
}

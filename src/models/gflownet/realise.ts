// A terminal construction made into a crystal with the random-symmetric search's pieces: the sampled lattice
// parameters give the cell's shape, scaled to the search's volume estimate (packing factor × Σ covalent-sphere
// volumes); a random Wyckoff assignment of the composition and random free parameters give the positions; the crystal
// is accepted when no contact is below the search's tolerance and moyo finds exactly the chosen group.
import { gcd } from "../../crystal/composition.js";
import { latticeFromParameters, scaleLatticeToVolume } from "../../crystal/lattice.js";
import { type Structure, withStructure, wrapFracCoords } from "../../crystal/structure.js";
import { reducedStructure } from "../../crystal/reduced-structure.js";
import { fnv1a32 } from "../../util/fnv1a.js";
import { rng } from "../../util/random.js";
import { covalentSphereVolume } from "../random-symmetric/atomic-volume.js";
import { PYXTAL_ATOMIC_TOLERANCE_FACTOR } from "../random-symmetric/contact-ratio.js";
import { cachedAssignments, placeOrbits, symmetryNumber } from "../random-symmetric/random-crystal.js";
import { SEARCH_SYMPREC } from "../random-symmetric/space-group-histogram.js";
import { assignmentLabel } from "../random-symmetric/wyckoff-combinations.js";
import { mixSeed } from "../training/schedule.js";
import type { CrystalEnvironment, CrystalState } from "./environment.js";

/**
 * The crystal of a terminal state, or null when it is a dead end or `attempts` placements all fail. Deterministic:
 * the draws are seeded by `seed` and the state's key, so a state always gives the same crystal. The result is the
 * Niggli-reduced standard primitive cell with properties `spaceGroup`, `wyckoff`, `formulaUnits` and `attempts`.
 */
export function realiseCrystal(env: CrystalEnvironment, state: CrystalState, volumeFactor: number, attempts: number, seed: number): Structure | null {
  if (state.deadEnd || !env.isTerminal(state)) return null;
  const spaceGroup = state.spaceGroup!;
  const counts = env.counts(state);
  const z = gcd(counts.map(([, n]) => n));
  const choices = cachedAssignments(counts.map(([el, n]) => [el, n / z] as const), spaceGroup, z);
  if (choices.length === 0) return null;
  const volume = volumeFactor * counts.reduce((v, [el, n]) => v + n * covalentSphereVolume(el), 0);
  const lattice = scaleLatticeToVolume(latticeFromParameters(...env.latticeParameters(state)), volume);
  const random = rng(mixSeed(seed, fnv1a32(new TextEncoder().encode(env.key(state)))));
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const assignment = choices[random.int(choices.length)]!;
    const conventional = placeOrbits(assignment, spaceGroup, lattice, PYXTAL_ATOMIC_TOLERANCE_FACTOR, random);
    if (!conventional) continue;
    const found = symmetryNumber(conventional, SEARCH_SYMPREC);
    if (found?.number !== spaceGroup) continue;
    const cell = reducedStructure(found.primitive);
    return withStructure(cell, { fracCoords: wrapFracCoords(cell.fracCoords), properties: { spaceGroup, wyckoff: assignmentLabel(assignment), formulaUnits: z, attempts: attempt } });
  }
  return null;
}

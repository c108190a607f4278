// Why a potential cannot evaluate a crystal: the checks every potential shares, with messages that name the culprit.
import { MAX_Z, elementSymbol } from "../../crystal/elements.js";
import { latticeVolume } from "../../crystal/lattice.js";
import { neighbourList } from "../../crystal/neighbours.js";
import type { Structure } from "../../crystal/structure.js";

/** The element symbol of Z, or "Z=…" when Z is outside the periodic table. */
function symbolOf(z: number): string {
  return Number.isInteger(z) && z >= 1 && z <= MAX_Z ? elementSymbol(z) : `Z=${z}`;
}

/** Why the crystal's numbers cannot be used (a non-finite or degenerate lattice, a non-finite coordinate), or null. */
export function nonFiniteRefusal(structure: Structure): string | null {
  if (!structure.lattice.matrix.every(Number.isFinite)) return "the lattice has a non-finite entry";
  const volume = latticeVolume(structure.lattice);
  if (!(volume > 0 && Number.isFinite(volume))) return `the lattice is degenerate (volume ${volume} Å³)`;
  const bad = structure.fracCoords.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return `site ${Math.floor(bad / 3)} (${symbolOf(structure.species[Math.floor(bad / 3)]!)}) has a non-finite fractional coordinate (${structure.fracCoords[bad]})`;
  return null;
}

/**
 * Why a potential that knows `knownElements` (atomic numbers) cannot evaluate `structure`, or null: a non-finite or
 * degenerate lattice, a non-finite coordinate, no sites, a partially occupied site, elements it does not know (named),
 * or two atoms (or an atom and its own periodic image) closer than `minDistance` Å (the closest pair and its distance).
 * @throws RangeError when minDistance is not a finite number ≥ 0.
 */
export function structureRefusal(structure: Structure, knownElements: ReadonlySet<number>, minDistance: number): string | null {
  if (!(minDistance >= 0 && Number.isFinite(minDistance))) throw new RangeError(`structureRefusal: minDistance must be a finite number ≥ 0 Å (got ${minDistance})`);
  const nonFinite = nonFiniteRefusal(structure);
  if (nonFinite !== null) return nonFinite;
  const n = structure.species.length;
  if (n === 0) return "the crystal has no sites";
  const partial = structure.occupancies?.findIndex((o) => o < 1 - 1e-9) ?? -1;
  if (partial >= 0) return `site ${partial} (${symbolOf(structure.species[partial]!)}) is partially occupied (${structure.occupancies![partial]}); the potential needs an ordered crystal`;
  const unknown = [...new Set(structure.species)].filter((z) => !knownElements.has(z)).map(symbolOf);
  if (unknown.length > 0) return `${unknown.length === 1 ? "element" : "elements"} ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not known to the potential`;
  if (minDistance === 0) return null;
  const pairs = neighbourList(structure, minDistance);
  let closest = -1;
  for (let p = 0; p < pairs.distances.length; p++)
    if (pairs.distances[p]! < minDistance && (closest < 0 || pairs.distances[p]! < pairs.distances[closest]!)) closest = p;
  if (closest < 0) return null;
  const i = pairs.centers[closest]!, j = pairs.neighbors[closest]!, d = pairs.distances[closest]!.toFixed(4);
  const site = (k: number) => `site ${k} (${symbolOf(structure.species[k]!)})`;
  return i === j
    ? `${site(i)} is ${d} Å from its own periodic image (closer than ${minDistance} Å)`
    : `${site(Math.min(i, j))} and ${site(Math.max(i, j))} are ${d} Å apart (closer than ${minDistance} Å)`;
}

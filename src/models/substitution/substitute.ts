// One substitution of a parent crystal: some of its species replaced by draws from p(b | a), kept only when SMACT
// finds the new composition charge neutral; positions kept, volume rescaled by the summed atomic volumes.
import { elementSymbol } from "../../crystal/elements.js";
import { latticeVolume, scaleLatticeToVolume } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { smactValidity } from "../../metrics/validity/smact.js";
import { type Rng, shuffled } from "../../util/random.js";
import { summedSphereVolume } from "../random-symmetric/atomic-volume.js";
import { drawWeighted } from "../random-symmetric/space-group-histogram.js";

/** p(b | a) of one element a: candidate elements and their probabilities. */
export type SubstitutionTable = (from: number) => { readonly to: readonly number[]; readonly p: readonly number[] };

/** A substituted crystal and what was replaced (pairs [from Z, to Z]). */
export interface Substitution {
  readonly structure: Structure;
  readonly replaced: readonly (readonly [from: number, to: number])[];
}

/**
 * Replaces k species of `parent` (k uniform in 1 … min(maxSpecies, its number of species), the species chosen
 * uniformly) by draws from `table`, never by an element already in the crystal or already drawn. Returns null when a
 * species has no candidate left or the new composition is not charge neutral by SMACT (default options). Fractional
 * coordinates are the parent's; the lattice is scaled isotropically to V_parent × Σ v(new) / Σ v(old), v the
 * covalent-sphere volume.
 */
export function substitute(parent: Structure, table: SubstitutionTable, maxSpecies: number, random: Rng): Substitution | null {
  const present = [...new Set(parent.species)].sort((a, b) => a - b);
  const k = 1 + random.int(Math.min(maxSpecies, present.length));
  const taken = new Set(present);
  const replaced: [number, number][] = [];
  for (const a of shuffled(present, random).slice(0, k)) {
    const { to, p } = table(a);
    const weights = to.map((z, i) => (taken.has(z) ? 0 : p[i]!));
    if (!weights.some((w) => w > 0)) return null;
    const b = to[drawWeighted(weights, random)]!;
    taken.add(b);
    replaced.push([a, b]);
  }
  const map = new Map(replaced);
  const species = Array.from(parent.species, (z) => map.get(z) ?? z);
  if (!smactValidity(species).valid) return null;
  const volume = (latticeVolume(parent.lattice) * summedSphereVolume(species)) / summedSphereVolume(parent.species);
  const structure = makeStructure({ lattice: scaleLatticeToVolume(parent.lattice, volume), species, fracCoords: parent.fracCoords });
  return { structure, replaced };
}

/** Substitutions as text, e.g. "Na→K Cl→Br". */
export function substitutionLabel(replaced: readonly (readonly [number, number])[]): string {
  return replaced.map(([a, b]) => `${elementSymbol(a)}→${elementSymbol(b)}`).join(" ");
}

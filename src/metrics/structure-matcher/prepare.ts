// The reduced form StructureMatcher compares (metrics-spec §9.1 step 2): Niggli-reduced, then primitive.
// Preparing once and matching many times avoids repeating the reduction for one-against-many comparisons.
import { StructureError } from "../../crystal/errors.js";
import { latticeVolume } from "../../crystal/lattice.js";
import { primitiveCell } from "../../crystal/primitive.js";
import { reducedStructure } from "../../crystal/reduced-structure.js";
import type { Structure } from "../../crystal/structure.js";
import type { MatcherOptions } from "./options.js";

/** A structure reduced for matching (Niggli, then primitive when `primitive` is true), plus its site-species keys. */
export interface PreparedStructure {
  readonly kind: "prepared-for-matching";
  /** The reduced structure (the one pymatgen's StructureMatcher works on). */
  readonly structure: Structure;
  /** Whether the primitive-cell reduction was applied. */
  readonly primitive: boolean;
  /** Per-site species key (equal keys ⇔ pymatgen SpeciesComparator says equal: same element and occupancy). */
  readonly keys: Int32Array;
  /** Fractional composition of the input (element Z → atom fraction), for fit's composition pre-check. */
  readonly fractions: ReadonlyMap<number, number>;
}

/** True when the value is a PreparedStructure. */
export function isPreparedStructure(s: Structure | PreparedStructure): s is PreparedStructure {
  return (s as PreparedStructure).kind === "prepared-for-matching";
}

/** Throws StructureError unless the structure has sites, finite coordinates and a finite non-zero cell volume. */
export function checkMatchableStructure(s: Structure): void {
  const n = s.species?.length ?? 0;
  if (n === 0) throw new StructureError("structure matcher: the structure has no sites");
  if (!s.fracCoords || s.fracCoords.length !== 3 * n)
    throw new StructureError(`structure matcher: ${n} sites but ${s.fracCoords?.length ?? 0} fractional coordinates`);
  const fc = s.fracCoords;
  for (let i = 0; i < fc.length; i++)
    if (!Number.isFinite(fc[i]!)) throw new StructureError(`structure matcher: site ${Math.floor(i / 3)} has a non-finite coordinate`);
  const m = s.lattice?.matrix;
  if (!m) throw new StructureError("structure matcher: the lattice has a non-finite entry");
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i]!)) throw new StructureError("structure matcher: the lattice has a non-finite entry");
  const v = latticeVolume(s.lattice);
  if (!(v > 1e-8)) throw new StructureError(`structure matcher: the cell volume is ${v} Å³ (zero or degenerate)`);
}

/** Atom fractions of the elements of a structure (occupancies included), as pymatgen's fractional_composition. */
function fractionalComposition(s: Structure): Map<number, number> {
  const out = new Map<number, number>();
  const { species, occupancies } = s;
  let total = 0;
  for (let i = 0; i < species.length; i++) {
    const w = occupancies ? occupancies[i]! : 1;
    out.set(species[i]!, (out.get(species[i]!) ?? 0) + w);
    total += w;
  }
  for (const [z, w] of out) out.set(z, w / total);
  return out;
}

/** Species keys: Z for a fully occupied site, Z + 1000·round(occupancy·10⁶) for a partially occupied one. */
function speciesKeys(s: Structure): Int32Array {
  const { species, occupancies } = s;
  const keys = new Int32Array(species.length);
  for (let i = 0; i < keys.length; i++) {
    const occ = occupancies ? occupancies[i]! : 1;
    keys[i] = occ >= 1 ? species[i]! : species[i]! + 1000 * Math.round(occ * 1e6);
  }
  return keys;
}

/**
 * The reduced structure StructureMatcher compares: Niggli reduction (tol 1e-5), then, when `primitiveCell` (default
 * true), pymatgen's primitive-cell search with tolerance 0.25 Å. Throws StructureError on an empty structure,
 * non-finite coordinates or a degenerate cell. A PreparedStructure is returned unchanged.
 */
export function prepareForMatching(s: Structure | PreparedStructure, options: Pick<MatcherOptions, "primitiveCell"> = {}): PreparedStructure {
  const primitive = options.primitiveCell ?? true;
  if (isPreparedStructure(s)) {
    if (s.primitive !== primitive)
      throw new StructureError(`structure matcher: structure was prepared with primitiveCell=${s.primitive}, options ask for ${primitive}`);
    return s;
  }
  checkMatchableStructure(s);
  const niggli = reducedStructure(s);
  const structure = primitive ? primitiveCell(niggli, { tolerance: 0.25 }) : niggli;
  return Object.freeze({
    kind: "prepared-for-matching",
    structure,
    primitive,
    keys: speciesKeys(structure),
    fractions: fractionalComposition(s),
  });
}

// Convex hull of formation energies for any chemical system and energy above hull (metrics-spec §11), via a small LP.
import { CrystalError } from "../../crystal/errors.js";
import { atomicNumber, elementSymbol } from "../../crystal/elements.js";
import { parseFormula } from "../../crystal/formula.js";
import { solveStandardLp } from "./simplex.js";

/** A composition: a formula string ("LiFePO4"), a symbol → amount record, or a Z → amount map. */
export type CompositionLike = string | Readonly<Record<string, number>> | ReadonlyMap<number, number>;

/** A reference (or candidate) entry: composition and total energy per atom (eV/atom). */
export interface HullEntry {
  composition: CompositionLike;
  /** Energy per atom (eV/atom), e.g. DFT or ML-potential total energy with corrections. */
  energyPerAtom: number;
  /** Optional identifier, reported in decompositions. */
  id?: string;
}

/** A reference set indexed by chemical system, ready for hull queries. */
export interface PhaseDiagram {
  /** Entries with parsed atomic fractions (Z → fraction), NaN-energy entries removed. */
  readonly entries: readonly { entry: HullEntry; fractions: ReadonlyMap<number, number>; system: string }[];
  /** Entry indices per chemical system key ("8-26": sorted Z joined by '-'). */
  readonly bySystem: ReadonlyMap<string, readonly number[]>;
}

/** A composition that cannot be placed on the hull (an element without any reference entry containing only it). */
export class PhaseDiagramError extends CrystalError {
  override name = "PhaseDiagramError";
}

/** Element amounts (Z → amount, as given: atoms per cell or per formula unit) of a composition. */
export function compositionAmounts(c: CompositionLike): Map<number, number> {
  if (typeof c === "string") return parseFormula(c);
  if (c instanceof Map) return new Map(c);
  return new Map(Object.entries(c).map(([s, a]) => [atomicNumber(s), a]));
}

/** Atomic fractions (Z → fraction) of a composition; throws on an empty or negative composition. */
export function compositionFractions(c: CompositionLike): Map<number, number> {
  const amounts = compositionAmounts(c);
  const total = [...amounts.values()].reduce((s, a) => s + a, 0);
  if (!(total > 0) || [...amounts.values()].some((a) => a < 0)) throw new PhaseDiagramError(`composition ${JSON.stringify(String(c))} has no positive amount`);
  const out = new Map<number, number>();
  for (const [z, a] of [...amounts].sort((p, q) => p[0] - q[0])) if (a > 0) out.set(z, a / total);
  return out;
}

/** Key of a chemical system in `PhaseDiagram.bySystem`: its atomic numbers ascending, joined by "-" ("8-26"). */
export const systemKey = (zs: Iterable<number>): string => [...zs].sort((a, b) => a - b).join("-");

/** Indexes reference entries by chemical system (entries with a non-finite energy are skipped, as MatterGen does). */
export function buildPhaseDiagram(entries: readonly HullEntry[]): PhaseDiagram {
  const kept: { entry: HullEntry; fractions: Map<number, number>; system: string }[] = [];
  const bySystem = new Map<string, number[]>();
  for (const entry of entries) {
    if (!Number.isFinite(entry.energyPerAtom)) continue;
    const fractions = compositionFractions(entry.composition);
    const system = systemKey(fractions.keys());
    bySystem.set(system, [...(bySystem.get(system) ?? []), kept.length]);
    kept.push({ entry, fractions, system });
  }
  return { entries: kept, bySystem };
}

/** Lowest-energy combination of reference entries at a composition: hull energy (eV/atom) and decomposition. */
export interface HullPoint {
  /** Energy of the convex hull at this composition (eV/atom). */
  energyPerAtom: number;
  /** Entries of the decomposition with their atom fractions (summing to 1). */
  decomposition: { entry: HullEntry; fraction: number }[];
}

/**
 * Convex-hull energy per atom at a composition, using every reference entry of the composition's chemical system and
 * all its sub-systems (pymatgen `PhaseDiagram.get_hull_energy_per_atom`). Throws PhaseDiagramError if some element has
 * no reference at all (pymatgen: missing terminal entries).
 */
export function hullEnergyPerAtom(pd: PhaseDiagram, composition: CompositionLike): HullPoint {
  const target = compositionFractions(composition);
  const zs = [...target.keys()];
  const candidates: number[] = [];
  for (let mask = 1; mask < 1 << zs.length; mask++) {
    const key = systemKey(zs.filter((_, i) => mask & (1 << i)));
    for (const idx of pd.bySystem.get(key) ?? []) candidates.push(idx);
  }
  const rows = zs.map((z) => Float64Array.from(candidates, (k) => pd.entries[k]!.fractions.get(z) ?? 0));
  const cost = Float64Array.from(candidates, (k) => pd.entries[k]!.entry.energyPerAtom);
  const lp = solveStandardLp(rows, zs.map((z) => target.get(z)!), cost);
  if (lp.status !== "optimal")
    throw new PhaseDiagramError(`no reference entries span the composition ${zs.map((z) => elementSymbol(z)).join("-")} (missing terminal/elemental entries?)`);
  const decomposition = candidates.flatMap((k, j) => (lp.x[j]! > 1e-12 ? [{ entry: pd.entries[k]!.entry, fraction: lp.x[j]! }] : []));
  return { energyPerAtom: lp.value, decomposition };
}

/**
 * Energy above the convex hull (eV/atom) of a composition with energy `energyPerAtom` (eV/atom) against the reference
 * phase diagram: E − E_hull(composition). Negative values (below the reference hull) are returned as they are
 * (MatterGen convention); clamp with Math.max(0, …) for pymatgen's default when the entry is part of the reference.
 */
export function energyAboveHull(pd: PhaseDiagram, composition: CompositionLike, energyPerAtom: number): number {
  return energyPerAtom - hullEnergyPerAtom(pd, composition).energyPerAtom;
}

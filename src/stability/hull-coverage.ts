// How well the hull references cover a crystal: which chemical subsystems of its elements have reference entries.
import { elementSymbol } from "../crystal/elements.js";
import { type CompositionLike, type PhaseDiagram, compositionFractions, systemKey } from "../metrics/stability/phase-diagram.js";

/**
 * Coverage of one composition by the reference entries. Subsystems are the subsets of its elements with ≥ 2 elements
 * (the full system included); elements are always covered (0 eV/atom) and not counted.
 */
export interface HullCoverage {
  /** Chemical system as pymatgen writes it: element symbols in alphabetical order joined by "-" ("Fe-Li-O"). */
  readonly chemicalSystem: string;
  /** Number of subsystems with ≥ 2 elements (2ᵏ − k − 1 for k elements). */
  readonly subsystems: number;
  /** Subsystems with at least one reference entry of exactly those elements. */
  readonly covered: number;
  /** covered / subsystems (1 for a single element). */
  readonly coveredFraction: number;
  /** Subsystems without any reference entry, smallest first, as chemical systems ("Fe-Li"). */
  readonly missing: readonly string[];
  /**
   * True when the full chemical system (≥ 2 elements) has no reference entry: its energy above hull is then measured
   * against elements and lower-order systems only.
   */
  readonly uncovered: boolean;
}

/** Chemical system (pymatgen `chemical_system`) of atomic numbers. */
const chemicalSystem = (zs: readonly number[]) => zs.map(elementSymbol).sort().join("-");

/**
 * Which chemical subsystems of a composition have reference entries in the phase diagram.
 * @throws PhaseDiagramError for an empty composition; FormulaError / UnknownElementError for a bad formula or symbol.
 */
export function hullCoverage(pd: PhaseDiagram, composition: CompositionLike): HullCoverage {
  const zs = [...compositionFractions(composition).keys()];
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << zs.length; mask++) {
    const subset = zs.filter((_, i) => mask & (1 << i));
    if (subset.length >= 2) subsets.push(subset);
  }
  const missing = subsets.filter((s) => !pd.bySystem.get(systemKey(s))?.length);
  const names = missing.map((s) => ({ size: s.length, name: chemicalSystem(s) }));
  names.sort((a, b) => a.size - b.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    chemicalSystem: chemicalSystem(zs),
    subsystems: subsets.length,
    covered: subsets.length - missing.length,
    coveredFraction: subsets.length ? (subsets.length - missing.length) / subsets.length : 1,
    missing: names.map((m) => m.name),
    uncovered: missing.some((s) => s.length === zs.length),
  };
}

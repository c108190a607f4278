// Where one crystal sits relative to the reference hull, whatever its number of elements: the hull energy at its
// composition, its energy above the hull and the reference phases it would decompose into.
import { reducedFormula } from "../crystal/composition.js";
import { type CompositionLike, type PhaseDiagram, compositionAmounts, hullEnergyPerAtom } from "../metrics/stability/phase-diagram.js";

/** One reference phase of a decomposition. */
export interface DecompositionPhase {
  /** The reference entry's id ("" when it has none). */
  readonly id: string;
  readonly formula: string;
  /** Share of the atoms (0–1; the shares of a decomposition sum to 1). */
  readonly fraction: number;
  /** Its formation energy per atom (eV/atom). */
  readonly energyPerAtom: number;
}

/** A crystal placed against the hull. */
export interface HullPlacement {
  readonly formula: string;
  /** The crystal's formation energy per atom (eV/atom). */
  readonly energyPerAtom: number;
  /** Energy of the hull at its composition (eV/atom). */
  readonly hullEnergyPerAtom: number;
  /** energyPerAtom − hullEnergyPerAtom (eV/atom; negative below the reference hull). */
  readonly eAboveHull: number;
  /** The reference phases whose mixture is the hull at this composition, largest share first. */
  readonly decomposition: readonly DecompositionPhase[];
}

/** Reduced formula (pymatgen rules) of a composition. */
export function compositionFormula(c: CompositionLike): string {
  const amounts = compositionAmounts(c);
  const zs = [...amounts.keys()].filter((z) => amounts.get(z)! > 0);
  return reducedFormula(zs, zs.map((z) => amounts.get(z)!));
}

/**
 * The hull energy (eV/atom) at a composition, the energy above the hull of a crystal of that composition with
 * formation energy `energyPerAtom` (eV/atom) and the decomposition into reference phases (pymatgen
 * `PhaseDiagram.get_decomp_and_e_above_hull(…, allow_negative=True)`).
 * @throws PhaseDiagramError when an element of the composition has no reference entry.
 */
export function hullPlacement(pd: PhaseDiagram, composition: CompositionLike, energyPerAtom: number): HullPlacement {
  const hull = hullEnergyPerAtom(pd, composition);
  return {
    formula: compositionFormula(composition),
    energyPerAtom,
    hullEnergyPerAtom: hull.energyPerAtom,
    eAboveHull: energyPerAtom - hull.energyPerAtom,
    decomposition: hull.decomposition
      .map((d) => ({ id: d.entry.id ?? "", formula: compositionFormula(d.entry.composition), fraction: d.fraction, energyPerAtom: d.entry.energyPerAtom }))
      .sort((a, b) => b.fraction - a.fraction),
  };
}

// One random symmetric crystal (AIRSS / pyxtal style): a Wyckoff assignment, uniform free parameters, a random lattice
// of the crystal system at the estimated volume; rejected when atoms come too close or the symmetry found differs.
import { composition, reducedComposition, reducedFormula } from "../../crystal/composition.js";
import { reducedStructure } from "../../crystal/reduced-structure.js";
import { type Structure, withStructure, wrapFracCoords } from "../../crystal/structure.js";
import type { Lattice } from "../../crystal/lattice.js";
import { SymmetryError, type WyckoffSite, analyzeSymmetry, spaceGroupInfo, structureFromWyckoff } from "../../crystal/symmetry/index.js";
import type { Rng } from "../../util/random.js";
import { SearchExhaustedError } from "./attempts.js";
import { covalentSphereVolume } from "./atomic-volume.js";
import { minimumContactRatio } from "./contact-ratio.js";
import { randomConventionalLattice } from "./random-lattice.js";
import { type WyckoffAssignment, assignmentLabel, scaledCounts, wyckoffAssignments } from "./wyckoff-combinations.js";

/** A reduced formula as (atomic number, count) pairs, ascending Z. */
export type FormulaCounts = readonly (readonly [z: number, count: number])[];

/** How the search accepts a crystal. */
export interface RandomCrystalSettings {
  /** Candidates drawn per crystal before giving up (SearchExhaustedError). */
  readonly maxAttempts: number;
  /** Smallest accepted distance / (sum of covalent radii) of any two sites (dimensionless). */
  readonly minContactRatio: number;
  /** Cell volume / summed covalent-sphere volume (dimensionless). */
  readonly volumeFactor: number;
  /** Tolerance (Å) at which the generated crystal must show exactly the requested space group. */
  readonly symprec: number;
}

/** Draws of one orbit's free parameters before the attempt is abandoned (pyxtal's max3 = 10, pyxtal/constants.py). */
const PLACEMENTS_PER_ORBIT = 10;

/** Wyckoff assignments searched per formula-unit count (drawn uniformly among them). */
const ASSIGNMENTS_PER_FORMULA_UNITS = 1000;

/** The reduced formula of species as (Z, count) pairs. */
export function formulaCounts(species: ArrayLike<number>): FormulaCounts {
  const c = reducedComposition(composition(species));
  return c.elements.map((z, i) => [z, c.amounts[i]!] as const);
}

/**
 * A random crystal of `formula` in space group `spaceGroup`: each attempt draws, among the feasible formula-unit
 * counts `formulaUnits` (ascending; the budget is split evenly, smallest first), a Wyckoff assignment, free parameters
 * uniform in [0, 1) orbit by orbit (see placeOrbits), and a random lattice of volume volumeFactor × Σ covalent-sphere
 * volumes; it is accepted when every orbit keeps its multiplicity, the minimum contact ratio is at least
 * `minContactRatio`, and moyo finds exactly `spaceGroup` at `symprec`. Returns the Niggli-reduced standard primitive cell with properties `attempts`,
 * `spaceGroup`, `formulaUnits` and `wyckoff` (e.g. "Na:4a Cl:4b").
 * @throws SearchExhaustedError naming formula and group after maxAttempts attempts
 */
export function randomSymmetricCrystal(formula: FormulaCounts, spaceGroup: number, formulaUnits: readonly number[], settings: RandomCrystalSettings, random: Rng): Structure {
  const system = spaceGroupInfo(spaceGroup).crystalSystem;
  const stage = Math.ceil(settings.maxAttempts / formulaUnits.length);
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    const z = formulaUnits[Math.min(Math.floor((attempt - 1) / stage), formulaUnits.length - 1)]!;
    const choices = cachedAssignments(formula, spaceGroup, z);
    const assignment = choices[random.int(choices.length)]!;
    const volume = settings.volumeFactor * assignment.reduce((v, s) => v + s.multiplicity * covalentSphereVolume(s.element), 0);
    const conventional = placeOrbits(assignment, spaceGroup, randomConventionalLattice(system, volume, random), settings.minContactRatio, random);
    if (!conventional) continue;
    const found = symmetryNumber(conventional, settings.symprec);
    if (found?.number !== spaceGroup) continue;
    const cell = reducedStructure(found.primitive);
    return withStructure(cell, {
      fracCoords: wrapFracCoords(cell.fracCoords),
      properties: { attempts: attempt, spaceGroup, formulaUnits: z, wyckoff: assignmentLabel(assignment) },
    });
  }
  throw new SearchExhaustedError(
    `${reducedFormula(formula.flatMap(([z, n]) => new Array<number>(n).fill(z)))} in space group ${spaceGroup} (${spaceGroupInfo(spaceGroup).hmShort})`,
    settings.maxAttempts,
    "raise maxAttempts, lower minContactRatio or choose another space group",
  );
}

/**
 * The conventional cell with the assignment's orbits placed one after another, as pyxtal does: each orbit's free
 * parameters are drawn (up to PLACEMENTS_PER_ORBIT times) until the orbit keeps its multiplicity and every contact so
 * far is at least `minContactRatio`; null when an orbit cannot be placed.
 */
export function placeOrbits(assignment: WyckoffAssignment, spaceGroup: number, lattice: Lattice, minContactRatio: number, random: Rng): Structure | null {
  const sites: WyckoffSite[] = [];
  let placed: Structure | null = null;
  let atoms = 0;
  for (const slot of assignment) {
    let ok = false;
    for (let t = 0; t < PLACEMENTS_PER_ORBIT && !ok; t++) {
      const site = { element: slot.element, wyckoff: slot.letter, params: [random.next(), random.next(), random.next()] };
      const trial = structureFromWyckoff({ spaceGroup, lattice, sites: [...sites, site] });
      ok = trial.species.length === atoms + slot.multiplicity && minimumContactRatio(trial) >= minContactRatio;
      if (ok) {
        placed = trial;
        atoms += slot.multiplicity;
        sites.push(site);
      }
    }
    if (!ok) return null;
  }
  return placed;
}

/** The space group moyo finds and the standard primitive cell, or null when moyo rejects the cell. */
export function symmetryNumber(s: Structure, symprec: number): { number: number; primitive: Structure } | null {
  try {
    const d = analyzeSymmetry(s, { symprec });
    return { number: d.number, primitive: d.primStdCell };
  } catch (e) {
    if (e instanceof SymmetryError) return null;
    throw e;
  }
}

const assignmentCache = new Map<string, WyckoffAssignment[]>();

/** Up to 1000 Wyckoff assignments of `formulaUnits` × `formula` in the space group, computed once per process (cache of 10 000 keys). */
export function cachedAssignments(formula: FormulaCounts, spaceGroup: number, formulaUnits: number): WyckoffAssignment[] {
  const key = `${spaceGroup}|${formulaUnits}|${formula.join(";")}`;
  let a = assignmentCache.get(key);
  if (!a) {
    if (assignmentCache.size > 10_000) assignmentCache.clear();
    assignmentCache.set(key, (a = wyckoffAssignments(scaledCounts(formula, formulaUnits), spaceGroup, ASSIGNMENTS_PER_FORMULA_UNITS)));
  }
  return a;
}

import { callMoyo } from "./moyo-bridge.js";
import { operationFromMoyo } from "./analyze.js";
import { SymmetryError } from "./errors.js";
import type { SpaceGroupInfo, SymmetryOperation, SymmetrySetting, WyckoffPosition } from "./types.js";

function checkNumber(number: number): void {
  if (!Number.isInteger(number) || number < 1 || number > 230)
    throw new SymmetryError(`space group ${number} does not exist (expected an ITA number 1–230)`);
}

function checkHall(hallNumber: number): void {
  if (!Number.isInteger(hallNumber) || hallNumber < 1 || hallNumber > 530)
    throw new SymmetryError(`Hall number ${hallNumber} does not exist (expected 1–530)`);
}

/** Symbol, crystal system, point group and settings (Hall numbers) of ITA space group `number` (1–230). */
export function spaceGroupInfo(number: number): SpaceGroupInfo {
  checkNumber(number);
  const t = callMoyo(`space group ${number}`, (m) => m.space_group_type(number));
  const halls = callMoyo(`space group ${number}`, (m) => m.hall_symbol_entries_from_number(number));
  return {
    number,
    hmShort: t.hm_short,
    hmFull: t.hm_full,
    crystalSystem: t.crystal_system,
    latticeSystem: t.lattice_system,
    bravaisClass: t.bravais_class,
    pointGroup: t.geometric_crystal_class,
    hallNumber: t.hall_number,
    hallNumbers: halls.map((h) => h.hall_number),
  };
}

/** Wyckoff positions of a setting (Hall number 1–530), general position first, then by decreasing multiplicity. */
export function wyckoffPositions(hallNumber: number): WyckoffPosition[] {
  checkHall(hallNumber);
  return callMoyo(`Wyckoff positions of Hall number ${hallNumber}`, (m) => m.wyckoff_positions(hallNumber)).map((w) => ({
    letter: w.letter,
    multiplicity: w.multiplicity,
    siteSymmetry: w.site_symmetry,
    coordinates: w.coordinates,
  }));
}

/**
 * Operations of space group `number` in its ITA standard setting (the setting of `spaceGroupInfo(number).hallNumber`),
 * or in spglib's default setting with `setting: "Spglib"` (origin choice 1, the setting writeCif's symmetrised CIFs use),
 * in conventional-cell fractional coordinates with centring translations included; `primitive: true` gives only the
 * coset representatives (no centring translations).
 */
export function spaceGroupOperations(number: number, options: { primitive?: boolean; setting?: SymmetrySetting } = {}): SymmetryOperation[] {
  checkNumber(number);
  return callMoyo(`operations of space group ${number}`, (m) => m.operations_from_number(number, { type: options.setting ?? "Standard" }, options.primitive ?? false)).map(
    operationFromMoyo,
  );
}

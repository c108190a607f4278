// The formation-energy model of the commands that predict formation energies (xtal energy --model eform, stability,
// metrics --stability): M3GNet-MP-2018.6.1-Eform, optionally shifted onto the datasets' energy reference.
import { loadM3gnetFormationEnergy } from "../models/index.js";
import { type FormationEnergyModel, readElementShift, shiftedFormationEnergy } from "../stability/index.js";

/** --eform-shift FILE: subtract a fitted per-element shift (data/potentials/eform-element-shift.json) from predictions. */
export const EFORM_FLAGS = { "eform-shift": { type: "string" } } as const;

/** Usage lines of EFORM_FLAGS. */
export const EFORM_USAGE = [
  "  --eform-shift F  subtract the per-element shift in F from predicted formation energies (data/potentials/",
  "                 eform-element-shift.json puts M3GNet's MP-2018 energies on the datasets' MP2020-corrected scale)",
];

/**
 * The shipped M3GNet formation-energy model, shifted when --eform-shift is given.
 * @throws ElementShiftFileError for an unreadable or malformed shift file (exit 2)
 */
export function formationEnergyModelOf(flags: { "eform-shift"?: string | undefined }, options: { atomsPerBatch?: number } = {}): FormationEnergyModel {
  const model = loadM3gnetFormationEnergy(undefined, options);
  const file = flags["eform-shift"];
  return file ? shiftedFormationEnergy(model, readElementShift(file), "element shift") : model;
}

// A per-element correction of predicted formation energies onto another energy reference. A model trained on one
// release of a database (M3GNet-MP-2018.6.1-Eform: MP 2018 energies with the legacy corrections) is off by a shift
// that is linear in composition when the reference data use other corrections (the datasets here carry the MP2020
// scheme's per-anion terms). The shift is fitted by ridge regression of the residuals on atom fractions, with λ chosen
// on a held-out split: E' = E − (offset + Σ_e shift_e · x_e), x_e the atom fraction of element e.
import { readFileSync } from "node:fs";
import { CrystalError } from "../crystal/errors.js";
import { atomicNumber, element } from "../crystal/elements.js";
import type { Structure } from "../crystal/structure.js";
import { type Design, ridgeFit } from "../util/ridge.js";
import type { FormationEnergyModel } from "./potential.js";

/** A fitted composition-linear shift of formation energies (eV/atom), with how it was chosen. */
export interface ElementShift {
  /** The formation-energy model it corrects, e.g. "m3gnet-mp-2018.6.1-eform". */
  readonly model: string;
  /** Constant part (eV/atom). */
  readonly offset: number;
  /** Per element symbol: eV per atom at atom fraction 1 (elements absent from the fit data have none, i.e. 0). */
  readonly shifts: Readonly<Record<string, number>>;
  /** The chosen ridge penalty. */
  readonly lambda: number;
}

/** One crystal of the fit: its species and its residual, predicted minus reference formation energy (eV/atom). */
export interface ShiftSample {
  readonly species: ArrayLike<number>;
  readonly residual: number;
}

/** A shift file that cannot be read or lacks a field. */
export class ElementShiftFileError extends CrystalError {
  override name = "ElementShiftFileError";
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** The elements present in the samples (sorted atomic numbers) and the atom-fraction design matrix over them. */
function fractionDesign(samples: readonly ShiftSample[], elements?: readonly number[]): { elements: number[]; design: Design } {
  const zs = elements ? [...elements] : [...new Set(samples.flatMap((s) => Array.from(s.species)))].sort((a, b) => a - b);
  const column = new Map(zs.map((z, j) => [z, j]));
  const d = zs.length;
  const x = new Float64Array(samples.length * d);
  samples.forEach((s, i) => {
    for (let k = 0; k < s.species.length; k++) {
      const j = column.get(s.species[k]!);
      if (j !== undefined) x[i * d + j]! += 1 / s.species.length;
    }
  });
  return { elements: zs, design: { x, n: samples.length, d } };
}

/** Ridge fit of the residuals on atom fractions with penalty λ (see the file comment). */
export function fitElementShift(samples: readonly ShiftSample[], lambda: number, model: string): ElementShift {
  const { elements, design } = fractionDesign(samples);
  const fit = ridgeFit(design, samples.map((s) => s.residual), lambda);
  const shifts: Record<string, number> = {};
  elements.forEach((z, j) => (shifts[element(z).symbol] = fit.weights[j]!));
  return { model, offset: fit.intercept, shifts, lambda };
}

/** The shift (eV/atom) of a crystal with these species: offset + Σ_e shift_e · x_e. */
export function elementShiftOf(shift: ElementShift, species: ArrayLike<number>): number {
  let s = shift.offset;
  for (let k = 0; k < species.length; k++) s += (shift.shifts[element(species[k]!).symbol] ?? 0) / species.length;
  return s;
}

/** Mean absolute residual after subtracting the shift (eV/atom). */
export function shiftedMae(shift: ElementShift, samples: readonly ShiftSample[]): number {
  let sum = 0;
  for (const s of samples) sum += Math.abs(s.residual - elementShiftOf(shift, s.species));
  return samples.length ? sum / samples.length : NaN;
}

/**
 * Fits a shift on `fit` for each λ of the grid and keeps the one with the smallest MAE on `select`; returns it with the
 * select MAE of every λ and the select MAE without a shift.
 */
export function chooseElementShift(fit: readonly ShiftSample[], select: readonly ShiftSample[], grid: readonly number[], model: string): { shift: ElementShift; selectMae: { lambda: number; mae: number }[]; unshiftedSelectMae: number } {
  const candidates = grid.map((lambda) => fitElementShift(fit, lambda, model));
  const selectMae = candidates.map((c) => ({ lambda: c.lambda, mae: shiftedMae(c, select) }));
  const best = selectMae.reduce((a, b) => (b.mae < a.mae ? b : a));
  const unshiftedSelectMae = select.reduce((a, s) => a + Math.abs(s.residual), 0) / select.length;
  return { shift: candidates[selectMae.indexOf(best)]!, selectMae, unshiftedSelectMae };
}

/** A formation-energy model with the shift subtracted from every prediction (named "<model> + <label>"). */
export function shiftedFormationEnergy(model: FormationEnergyModel, shift: ElementShift, label = "element shift"): FormationEnergyModel {
  return {
    name: `${model.name} + ${label}`,
    refusal: (s: Structure) => model.refusal(s),
    predict: async (structures: readonly Structure[]) => {
      const e = await model.predict(structures);
      return e.map((v, i) => v - elementShiftOf(shift, structures[i]!.species));
    },
  };
}

/**
 * Reads a shift written by `scripts/fit-eform-shift.mjs` (the JSON object's `shift` field).
 * @throws ElementShiftFileError naming the file and the missing or bad field
 */
export function readElementShift(file: string): ElementShift {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ElementShiftFileError(file, `cannot read a JSON shift file (${e instanceof Error ? e.message : String(e)})`);
  }
  const s = (raw as { shift?: unknown }).shift as Partial<ElementShift> | undefined;
  if (!s || typeof s !== "object") throw new ElementShiftFileError(file, 'no "shift" object');
  if (typeof s.model !== "string") throw new ElementShiftFileError(file, 'shift.model must be the name of the model it corrects');
  if (!Number.isFinite(s.offset)) throw new ElementShiftFileError(file, "shift.offset must be a finite number (eV/atom)");
  if (!Number.isFinite(s.lambda)) throw new ElementShiftFileError(file, "shift.lambda must be a finite number");
  if (!s.shifts || typeof s.shifts !== "object") throw new ElementShiftFileError(file, "shift.shifts must map element symbols to eV/atom");
  for (const [symbol, v] of Object.entries(s.shifts)) {
    try {
      atomicNumber(symbol);
    } catch {
      throw new ElementShiftFileError(file, `shift.shifts: "${symbol}" is not an element symbol`);
    }
    if (!Number.isFinite(v)) throw new ElementShiftFileError(file, `shift.shifts.${symbol} must be a finite number (eV/atom)`);
  }
  return s as ElementShift;
}

// How far predictions of a scalar property are from reference values (e.g. ML formation energies against DFT): MAE with
// its 95 % interval, RMSE, median and mean signed error over the pairs where both numbers are finite, and the mean
// signed error of the crystals containing each element (where a model, or a change of data version, is biased).
import { elementSymbol } from "../crystal/elements.js";
import type { Structure } from "../crystal/structure.js";
import { meanInterval } from "./intervals.js";

/** Errors of predictions against references, in their unit (e.g. eV/atom). */
export interface PredictionErrors {
  /** Pairs with both values finite (the ones measured). */
  readonly n: number;
  /** Pairs left out because a value is missing or not finite. */
  readonly dropped: number;
  /** Mean absolute error. */
  readonly mae: number;
  /** Normal 95 % interval of the MAE. */
  readonly maeCi95: readonly [number, number];
  /** Root-mean-square error. */
  readonly rmse: number;
  readonly medianAbsoluteError: number;
  /** Mean of predicted − reference (positive: predictions too high). */
  readonly meanError: number;
}

/** Mean signed and absolute error (predicted − reference) over the crystals that contain one element. */
export interface ElementBias {
  readonly element: string;
  /** Crystals containing the element (with both values finite). */
  readonly n: number;
  readonly meanSignedError: number;
  readonly meanAbsoluteError: number;
}

const mean = (v: readonly number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);
const finitePair = (p: number | null | undefined, r: number | null | undefined): p is number =>
  typeof p === "number" && typeof r === "number" && Number.isFinite(p) && Number.isFinite(r);

/**
 * MAE (with a normal 95 % interval), RMSE, median absolute and mean signed error of `predicted` against `reference`,
 * pair by pair over the pairs where both are finite numbers (NaN when there is none).
 * @throws RangeError when the two lists differ in length.
 */
export function predictionErrors(predicted: ArrayLike<number | null>, reference: ArrayLike<number | null>): PredictionErrors {
  if (predicted.length !== reference.length) throw new RangeError(`predictionErrors: ${predicted.length} predictions for ${reference.length} reference values`);
  const errors: number[] = [];
  for (let i = 0; i < predicted.length; i++) if (finitePair(predicted[i], reference[i])) errors.push(predicted[i]! - reference[i]!);
  const abs = errors.map(Math.abs);
  const sorted = [...abs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    n: errors.length, dropped: predicted.length - errors.length, mae: mean(abs), maeCi95: meanInterval(abs), rmse: Math.sqrt(mean(errors.map((e) => e * e))),
    medianAbsoluteError: sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    meanError: mean(errors),
  };
}

/**
 * Per element with at least `minCrystals` crystals (finite pairs only): the mean signed and absolute error of the crystals
 * containing it, each crystal counted once per element; largest |mean signed error| first.
 * @throws RangeError when the lists differ in length from the structures.
 */
export function elementBias(structures: readonly Structure[], predicted: ArrayLike<number | null>, reference: ArrayLike<number | null>, minCrystals = 20): ElementBias[] {
  if (predicted.length !== structures.length || reference.length !== structures.length)
    throw new RangeError(`elementBias: ${structures.length} crystals, ${predicted.length} predictions, ${reference.length} references`);
  const perElement = new Map<number, number[]>();
  structures.forEach((s, i) => {
    if (!finitePair(predicted[i], reference[i])) return;
    const e = predicted[i]! - reference[i]!;
    for (const z of new Set(s.species)) perElement.set(z, [...(perElement.get(z) ?? []), e]);
  });
  return [...perElement]
    .filter(([, e]) => e.length >= minCrystals)
    .map(([z, e]) => ({ element: elementSymbol(z), n: e.length, meanSignedError: mean(e), meanAbsoluteError: mean(e.map(Math.abs)) }))
    .sort((a, b) => Math.abs(b.meanSignedError) - Math.abs(a.meanSignedError));
}

// How far a model's predictions are from reference values (e.g. ML formation energies against DFT): MAE with its 95 %
// interval, RMSE and the mean signed error, over the pairs where both numbers are finite.
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
  /** Mean of predicted − reference (positive: predictions too high). */
  readonly meanError: number;
}

/**
 * MAE (with a normal 95 % interval), RMSE and mean signed error of `predicted` against `reference`, pair by pair over
 * the pairs where both are finite numbers (NaN for all three when there is none).
 * @throws RangeError when the two lists differ in length.
 */
export function predictionErrors(predicted: ArrayLike<number | null>, reference: ArrayLike<number | null>): PredictionErrors {
  if (predicted.length !== reference.length) throw new RangeError(`predictionErrors: ${predicted.length} predictions for ${reference.length} reference values`);
  const errors: number[] = [];
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i], r = reference[i];
    if (typeof p === "number" && typeof r === "number" && Number.isFinite(p) && Number.isFinite(r)) errors.push(p - r);
  }
  const n = errors.length;
  const abs = errors.map(Math.abs);
  const mean = (v: readonly number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN);
  return { n, dropped: predicted.length - n, mae: mean(abs), maeCi95: meanInterval(abs), rmse: Math.sqrt(mean(errors.map((e) => e * e))), meanError: mean(errors) };
}

// How far predictions of a scalar property are from reference values: MAE with its 95 % interval, RMSE, median absolute
// error, and the mean signed error of the crystals containing each element (where a model or a data version is biased).
import { elementSymbol } from "../crystal/elements.js";
import type { Structure } from "../crystal/structure.js";
import { meanInterval } from "./intervals.js";

/** Mean signed error (prediction − reference) over the crystals that contain one element. */
export interface ElementBias {
  readonly element: string;
  /** Crystals containing the element. */
  readonly n: number;
  readonly meanSignedError: number;
  readonly meanAbsoluteError: number;
}

/** Error statistics of paired predictions and references (units of the property). */
export interface PredictionErrors {
  readonly n: number;
  readonly mae: number;
  /** Normal 95 % interval of the MAE. */
  readonly maeCi95: readonly [number, number];
  readonly rmse: number;
  readonly medianAbsoluteError: number;
  readonly meanSignedError: number;
  /** Per element with at least `minCrystals` crystals, largest |mean signed error| first. */
  readonly byElement: readonly ElementBias[];
}

/**
 * Errors of `predicted` against `reference` (same order; pairs where either is not finite are left out and not counted),
 * with the per-element bias over the crystals' elements.
 * @throws RangeError when the arrays differ in length from the structures.
 */
export function predictionErrors(structures: readonly Structure[], predicted: ArrayLike<number>, reference: ArrayLike<number>, minCrystals = 20): PredictionErrors {
  if (predicted.length !== structures.length || reference.length !== structures.length)
    throw new RangeError(`predictionErrors: ${structures.length} crystals, ${predicted.length} predictions, ${reference.length} references`);
  const kept = structures.flatMap((s, i) => (Number.isFinite(predicted[i]!) && Number.isFinite(reference[i]!) ? [{ s, e: predicted[i]! - reference[i]! }] : []));
  const absolute = kept.map((k) => Math.abs(k.e));
  const sorted = [...absolute].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const perElement = new Map<number, number[]>();
  for (const { s, e } of kept) for (const z of new Set(s.species)) perElement.set(z, [...(perElement.get(z) ?? []), e]);
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const byElement = [...perElement]
    .filter(([, e]) => e.length >= minCrystals)
    .map(([z, e]) => ({ element: elementSymbol(z), n: e.length, meanSignedError: mean(e), meanAbsoluteError: mean(e.map(Math.abs)) }))
    .sort((a, b) => Math.abs(b.meanSignedError) - Math.abs(a.meanSignedError));
  return {
    n: kept.length,
    mae: mean(absolute),
    maeCi95: meanInterval(absolute),
    rmse: Math.sqrt(mean(kept.map((k) => k.e * k.e))),
    medianAbsoluteError: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    meanSignedError: mean(kept.map((k) => k.e)),
    byElement,
  };
}

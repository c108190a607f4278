// A property predictor applied to crystals it may not cover (generated samples, a reference split): crystals outside its
// domain (too many atoms, an element it never saw) get NaN and are counted, instead of stopping the evaluation; the
// predictions are attached as properties so the metric suite can compare them (CDVAE's property W1 predicts both sides).
import { type Structure, makeStructure } from "../../crystal/structure.js";
import type { MetricRow } from "../../metrics/evaluate.js";
import { meanInterval } from "../../metrics/intervals.js";
import type { PropertyPredictor } from "../types.js";

/** Predictions over a list of crystals, NaN where the predictor does not apply. */
export interface PredictedProperty {
  /** The predicted column, e.g. "heat_ref". */
  readonly property: string;
  /** Predicted value per crystal (the property's unit; NaN outside the predictor's domain). */
  readonly values: Float64Array;
  /** Ensemble standard deviation per crystal (NaN outside the domain). */
  readonly stds: Float64Array;
  /** Indices of the crystals outside the domain. */
  readonly outOfDomain: readonly number[];
}

/** Why the predictor cannot take a crystal (too many atoms, an unseen element), or null when it can. */
function outsideDomain(predictor: PropertyPredictor, s: Structure): string | null {
  const { maxAtoms, elements } = predictor.config;
  if (s.species.length > maxAtoms) return "too many atoms";
  if (elements && Array.from(s.species).some((z) => !elements.includes(z))) return "unseen element";
  return null;
}

/** Predicts the property of every crystal the predictor covers; the rest get NaN and are listed in `outOfDomain`. */
export async function predictProperty(
  predictor: PropertyPredictor, structures: readonly Structure[], options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PredictedProperty> {
  const inside: number[] = [];
  const outOfDomain: number[] = [];
  structures.forEach((s, i) => (outsideDomain(predictor, s) === null ? inside : outOfDomain).push(i));
  const values = new Float64Array(structures.length).fill(NaN);
  const stds = new Float64Array(structures.length).fill(NaN);
  const predictions = inside.length ? await predictor.predict(inside.map((i) => structures[i]!), options) : [];
  inside.forEach((i, k) => {
    values[i] = predictions[k]!.value;
    stds[i] = predictions[k]!.std;
  });
  return { property: predictor.property, values, stds, outOfDomain };
}

/** The predictions of the crystals at `indices` (in that order), as if predicted on those crystals alone. */
export function predictionSubset(predicted: PredictedProperty, indices: readonly number[]): PredictedProperty {
  const at = new Map(indices.map((i, k) => [i, k]));
  return {
    property: predicted.property,
    values: Float64Array.from(indices, (i) => predicted.values[i]!),
    stds: Float64Array.from(indices, (i) => predicted.stds[i]!),
    outOfDomain: predicted.outOfDomain.filter((i) => at.has(i)).map((i) => at.get(i)!),
  };
}

/** The column name under which predictions are attached: `predicted_<property>`. */
export function predictedColumn(property: string): string {
  return `predicted_${property}`;
}

/** The crystals with their prediction (and its std) added as properties `predicted_<p>` and `predicted_<p>_std`. */
export function withPredictedProperty(structures: readonly Structure[], predicted: PredictedProperty): Structure[] {
  const column = predictedColumn(predicted.property);
  return structures.map((s, i) => makeStructure({ ...s, properties: { ...s.properties, [column]: predicted.values[i]!, [`${column}_std`]: predicted.stds[i]! } }));
}

/** Generated and reference crystals with predictions attached (for the property W1), and the generated side's predictions. */
export interface PredictedSides {
  /** `predicted_<property>`: the property name to hand to the metric suite. */
  readonly column: string;
  readonly generated: Structure[];
  readonly reference: Structure[];
  readonly onGenerated: PredictedProperty;
}

/**
 * Predicts the property of both sides in one pass and attaches it: CDVAE's property W1 (`get_prop_wdist` in its
 * compute_metrics.py) compares predictions of the generated crystals with predictions of the reference crystals.
 */
export async function predictBothSides(
  predictor: PropertyPredictor, generated: readonly Structure[], reference: readonly Structure[], onProgress?: (done: number, total: number) => void,
): Promise<PredictedSides> {
  const all = await predictProperty(predictor, [...generated, ...reference], onProgress ? { onProgress } : {});
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
  const onGenerated = predictionSubset(all, range(0, generated.length));
  return {
    column: predictedColumn(predictor.property),
    generated: withPredictedProperty(generated, onGenerated),
    reference: withPredictedProperty(reference, predictionSubset(all, range(generated.length, all.values.length))),
    onGenerated,
  };
}

/**
 * Summary rows of predictions over samples: `predicted_<p>_mean` (with its 95 % interval), `_median` and `_std_mean`
 * (the mean ensemble uncertainty), over the crystals inside the predictor's domain.
 */
export function predictedPropertyRows(predicted: PredictedProperty, what: string): MetricRow[] {
  const column = predictedColumn(predicted.property);
  const inside = [...predicted.values.keys()].filter((i) => Number.isFinite(predicted.values[i]!));
  const values = inside.map((i) => predicted.values[i]!);
  const stds = inside.map((i) => predicted.stds[i]!);
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length ? (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2 : NaN;
  const [lo, hi] = meanInterval(values);
  const where = `${what}; ${predicted.outOfDomain.length} outside the predictor's domain left out`;
  return [
    { metric: `${column}_mean`, value: mean(values), notes: `property predictor over ${where}`, n: values.length, ci95_low: lo, ci95_high: hi },
    { metric: `${column}_median`, value: median, notes: where, n: values.length },
    { metric: `${column}_std_mean`, value: mean(stds), notes: `mean ensemble std (uncertainty of one prediction) over ${where}`, n: values.length },
  ];
}

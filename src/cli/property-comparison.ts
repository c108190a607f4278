// Comparing predicted values of crystals with a reference column of their CSV rows (`--compare COLUMN`): the
// reference values, the errors (MAE with its 95 % interval, RMSE, median, mean signed error, per-element bias) and
// the one-line summary the commands print.
import type { Structure } from "../crystal/structure.js";
import { type ElementBias, type PredictionErrors, elementBias, predictionErrors } from "../metrics/prediction-errors.js";
import { CliUsageError } from "./args.js";

/** Errors of predictions against a reference column, with the per-element bias. */
export type ComparisonErrors = PredictionErrors & { readonly byElement: ElementBias[] };

/**
 * The numeric values of `column` on each crystal (NaN where missing).
 * @throws CliUsageError when no crystal has a numeric value in that column
 */
export function referenceValues(structures: readonly Structure[], column: string, command: string): number[] {
  const reference = structures.map((s) => Number(s.properties?.[column] ?? NaN));
  if (!reference.some(Number.isFinite)) throw new CliUsageError(`${command}: no crystal has a numeric "${column}" column to compare with`);
  return reference;
}

/** Errors of `predicted` against `reference` (pairs with both finite) and the per-element bias. */
export function compareWithReference(structures: readonly Structure[], predicted: readonly number[], reference: readonly number[]): ComparisonErrors {
  return { ...predictionErrors(predicted, reference), byElement: elementBias(structures, predicted, reference) };
}

/** "cmd: what vs column: MAE … [95% CI …], median …, RMSE … (n=…)" with a newline. */
export function comparisonLine(command: string, what: string, column: string, errors: PredictionErrors): string {
  return `${command}: ${what} vs ${column}: MAE ${errors.mae.toFixed(4)} [95% CI ${errors.maeCi95.map((x) => x.toFixed(4)).join(", ")}], median ${errors.medianAbsoluteError.toFixed(4)}, RMSE ${errors.rmse.toFixed(4)} (n=${errors.n})\n`;
}

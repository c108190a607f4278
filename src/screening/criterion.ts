// The property criterion of a screen: a threshold below or above, optionally on value ± k·std.
import { ScreeningInputError } from "./errors.js";
import type { PredictedValue, PropertyCriterion } from "./types.js";

/** A checked criterion: the direction, threshold and std penalty. */
export interface ResolvedCriterion {
  readonly direction: "below" | "above";
  readonly threshold: number;
  readonly stdPenalty: number;
}

/** Checks a criterion. @throws ScreeningInputError unless exactly one finite threshold and a finite k ≥ 0 are given */
export function resolveCriterion(c: PropertyCriterion): ResolvedCriterion {
  const given = (["below", "above"] as const).filter((d) => c[d] !== undefined);
  if (given.length !== 1) throw new ScreeningInputError(`the property criterion needs exactly one threshold, below or above (got ${given.length})`);
  const direction = given[0]!;
  const threshold = c[direction]!;
  if (!Number.isFinite(threshold)) throw new ScreeningInputError(`the ${direction} threshold must be a finite number (got ${threshold})`);
  const stdPenalty = c.stdPenalty ?? 0;
  if (!(Number.isFinite(stdPenalty) && stdPenalty >= 0)) throw new ScreeningInputError(`the std penalty must be a finite number ≥ 0 (got ${stdPenalty})`);
  return { direction, threshold, stdPenalty };
}

/** The score a prediction is judged on: value + k·std below, value − k·std above (property unit). */
export function criterionScore(c: ResolvedCriterion, p: PredictedValue): number {
  return c.direction === "below" ? p.value + c.stdPenalty * p.std : p.value - c.stdPenalty * p.std;
}

/** True when a score meets the criterion (≤ the threshold below, ≥ above). */
export function meetsCriterion(c: ResolvedCriterion, score: number): boolean {
  return c.direction === "below" ? score <= c.threshold : score >= c.threshold;
}

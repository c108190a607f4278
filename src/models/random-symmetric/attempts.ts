// Attempts of search-based sampling: the cap that turns an endless search into a typed error, and the summary of the
// attempts each accepted crystal took (recorded in its `attempts` property).
import type { Structure } from "../../crystal/structure.js";
import { ModelRequestError } from "../errors.js";

/**
 * A search reached its cap (sampler setting `maxAttempts`) without an accepted crystal; `what` names the composition
 * (and space group or parent) searched for. A request error on `maxAttempts`: the CLI exits 2.
 */
export class SearchExhaustedError extends ModelRequestError {
  override name = "SearchExhaustedError";
  constructor(readonly what: string, readonly attempts: number, hint: string) {
    super("maxAttempts", `no acceptable crystal for ${what} after ${attempts} attempts (maxAttempts); ${hint}`);
  }
}

/** Attempts per accepted crystal of a search's output. */
export interface AttemptsSummary {
  crystals: number;
  totalAttempts: number;
  /** totalAttempts / crystals (NaN for no crystals). */
  meanAttempts: number;
  maxAttempts: number;
}

/** The summary of the `attempts` properties of search output (crystals without the property count as one attempt). */
export function attemptsSummary(structures: readonly Structure[]): AttemptsSummary {
  const a = structures.map((s) => (typeof s.properties?.attempts === "number" ? s.properties.attempts : 1));
  const total = a.reduce((x, y) => x + y, 0);
  return { crystals: a.length, totalAttempts: total, meanAttempts: total / a.length, maxAttempts: a.length ? Math.max(...a) : 0 };
}

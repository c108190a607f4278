// What a model that checks its own draws (e.g. the CIF transformer) recorded on its samples, summed for the command
// summaries of `xtal sample` and `xtal evaluate`: rejected draws by reason and the share of draws that passed.
import type { Structure } from "../crystal/structure.js";
import { wilsonInterval } from "../metrics/intervals.js";

/**
 * Rejected draws by reason, summed over the samples' numeric `rejected_<reason>` properties (a model that checks its
 * draws, e.g. the CIF transformer, records them per crystal), or null when no sample has any.
 */
function rejectionCounts(structures: readonly Structure[]): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const s of structures)
    for (const [k, v] of Object.entries(s.properties ?? {})) if (k.startsWith("rejected_") && typeof v === "number") out[k.slice(9)] = (out[k.slice(9)] ?? 0) + v;
  return Object.keys(out).length ? out : null;
}

/**
 * The share of draws that passed the model's checks: draws = Σ attempts (1 per crystal without the property), passed =
 * crystals whose `accepted` property is true, with its Wilson 95 % interval; null when no sample has `accepted`.
 */
function acceptedShare(structures: readonly Structure[]): ChecksShare | null {
  if (!structures.some((s) => typeof s.properties?.accepted === "boolean")) return null;
  const draws = structures.reduce((a, s) => a + (typeof s.properties?.attempts === "number" ? s.properties.attempts : 1), 0);
  const passed = structures.filter((s) => s.properties?.accepted === true).length;
  return { draws, passed, share: passed / draws, ci95: wilsonInterval(passed, draws) };
}

/** The share of draws that passed the checks. */
export interface ChecksShare {
  draws: number;
  passed: number;
  share: number;
  ci95: [number, number];
}

/** Rejections by reason and the passed share of a model's samples (each field absent when no sample records it). */
export function sampleChecksSummary(structures: readonly Structure[]): { rejections?: Record<string, number>; checks?: ChecksShare } {
  const rejections = rejectionCounts(structures);
  const checks = acceptedShare(structures);
  return { ...(rejections ? { rejections } : {}), ...(checks ? { checks } : {}) };
}

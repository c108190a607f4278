// Substitution probabilities in the spirit of Hautier et al., Inorg. Chem. 50, 656 (2011): how often element a is
// replaced by b between crystals of the same prototype in the training data, add-α smoothed into p(b | a).
import type { Prototype } from "./prototype-key.js";

/** Observed substitutions: (from Z, to Z, count), symmetric (a→b and b→a both listed), ascending by from then to. */
export type SubstitutionCounts = readonly (readonly [from: number, to: number, count: number])[];

/**
 * Counts substitutions over all unordered pairs of crystals with the same prototype key: a pair whose elements of
 * rank r are a ≠ b adds one a→b and one b→a, so within a prototype a→b is counted h_r(a)·h_r(b) times, with h_r(e)
 * the number of its crystals with e at rank r.
 */
export function mineSubstitutionCounts(prototypes: readonly Prototype[]): SubstitutionCounts {
  const byKey = new Map<string, Map<number, number>[]>();
  for (const p of prototypes) {
    let ranks = byKey.get(p.key);
    if (!ranks) byKey.set(p.key, (ranks = p.elements.map(() => new Map<number, number>())));
    p.elements.forEach((z, r) => ranks![r]!.set(z, (ranks![r]!.get(z) ?? 0) + 1));
  }
  const counts = new Map<string, [number, number, number]>();
  for (const ranks of byKey.values())
    for (const h of ranks)
      for (const [a, ha] of h)
        for (const [b, hb] of h) {
          if (a === b) continue;
          const key = `${a},${b}`;
          const c = counts.get(key) ?? [a, b, 0];
          c[2] += ha * hb;
          counts.set(key, c);
        }
  return [...counts.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/**
 * p(b | a) over the candidate elements b ≠ a of `elements`: (count(a→b) + α) / (Σ_b' count(a→b') + α (|elements| − 1)).
 * Unseen pairs get α alone (add-α smoothing; no ionic-radius prior). Returns the candidates and their probabilities.
 */
export function substitutionDistribution(counts: SubstitutionCounts, elements: readonly number[], alpha: number, from: number): { to: number[]; p: number[] } {
  const seen = new Map(counts.filter((c) => c[0] === from).map((c) => [c[1], c[2]]));
  const to = elements.filter((z) => z !== from);
  const w = to.map((z) => (seen.get(z) ?? 0) + alpha);
  const total = w.reduce((s, x) => s + x, 0);
  return { to, p: w.map((x) => x / total) };
}

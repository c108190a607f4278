// Stability, uniqueness, novelty and S.U.N. bookkeeping (metrics-spec §11) with the MatterGen and FlowMM conventions.
import { reducedFormula } from "../crystal/composition.js";
import type { Structure } from "../crystal/structure.js";
import { DEFAULT_MATCHER, type MatcherOptions, fitStructures, getRmsDist, prepareForMatching } from "./structure-matcher/index.js";
import type { PreparedStructure } from "./structure-matcher/prepare.js";

/**
 * - "mattergen": stable ⇔ e_hull ≤ 0.1 eV/atom; unique/novel with `fit` (pymatgen-default tolerances 0.2/0.3/5°) within
 *   the same reduced formula; S.U.N. = stable ∧ unique ∧ novel; every fraction over all submitted structures.
 *   (MatterGen's default *disordered* matcher — the alloy-approximation second try — is not reproduced: ordered
 *   matcher only, which can only under-count matches.)
 * - "flowmm": only structures with ≥ 2 elements and an energy are considered; stable ⇔ e_hull ≤ 0.0 eV/atom;
 *   novelty and duplicates use `get_rms_dist` non-null (RMS < stol); S.U.N. = stable ∧ novel, then duplicates removed
 *   keeping the first occurrence; rates over the number of generated structures.
 */
export type SunConvention = "mattergen" | "flowmm";

/** Options of sunMetrics. */
export interface SunOptions {
  /** Convention (default "mattergen"). */
  convention?: SunConvention;
  /** Stability threshold on e_above_hull (eV/atom, ≤); default 0.1 for MatterGen, 0.0 for FlowMM. */
  stabilityThreshold?: number;
  /** StructureMatcher settings (default pymatgen defaults 0.2/0.3/5°). */
  matcher?: MatcherOptions;
  /** Progress in structures processed. */
  onProgress?: (done: number, total: number) => void;
}

/** Per-structure flags and the aggregate rates (fractions of all generated structures). */
export interface SunResult {
  isStable: boolean[];
  isUnique: boolean[];
  isNovel: boolean[];
  isSun: boolean[];
  fracStable: number;
  fracUnique: number;
  fracNovel: number;
  fracNovelUnique: number;
  fracSun: number;
  nStable: number;
  nSun: number;
  /** Mean e_above_hull over structures with an energy (eV/atom). */
  avgEAboveHull: number;
}

type Matches = (a: PreparedStructure, b: PreparedStructure) => boolean;

function groupByFormula(structures: readonly Structure[], indices: readonly number[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const i of indices) {
    const key = reducedFormula(structures[i]!.species);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return groups;
}

/**
 * S.U.N. metrics of generated structures given their energies above hull (eV/atom; null = relaxation or energy failed,
 * which counts in the denominators) and a reference set (training data) for novelty.
 */
export function sunMetrics(
  generated: readonly Structure[],
  eAboveHull: readonly (number | null)[],
  reference: readonly Structure[],
  options: SunOptions = {},
): SunResult {
  if (eAboveHull.length !== generated.length) throw new RangeError(`sunMetrics: ${eAboveHull.length} energies for ${generated.length} structures`);
  const convention = options.convention ?? "mattergen";
  const threshold = options.stabilityThreshold ?? (convention === "mattergen" ? 0.1 : 0.0);
  const matcher = options.matcher ?? DEFAULT_MATCHER;
  const n = generated.length;
  const prepared = new Map<Structure, PreparedStructure | null>();
  const prep = (s: Structure) => {
    if (!prepared.has(s)) {
      try {
        prepared.set(s, prepareForMatching(s, matcher));
      } catch {
        prepared.set(s, null);
      }
    }
    return prepared.get(s)!;
  };
  const safe = (f: Matches) => (a: Structure, b: Structure) => {
    const pa = prep(a), pb = prep(b);
    if (!pa || !pb) return false;
    try {
      return f(pa, pb);
    } catch {
      return false;
    }
  };
  const matches =
    convention === "mattergen" ? safe((a, b) => fitStructures(a, b, matcher)) : safe((a, b) => getRmsDist(a, b, matcher) !== null);
  const considered = generated.map((s, i) => eAboveHull[i] !== null && (convention === "mattergen" || new Set(s.species).size >= 2));
  const isStable = generated.map((_, i) => considered[i]! && eAboveHull[i]! <= threshold);
  const refGroups = groupByFormula(reference, reference.map((_, i) => i));
  let done = 0;
  const tick = () => options.onProgress?.(++done, n);
  // Novelty: no match among reference structures of the same reduced formula.
  const isNovel = generated.map((s, i) => {
    const novel = convention === "flowmm" && !considered[i] ? false : !(refGroups.get(reducedFormula(s.species)) ?? []).some((r) => matches(s, reference[r]!));
    tick();
    return novel;
  });
  // Uniqueness: walk in input order within formula groups, first member of each duplicate class is unique.
  const isUnique = new Array<boolean>(n).fill(false);
  const pool = convention === "mattergen" ? generated.map((_, i) => i) : generated.flatMap((_, i) => (isStable[i] ? [i] : []));
  for (const members of groupByFormula(generated, pool).values()) {
    const kept: number[] = [];
    for (const i of members) {
      if (!kept.some((k) => matches(generated[i]!, generated[k]!))) {
        kept.push(i);
        isUnique[i] = true;
      }
    }
  }
  let isSun: boolean[];
  if (convention === "mattergen") isSun = generated.map((_, i) => isStable[i]! && isUnique[i]! && isNovel[i]!);
  else {
    // FlowMM: stable ∧ novel, then duplicates removed keeping the first occurrence (each unseen row marks its matches).
    isSun = new Array<boolean>(n).fill(false);
    const candidates = generated.flatMap((_, i) => (isStable[i] && isNovel[i] ? [i] : []));
    for (const members of groupByFormula(generated, candidates).values()) {
      const duplicate = new Set<number>();
      for (const i of members) {
        if (duplicate.has(i)) continue;
        isSun[i] = true;
        for (const j of members) if (j > i && !duplicate.has(j) && matches(generated[i]!, generated[j]!)) duplicate.add(j);
      }
    }
  }
  const count = (a: boolean[]) => a.filter(Boolean).length;
  const energies = eAboveHull.filter((e): e is number => e !== null);
  return {
    isStable,
    isUnique,
    isNovel,
    isSun,
    fracStable: count(isStable) / n,
    fracUnique: count(isUnique) / n,
    fracNovel: count(isNovel) / n,
    fracNovelUnique: generated.filter((_, i) => isNovel[i] && isUnique[i]).length / n,
    fracSun: count(isSun) / n,
    nStable: count(isStable),
    nSun: count(isSun),
    avgEAboveHull: energies.length ? energies.reduce((s, e) => s + e, 0) / energies.length : NaN,
  };
}

/**
 * Uniqueness and novelty alone, as MatterGen judges them: `fit` (pymatgen-default tolerances unless `matcher`) within the
 * same reduced formula; the first of each duplicate class in input order is unique; novel ⇔ no reference crystal matches.
 */
export function uniquenessNovelty(
  generated: readonly Structure[], reference: readonly Structure[], options: Pick<SunOptions, "matcher" | "onProgress"> = {},
): { isUnique: boolean[]; isNovel: boolean[] } {
  // Every crystal "stable" (e_hull 0): the stability half of the MatterGen bookkeeping then has no effect.
  const { isUnique, isNovel } = sunMetrics(generated, generated.map(() => 0), reference, { ...options, convention: "mattergen" });
  return { isUnique, isNovel };
}

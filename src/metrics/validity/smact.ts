// SMACT compositional validity (charge neutrality + Pauling electronegativity test), metrics-spec §3.
import { composition, gcd } from "../../crystal/composition.js";
import { SMACT_MAX_Z, SMACT_METALS, SMACT_OXIDATION_STATES, SMACT_PAULING } from "../data/smact.js";

/**
 * Which SMACT behaviour to reproduce.
 * - "2.2.1" (default; CDVAE/FlowMM pin): Zr χ = 0.33, Ir states start at −2, an opposite-sign pair with a missing χ
 *   passes the whole oxidation-state combination (the reference catches the TypeError), a same-sign pair with a missing
 *   χ fails it.
 * - "strict" (SMACT ≥ 2.6, < 4.0): Zr χ = 1.33, Ir −3 instead of −2, any missing χ fails the combination.
 */
export type SmactMode = "2.2.1" | "strict";

/** Options of smactValidity. */
export interface SmactOptions {
  /** SMACT semantics (default "2.2.1"). */
  smactMode?: SmactMode;
  /** Run the Pauling electronegativity test on charge-neutral combinations (default true). */
  usePaulingTest?: boolean;
  /** All-metal compositions are valid alloys (default true). */
  includeAlloys?: boolean;
  /**
   * Cutoff on the number of oxidation-state combinations (product of list lengths):
   * "none" (CDVAE, default), "diffcsp" (> 1e7 ⇒ invalid), "mattergen" (> 1e6 ⇒ valid, MatterGen's include_cutoff).
   */
  comboCutoff?: "none" | "diffcsp" | "mattergen";
}

/** Why a composition was judged the way it was. */
export type SmactReason =
  | "single-element"
  | "alloy"
  | "neutral-and-pauling"
  | "no-valid-combination"
  | "unsupported-element"
  | "empty"
  | "non-integer-counts"
  | "combination-cutoff";

/** A SMACT verdict with its reason. */
export interface SmactVerdict {
  valid: boolean;
  reason: SmactReason;
}

const ZR = 40;
const IR = 77;
const IR_STRICT_STATES: readonly number[] = [-3, ...SMACT_OXIDATION_STATES[IR]!.filter((q) => q !== -2)];

function oxidationStates(z: number, mode: SmactMode): readonly number[] {
  return mode === "strict" && z === IR ? IR_STRICT_STATES : SMACT_OXIDATION_STATES[z]!;
}

function pauling(z: number, mode: SmactMode): number {
  return mode === "strict" && z === ZR ? 1.33 : SMACT_PAULING[z]!;
}

/**
 * SMACT Pauling test for one oxidation-state combination (elements in ascending-Z order, pairs i < j visited in order).
 * Returns true when the combination passes.
 */
function paulingPasses(states: readonly number[], chi: readonly number[], mode: SmactMode): boolean {
  const k = states.length;
  if (mode === "strict") {
    if (chi.some(Number.isNaN)) return false;
  }
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++) {
      const qi = states[i]!, qj = states[j]!, xi = chi[i]!, xj = chi[j]!;
      const missing = Number.isNaN(xi) || Number.isNaN(xj);
      if (qi > 0 && qj < 0) {
        if (missing) return true; // 2.2.1: TypeError caught by the caller ⇒ combination accepted
        if (xi >= xj) return false;
      } else if (qi < 0 && qj > 0) {
        if (missing) return true;
        if (xi <= xj) return false;
      } else if (missing) return false;
    }
  return true;
}

/**
 * SMACT validity of a composition given as atomic numbers and integer counts (any order; reduced by their gcd here).
 * Elements outside Z 1–103 (no SMACT data; the reference crashes) are reported invalid with reason "unsupported-element".
 */
export function smactValidityOfCounts(elements: readonly number[], counts: readonly number[], options: SmactOptions = {}): SmactVerdict {
  const mode = options.smactMode ?? "2.2.1";
  if (elements.length === 0) return { valid: false, reason: "empty" };
  if (elements.some((z) => !Number.isInteger(z) || z < 1 || z > SMACT_MAX_Z)) return { valid: false, reason: "unsupported-element" };
  if (counts.some((c) => !Number.isInteger(c) || c <= 0)) return { valid: false, reason: "non-integer-counts" };
  // Merge duplicates, sort by ascending Z, divide by the gcd (metrics-spec §1.3).
  const merged = new Map<number, number>();
  elements.forEach((z, i) => merged.set(z, (merged.get(z) ?? 0) + counts[i]!));
  const zs = [...merged.keys()].sort((a, b) => a - b);
  const g = gcd(zs.map((z) => merged.get(z)!));
  const n = zs.map((z) => merged.get(z)! / g);
  const key = `${mode}|${options.usePaulingTest ?? true}|${options.includeAlloys ?? true}|${options.comboCutoff ?? "none"}|${zs.join(",")}|${n.join(",")}`;
  const known = verdictCache.get(key);
  if (known) return { ...known };
  const verdict = decide(zs, n, mode, options);
  if (verdictCache.size >= VERDICT_CACHE_SIZE) verdictCache.clear();
  verdictCache.set(key, verdict);
  return { ...verdict };
}

// Verdicts per reduced composition and options (generated sets repeat compositions; CSP samples share one).
const VERDICT_CACHE_SIZE = 100_000;
const verdictCache = new Map<string, SmactVerdict>();

/** SMACT steps 2–5 (metrics-spec §3.1) for a reduced composition in ascending-Z order. */
function decide(zs: readonly number[], n: readonly number[], mode: SmactMode, options: SmactOptions): SmactVerdict {
  if (zs.length === 1) return { valid: true, reason: "single-element" };
  if ((options.includeAlloys ?? true) && zs.every((z) => SMACT_METALS.has(z))) return { valid: true, reason: "alloy" };
  const lists = zs.map((z) => oxidationStates(z, mode));
  const chi = zs.map((z) => pauling(z, mode));
  const cutoff = options.comboCutoff ?? "none";
  if (cutoff !== "none") {
    const combos = lists.reduce((p, l) => p * l.length, 1);
    if (cutoff === "diffcsp" && combos > 1e7) return { valid: false, reason: "combination-cutoff" };
    if (cutoff === "mattergen" && combos > 1e6) return { valid: true, reason: "combination-cutoff" };
  }
  const usePauling = options.usePaulingTest ?? true;
  // Depth-first over the Cartesian product (first element outermost). Branches that can no longer reach charge 0 are
  // pruned; this only skips non-neutral combinations, so the verdict equals the full enumeration.
  const k = zs.length;
  const minRest = new Float64Array(k + 1);
  const maxRest = new Float64Array(k + 1);
  for (let i = k - 1; i >= 0; i--) {
    const l = lists[i]!;
    minRest[i] = minRest[i + 1]! + (l.length ? Math.min(...l) * n[i]! : Infinity);
    maxRest[i] = maxRest[i + 1]! + (l.length ? Math.max(...l) * n[i]! : -Infinity);
  }
  const chosen = new Array<number>(k).fill(0);
  const search = (i: number, charge: number): boolean => {
    if (i === k) return charge === 0 && (!usePauling || paulingPasses(chosen, chi, mode));
    if (charge + minRest[i]! > 0 || charge + maxRest[i]! < 0) return false;
    for (const q of lists[i]!) {
      chosen[i] = q;
      if (search(i + 1, charge + q * n[i]!)) return true;
    }
    return false;
  };
  return search(0, 0) ? { valid: true, reason: "neutral-and-pauling" } : { valid: false, reason: "no-valid-combination" };
}

/** SMACT compositional validity of a crystal's species list (atomic numbers per site), metrics-spec §3. */
export function smactValidity(species: ArrayLike<number>, options: SmactOptions = {}): SmactVerdict {
  const c = composition(species);
  return smactValidityOfCounts(c.elements, c.amounts, options);
}

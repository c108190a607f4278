// Property statistics of generated vs reference crystals: W1 of density, #elements and optional properties (metrics-spec §8).
import { rng, sampleIndices } from "../util/random.js";
import { wassersteinDistance } from "./wasserstein.js";

/** Per-crystal quantities the property statistics use. */
export interface PropertyRecord {
  /** Overall validity (comp ∧ struct ∧ fingerprint ok); only valid generated crystals are sampled. */
  valid: boolean;
  /** Density (g/cm³). */
  density: number;
  /** Number of distinct elements. */
  numElements: number;
  /** Externally supplied properties (e.g. predicted formation energy, eV/atom), by name. */
  properties?: Readonly<Record<string, number>>;
}

/** How the generated side is sampled. */
export interface PropertyStatsOptions {
  /**
   * "sample": draw `nSamples` valid crystals without replacement (CDVAE; seeded here); "valid": every valid crystal;
   * "all": every generated crystal, valid or not (the deterministic full-set variant of the spec's golden values).
   * Default "sample".
   */
  mode?: "sample" | "valid" | "all";
  /** Sample size (default 1000, as CDVAE). */
  nSamples?: number;
  /** Seed of the draw (default 0). */
  seed?: number;
  /** Property names to compare besides density and #elements. */
  properties?: readonly string[];
}

/** Property statistics: W1 distances (units of the quantity) and the indices of the generated crystals used. */
export interface PropertyStatsResult {
  /** W1 of density (g/cm³). */
  wdistDensity: number;
  /** W1 of the number of distinct elements. */
  wdistNumElements: number;
  /** W1 per requested property (units of the property); crystals without a finite value are left out, NaN if none has one. */
  wdistProperties: Record<string, number>;
  /** Indices into the generated list of the crystals used. */
  sampleIndices: number[];
  /** Why the statistics are NaN (e.g. fewer valid crystals than the sample size), if they are. */
  note?: string;
}

/** Indices of the generated crystals used for the statistics (seeded draw of valid ones, all valid ones, or all). */
export function propertySampleIndices(valid: readonly boolean[], options: PropertyStatsOptions = {}): number[] | null {
  if (options.mode === "all") return valid.map((_, i) => i);
  const validIdx = valid.flatMap((v, i) => (v ? [i] : []));
  if (options.mode === "valid") return validIdx;
  const n = options.nSamples ?? 1000;
  if (validIdx.length < n) return null;
  return sampleIndices(validIdx.length, n, rng(options.seed ?? 0)).map((k) => validIdx[k]!);
}

/**
 * CDVAE `get_prop_stats` (seedable): W1 between the sampled generated crystals and **all** reference crystals.
 * When fewer valid crystals than `nSamples` exist (the reference raises) every distance is NaN and `note` says why.
 */
export function propertyStats(generated: readonly PropertyRecord[], reference: readonly PropertyRecord[], options: PropertyStatsOptions = {}): PropertyStatsResult {
  const idx = propertySampleIndices(generated.map((g) => g.valid), options);
  const names = options.properties ?? [];
  if (idx === null || idx.length === 0 || reference.length === 0) {
    const note = idx === null ? `fewer than ${options.nSamples ?? 1000} valid generated crystals` : idx.length === 0 ? "no valid generated crystal" : "empty reference";
    return { wdistDensity: NaN, wdistNumElements: NaN, wdistProperties: Object.fromEntries(names.map((p) => [p, NaN])), sampleIndices: idx ?? [], note };
  }
  const pick = (f: (r: PropertyRecord) => number) => idx.map((i) => f(generated[i]!));
  const all = (f: (r: PropertyRecord) => number) => reference.map(f);
  // Non-finite values (e.g. the density of a degenerate cell, a missing property) are left out; no values → NaN.
  const w = (f: (r: PropertyRecord) => number) => {
    const a = pick(f).filter(Number.isFinite), b = all(f).filter(Number.isFinite);
    return a.length && b.length ? wassersteinDistance(a, b) : NaN;
  };
  return {
    wdistDensity: w((r) => r.density),
    wdistNumElements: w((r) => r.numElements),
    wdistProperties: Object.fromEntries(names.map((p) => [p, w((r) => r.properties?.[p] ?? NaN)])),
    sampleIndices: idx,
  };
}

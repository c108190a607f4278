// One-call evaluation of generated crystals (de novo generation) and of CSP predictions, as arquero tables.
import * as aq from "arquero";
import type { ColumnTable } from "arquero";
import type { Structure } from "../crystal/structure.js";
import { type CovCutoffs, type CoverageResult, type CrystalFingerprints, coverage } from "./coverage.js";
import { type CspGating, type MatchRateResult, cspRmsTable, matchRatesFromTable } from "./csp.js";
import { meanInterval, wilsonInterval } from "./intervals.js";
import { type ImplausibleCellPolicy, applyCellPolicy } from "./plausible-cell.js";
import { diversity } from "./diversity.js";
import { crystalNNFingerprint } from "./fingerprints/index.js";
import { type PropertyRecord, propertyStats } from "./property-stats.js";
import { wassersteinDistance } from "./wasserstein.js";
import type { MatcherOptions } from "./structure-matcher/index.js";
import type { CrystalRecord, StructFingerprintFn } from "./validity/crystal-record.js";
import { parallelCrystalRecords } from "./validity/parallel-records.js";
import { evaluateCspSymmetry, evaluateSymmetry, symmetryRows } from "./symmetry/diagnostics.js";
import { crystalRecords } from "./validity/records.js";
import type { SmactOptions } from "./validity/smact.js";

/** One metric row of an evaluation table. */
export interface MetricRow {
  metric: string;
  value: number;
  /** Unit and how the value was computed. */
  notes: string;
  /** Number of crystals (or targets) the value is over. */
  n: number;
  /** Lower end of the 95 % interval (CSP rows: Wilson for match rates, normal for RMSE). */
  ci95_low?: number;
  /** Upper end of the 95 % interval. */
  ci95_high?: number;
}

/** The rows as an arquero table with every column some row has (arquero otherwise takes the first row's columns). */
function rowTable(rows: readonly MetricRow[]): ColumnTable {
  return aq.from(rows, [...new Set(rows.flatMap((r) => Object.keys(r)))]);
}

/** The rows of an evaluation table (evaluateGeneration, evaluateCsp) as typed objects. */
export function metricRows(table: ColumnTable): MetricRow[] {
  return table.objects() as unknown as MetricRow[];
}

/** Which structure fingerprint to compute: the CrystalNN port, none, or a custom function (runs in-process). */
export type StructFingerprintChoice = "crystalnn" | "none" | StructFingerprintFn;

/** Computes per-crystal records for many structures (in-process by default; a worker pool can be plugged in). */
export type RecordsFn = (
  structures: readonly Structure[],
  options: SmactOptions & { structFingerprint: StructFingerprintChoice; onProgress?: (done: number, total: number) => void },
) => Promise<CrystalRecord[]>;

/** The fingerprint function of a choice (undefined for "none"). */
export function structFingerprintFunction(choice: StructFingerprintChoice): StructFingerprintFn | undefined {
  return choice === "crystalnn" ? crystalNNFingerprint : choice === "none" ? undefined : choice;
}

/** Options of evaluateGeneration. */
export interface EvaluateGenerationOptions extends SmactOptions {
  /**
   * COV cutoffs; taken from the reference set (a Dataset loaded from the registry carries its dataset's cutoffs) when
   * omitted. Without either, the COV rows are NaN with the reason. `covCutoffsOf(name)` of crystal-workbench/datasets
   * gives a registered dataset's values.
   */
  covCutoffs?: CovCutoffs;
  /** Seed of the 1000-crystal property/diversity sample (default 0). */
  seed?: number;
  /**
   * Which generated crystals enter W1 and diversity: "sample" (CDVAE: `nSamples` valid crystals, seeded; default),
   * "valid" (all valid crystals), "all" (W1 over every generated crystal, diversity over every valid one — the
   * deterministic full-set variant of the spec's golden values).
   */
  sampling?: "sample" | "valid" | "all";
  /** Sample size in "sample" mode (default 1000). */
  nSamples?: number;
  /** Numeric properties (in `structure.properties`) to compare by W1, e.g. externally predicted energies. */
  properties?: readonly string[];
  /**
   * Structure fingerprint: "crystalnn" (default; matminer CrystalNNFingerprint "ops", 61-dim, as every published COV),
   * "none" (COV and struct diversity reported NaN as unavailable, spec §15.7), or a custom function.
   */
  structFingerprint?: StructFingerprintChoice;
  /** Run per-crystal work on worker threads (default true; needs `npm run build`, else falls back in-thread). */
  parallel?: boolean;
  /** Number of worker threads (default: all cores). */
  workers?: number;
  /** Custom per-crystal record computation (overrides `parallel`). */
  records?: RecordsFn;
  /**
   * Symmetry diagnostics rows (p1_share, sg_w1, sg_chi2 …; see symmetryRows), detected at `symprec` (default true).
   * evaluateSymmetry on the same arrays afterwards returns the histograms without detecting again.
   */
  symmetry?: boolean;
  /** Distance tolerance (Å) of space-group detection (default SYMMETRY_SYMPREC, 0.1). */
  symprec?: number;
  /** Progress over all per-crystal work (generated + reference crystals). */
  onProgress?: (done: number, total: number) => void;
}

/** Detection options of the symmetry rows, from an evaluation's options. */
const symmetryOptions = (o: { symprec?: number | undefined; parallel?: boolean | undefined; workers?: number | undefined }) => ({
  ...(o.symprec !== undefined ? { symprec: o.symprec } : {}),
  ...(o.parallel !== undefined ? { parallel: o.parallel } : {}),
  ...(o.workers !== undefined ? { workers: o.workers } : {}),
});

const inProcess: RecordsFn = async (structures, { structFingerprint, ...options }) => {
  const fn = structFingerprintFunction(structFingerprint);
  return crystalRecords(structures, { ...options, ...(fn ? { structFingerprint: fn } : {}) });
};

/** Records on the worker pool for the named fingerprints; a custom fingerprint function runs in-process. */
function defaultRecords(parallel: boolean | undefined, workers: number | undefined): RecordsFn {
  return async (structures, options) => {
    const { structFingerprint, ...rest } = options;
    if (parallel === false || typeof structFingerprint === "function") return inProcess(structures, options);
    return parallelCrystalRecords(structures, { ...rest, structFingerprint, ...(workers !== undefined ? { workers } : {}) });
  };
}

// Records depend only on the structures and the options: cache them per (immutable) structure array and options.
const recordCache = new WeakMap<readonly Structure[], Map<string, CrystalRecord[]>>();

/** Records of a structure array, from the cache when the same array was evaluated with the same options before. */
async function cachedRecords(
  structures: readonly Structure[],
  key: string | null,
  compute: () => Promise<CrystalRecord[]>,
): Promise<CrystalRecord[]> {
  const hit = key === null ? undefined : recordCache.get(structures)?.get(key);
  if (hit) return hit;
  const records = await compute();
  if (key !== null) {
    const m = recordCache.get(structures) ?? new Map<string, CrystalRecord[]>();
    m.set(key, records);
    recordCache.set(structures, m);
  }
  return records;
}

/** A named reference set, such as a Dataset of crystal-workbench/datasets (which carries its registry COV cutoffs). */
export interface ReferenceSet {
  readonly name?: string;
  readonly structures: readonly Structure[];
  readonly covCutoffs?: CovCutoffs;
}

function isReferenceSet(x: ReferenceSet | readonly Structure[]): x is ReferenceSet {
  return !Array.isArray(x) && typeof x === "object" && x !== null && "structures" in x;
}

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
}

const toProperty = (r: CrystalRecord, s: Structure, names: readonly string[]): PropertyRecord => ({
  valid: r.valid,
  density: r.density,
  numElements: r.numElements,
  properties: Object.fromEntries(names.map((p) => [p, typeof s.properties?.[p] === "number" ? (s.properties[p] as number) : NaN])),
});

/**
 * Evaluates generated crystals against a reference set (usually the test split) with the CDVAE/DiffCSP metric suite:
 * validity rates, mean density / #elements, W1 of density, #elements and optional properties, COV-R/P with AMSD/AMCD,
 * diversity and the symmetry diagnostics (P1 share, space-group W1 and χ² against the reference, requested-group match).
 * Returns an arquero table with columns metric, value, notes, n (one row per metric). Per-crystal records and space
 * groups are cached per structure array and options (arrays are treated as immutable), so repeated calls reuse them.
 */
export async function evaluateGeneration(generated: readonly Structure[], reference: ReferenceSet | readonly Structure[], options: EvaluateGenerationOptions = {}): Promise<ColumnTable> {
  const refSet = isReferenceSet(reference) ? reference : undefined;
  const refStructures = isReferenceSet(reference) ? reference.structures : reference;
  const cut = options.covCutoffs ?? refSet?.covCutoffs;
  const cutSource = options.covCutoffs ? "given" : (refSet?.name ?? "");
  const records = options.records ?? defaultRecords(options.parallel, options.workers);
  const smact: SmactOptions = {
    ...(options.smactMode ? { smactMode: options.smactMode } : {}),
    ...(options.comboCutoff ? { comboCutoff: options.comboCutoff } : {}),
    ...(options.usePaulingTest !== undefined ? { usePaulingTest: options.usePaulingTest } : {}),
    ...(options.includeAlloys !== undefined ? { includeAlloys: options.includeAlloys } : {}),
  };
  const choice = options.structFingerprint ?? "crystalnn";
  const fp = { structFingerprint: choice };
  const total = generated.length + refStructures.length;
  const cacheKey = typeof choice === "function" || options.records ? null : JSON.stringify({ smact, choice });
  const gen = await cachedRecords(generated, cacheKey, () => records(generated, { ...smact, ...fp, onProgress: (d) => options.onProgress?.(d, total) }));
  const ref = await cachedRecords(refStructures, cacheKey, () =>
    records(refStructures, { ...smact, ...fp, onProgress: (d) => options.onProgress?.(generated.length + d, total) }),
  );
  options.onProgress?.(total, total);
  const n = generated.length;
  const rows: MetricRow[] = [];
  const add = (metric: string, value: number, notes: string, count = n) => rows.push({ metric, value, notes, n: count });
  const frac = (f: (r: CrystalRecord) => boolean) => (n ? gen.filter(f).length / n : NaN);
  add("struct_validity", frac((r) => r.structValid), "fraction; min interatomic distance ≥ 0.5 Å and volume ≥ 0.1 Å³");
  add("comp_validity", frac((r) => r.compValid), `fraction; SMACT ${smact.smactMode ?? "2.2.1"} charge neutrality + Pauling test`);
  add("validity", frac((r) => r.valid), "fraction; comp ∧ struct ∧ fingerprints computed");
  add("fingerprint_failures", gen.filter((r) => r.compFp === null).length, "count of crystals whose fingerprints failed");
  const finite = (xs: number[]) => xs.filter(Number.isFinite);
  add("mean_density", mean(finite(gen.map((r) => r.density))), "g/cm³, over all generated crystals with a finite density");
  add("mean_num_elements", mean(gen.map((r) => r.numElements)), "distinct elements per crystal, all generated crystals");
  // Property statistics on a sample of valid crystals vs all reference crystals.
  const names = options.properties ?? [];
  const sampling = options.sampling ?? "sample";
  const stats = propertyStats(gen.map((r, i) => toProperty(r, generated[i]!, names)), ref.map((r, i) => toProperty(r, refStructures[i]!, names)), {
    mode: sampling,
    nSamples: options.nSamples ?? 1000,
    seed: options.seed ?? 0,
    properties: names,
  });
  const sampleNote =
    sampling === "all" ? "all generated crystals" : sampling === "valid" ? "all valid generated crystals" : `${options.nSamples ?? 1000} valid generated crystals drawn with seed ${options.seed ?? 0}`;
  const m = stats.sampleIndices.length;
  const note = (s: string) => `${s}; ${sampleNote} vs all ${ref.length} reference crystals${stats.note ? ` (${stats.note})` : ""}`;
  add("wdist_density", stats.wdistDensity, note("W1, g/cm³"), m);
  add("wdist_num_elements", stats.wdistNumElements, note("W1, #elements"), m);
  add(
    "wdist_nary",
    n && ref.length ? wassersteinDistance(gen.map((r) => r.numElements), ref.map((r) => r.numElements)) : NaN,
    `W1, #elements of every generated crystal (unfiltered, FlowMM wdist_nary) vs all ${ref.length} reference crystals`,
  );
  for (const p of names) add(`wdist_${p}`, stats.wdistProperties[p]!, note(`W1 of property ${p}`), m);
  // Diversity over the same sample.
  const sample = stats.sampleIndices.map((i) => gen[i]!).filter((r) => r.valid && r.compFp !== null);
  const divNote = sampling === "all" ? "all valid generated crystals" : sampleNote;
  const div = diversity(sample.map((r) => ({ comp: r.compFp!, struct: r.structFp ?? new Float64Array(0) })));
  add("comp_diversity", div.compDiv, `mean pairwise distance of CompScaler-scaled Magpie fingerprints; ${divNote}`, sample.length);
  const structDivAvailable = sample.length > 0 && sample.every((r) => r.structFp !== null);
  add("struct_diversity", structDivAvailable ? div.structDiv : NaN, structDivAvailable ? `mean pairwise distance of CrystalNN fingerprints; ${divNote}` : "unavailable: no CrystalNN fingerprints", sample.length);
  // Coverage.
  const covNames = ["cov_recall", "cov_precision", "amsd_recall", "amsd_precision", "amcd_recall", "amcd_precision"] as const;
  const covKeys: (keyof CoverageResult)[] = ["covRecall", "covPrecision", "amsdRecall", "amsdPrecision", "amcdRecall", "amcdPrecision"];
  // Reference crystals whose fingerprints failed would crash the reference implementation; they are left out here
  // and counted in the notes.
  const refFps = ref.filter((r) => r.structFp !== null && r.compFp !== null).map((r) => ({ struct: r.structFp!, comp: r.compFp! }));
  const genFps: (CrystalFingerprints | null)[] = gen.map((r) => (r.structFp && r.compFp ? { struct: r.structFp, comp: r.compFp } : null));
  if (!cut || refFps.length === 0 || choice === "none" || genFps.every((g) => g === null)) {
    const why =
      choice === "none" ? "structure fingerprints disabled (structFingerprint: \"none\")"
      : !cut ? `no COV cutoffs${refSet?.name ? ` for reference "${refSet.name}"` : ""} (pass options.covCutoffs)`
      : refFps.length === 0 ? "no reference crystal has fingerprints"
      : "no generated crystal has fingerprints";
    covNames.forEach((name) => add(name, NaN, `unavailable: ${why}`));
  } else {
    const cov = coverage(genFps, refFps, cut);
    const dropped = ref.length - refFps.length;
    const kept = `${cov.nGenKept}/${cov.nGen} generated kept${dropped ? `, ${dropped} reference crystals without fingerprints left out` : ""}`;
    covNames.forEach((name, k) =>
      add(name, cov[covKeys[k]!] as number, `${name.startsWith("cov") ? "fraction" : "mean min fingerprint distance"}; δ_struct ${cut.struct}, δ_comp ${cut.comp} (${cutSource}); ${kept}`, name.endsWith("recall") ? refFps.length : n),
    );
  }
  if (options.symmetry ?? true) rows.push(...symmetryRows(await evaluateSymmetry(generated, refStructures, symmetryOptions(options))));
  return rowTable(rows);
}

/** Options of evaluateCsp. */
export interface EvaluateCspOptions extends SmactOptions {
  /** Validity gate of the 1-sample rate: "cdvae" (prediction) or "diffcsp" (prediction and target, default). */
  gating?: CspGating;
  /** Structure fingerprint (default "crystalnn"): its failures make crystals invalid, as in the reference. "none": valid = comp ∧ struct. */
  structFingerprint?: StructFingerprintChoice;
  /** StructureMatcher settings (default ltol 0.3, stol 0.5, angle_tol 10°). */
  matcher?: MatcherOptions;
  /** Run per-crystal validity work on worker threads (default true). */
  parallel?: boolean;
  /** Number of worker threads (default: all cores). */
  workers?: number;
  /** Custom per-crystal record computation (overrides `parallel`). */
  records?: RecordsFn;
  /**
   * Implausible sampled cells (isPlausibleCell): "unmatched" (default; `xtal evaluate` and `xtal metrics` too) counts them
   * as failed samples and adds an `implausible_samples` row; "keep" hands them to the matcher.
   */
  implausibleCells?: ImplausibleCellPolicy;
  /** Symmetry rows of all predictions against the targets (P1 share, match of the target's space group …; default true). */
  symmetry?: boolean;
  /** Distance tolerance (Å) of space-group detection (default SYMMETRY_SYMPREC, 0.1). */
  symprec?: number;
  /** Progress over validity checks then matching. */
  onProgress?: (done: number, total: number) => void;
}

/** The match_rate@k and rmse@k rows of one result, with their 95 % intervals. */
function cspRows(r: MatchRateResult, k: string, rateNotes: string, rmseNotes: string): MetricRow[] {
  const matched = r.rms.filter((x): x is number => x !== null);
  const [rateLow, rateHigh] = wilsonInterval(matched.length, r.n);
  const [rmseLow, rmseHigh] = meanInterval(matched);
  return [
    { metric: `match_rate@${k}`, value: r.matchRate, notes: rateNotes, n: r.n, ci95_low: rateLow, ci95_high: rateHigh },
    { metric: `rmse@${k}`, value: r.rmse, notes: rmseNotes, n: matched.length, ci95_low: rmseLow, ci95_high: rmseHigh },
  ];
}

/**
 * Evaluates CSP predictions (k samples per target) against targets: match rate and RMSE (dimensionless, divided by
 * (V/N)^(1/3)) for the first sample (k = 1) and for all k samples, and the symmetry rows of all samples (every sample,
 * implausible cells counted as failed detections) against the targets. Returns an arquero table (metric, value, notes, n).
 */
export async function evaluateCsp(given: readonly (readonly Structure[])[], targets: readonly Structure[], options: EvaluateCspOptions = {}): Promise<ColumnTable> {
  if (given.length !== targets.length) throw new RangeError(`evaluateCsp: ${given.length} prediction lists for ${targets.length} targets`);
  const policy = options.implausibleCells ?? "unmatched";
  const { predictions, implausible } = applyCellPolicy(given, policy);
  const records = options.records ?? defaultRecords(options.parallel, options.workers);
  const gating = options.gating ?? "diffcsp";
  const recordOptions = { ...(options.smactMode ? { smactMode: options.smactMode } : {}), structFingerprint: options.structFingerprint ?? "crystalnn" };
  const flat = predictions.flat();
  const k = Math.max(0, ...given.map((p) => p.length));
  const totalWork = flat.length + targets.length + flat.length;
  const predRec = await records(flat, { ...recordOptions, onProgress: (d) => options.onProgress?.(d, totalWork) });
  const targetRec = await records(targets, { ...recordOptions, onProgress: (d) => options.onProgress?.(flat.length + d, totalWork) });
  const predValid: boolean[][] = [];
  let pos = 0;
  for (const p of predictions) {
    predValid.push(predRec.slice(pos, pos + p.length).map((r) => r.valid));
    pos += p.length;
  }
  const base = flat.length + targets.length;
  const table = await cspRmsTable(predictions, targets, predValid, {
    ...(options.matcher ? { matcher: options.matcher } : {}),
    ...(options.parallel !== undefined ? { parallel: options.parallel } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    onProgress: (d, t) => options.onProgress?.(base + Math.round((d / Math.max(1, t)) * flat.length), totalWork),
  });
  const { one, multi } = matchRatesFromTable(table, targetRec.map((r) => r.valid), gating);
  const rows: MetricRow[] = [
    ...cspRows(one, "1", `fraction of targets matched by their first sample; gating "${gating}"`, "mean RMS displacement / (V/N)^(1/3) over matched targets (dimensionless)"),
    ...(k > 1 ? cspRows(multi, String(k), `fraction of targets matched by any of ${k} samples; gated on the prediction only`, "mean over matched targets of the minimum RMS (dimensionless)") : []),
    ...(policy === "unmatched" ? [{ metric: "implausible_samples", value: implausible, notes: "count of samples with an implausible cell (isPlausibleCell), counted as unmatched", n: given.flat().length }] : []),
    ...(options.symmetry ?? true ? symmetryRows(await evaluateCspSymmetry(given, targets, symmetryOptions(options))) : []),
  ];
  options.onProgress?.(totalWork, totalWork);
  return rowTable(rows);
}

// Symmetry diagnostics of generated crystals (issue #16): share of P1 samples, the space-group distribution of the
// samples against the reference (histograms, W1 over space-group numbers, χ² test of homogeneity) and the share of
// samples whose detected space group equals the requested one. Detection: detect.ts (moyo, symprec 0.1 Å).
import type { Structure } from "../../crystal/structure.js";
import { type ChiSquareResult, chiSquareHomogeneity } from "../chi-square.js";
import type { MetricRow } from "../evaluate.js";
import { wilsonInterval } from "../intervals.js";
import { runParallel } from "../parallel/index.js";
import { wassersteinDistance } from "../wasserstein.js";
import { SYMMETRY_SYMPREC, type SpaceGroupDetection } from "./detect.js";
import type { SpaceGroupTaskContext } from "./worker-tasks.js";

/** A share with its count and Wilson 95 % interval. */
export interface Share {
  readonly value: number;
  /** Successes. */
  readonly count: number;
  /** Trials. */
  readonly n: number;
  readonly ci95: readonly [number, number];
}

/** The space groups of one set of crystals. */
export interface SpaceGroupSummary {
  /** Crystals in the set. */
  readonly n: number;
  /** Crystals whose space group was detected. */
  readonly detected: number;
  /** [space-group number, crystals], ascending by number. */
  readonly histogram: readonly (readonly [number, number])[];
  /** Crystals whose detection failed, by reason. */
  readonly failures: Readonly<Record<string, number>>;
  /** Share of the detected crystals in P1. */
  readonly p1: Share;
}

/** Symmetry diagnostics of samples against a reference. */
export interface SymmetryDiagnostics {
  /** Distance tolerance of detection (Å). */
  readonly symprec: number;
  /** How operations were accepted: moyo's candidates that also pass spglib's pivot test (analyzeSymmetry's default). */
  readonly tolerance: "spglib";
  readonly samples: SpaceGroupSummary;
  readonly reference: SpaceGroupSummary;
  /** W1 between the space-group numbers of the detected samples and of the detected reference crystals (NaN if either is empty). */
  readonly sgW1: number;
  /** χ² test of homogeneity between the two histograms (bins with an expected count below 5 pooled). */
  readonly chiSquare: ChiSquareResult;
  /** Share of samples with a requested space group whose detected group equals it (failed detections count as misses); null when none has one. */
  readonly sgMatch: Share | null;
  /** Where the requested groups came from ("the property spaceGroup", "the target's detected group"). */
  readonly requestedFrom: string;
}

function share(count: number, n: number): Share {
  return { value: n > 0 ? count / n : NaN, count, n, ci95: wilsonInterval(count, n) };
}

/** Histogram, failures and P1 share of a set of detections. */
export function spaceGroupSummary(detections: readonly SpaceGroupDetection[]): SpaceGroupSummary {
  const counts = new Map<number, number>();
  const failures: Record<string, number> = {};
  for (const d of detections) {
    if (d.number !== null) counts.set(d.number, (counts.get(d.number) ?? 0) + 1);
    else failures[d.failure ?? "unknown"] = (failures[d.failure ?? "unknown"] ?? 0) + 1;
  }
  const detected = detections.length - Object.values(failures).reduce((a, b) => a + b, 0);
  return { n: detections.length, detected, histogram: [...counts].sort((a, b) => a[0] - b[0]), failures, p1: share(counts.get(1) ?? 0, detected) };
}

/**
 * The diagnostics of detected samples against detected reference crystals. `requested[i]` is the space group sample i
 * was asked for (or null); the match share is over the samples that have one.
 * @throws RangeError when `requested` is not aligned with `samples`
 */
export function symmetryDiagnostics(
  samples: readonly SpaceGroupDetection[],
  reference: readonly SpaceGroupDetection[],
  options: { requested?: readonly (number | null)[]; requestedFrom?: string; symprec?: number } = {},
): SymmetryDiagnostics {
  const { requested } = options;
  if (requested && requested.length !== samples.length) throw new RangeError(`symmetryDiagnostics: ${requested.length} requested groups for ${samples.length} samples`);
  const s = spaceGroupSummary(samples);
  const r = spaceGroupSummary(reference);
  const numbers = (d: readonly SpaceGroupDetection[]) => d.flatMap((x) => (x.number === null ? [] : [x.number]));
  const sn = numbers(samples), rn = numbers(reference);
  const asked = requested?.flatMap((g, i) => (g === null ? [] : [{ g, found: samples[i]!.number }])) ?? [];
  return {
    symprec: options.symprec ?? SYMMETRY_SYMPREC,
    tolerance: "spglib",
    samples: s,
    reference: r,
    sgW1: sn.length && rn.length ? wassersteinDistance(sn, rn) : NaN,
    chiSquare: chiSquareHomogeneity(s.histogram, r.histogram),
    sgMatch: asked.length ? share(asked.filter((a) => a.found === a.g).length, asked.length) : null,
    requestedFrom: options.requestedFrom ?? "given",
  };
}

/** The requested space group of each crystal: its numeric `spaceGroup` property (set by the symmetry-first families), else null. */
export function requestedSpaceGroups(structures: readonly Structure[]): (number | null)[] {
  return structures.map((s) => {
    const g = s.properties?.["spaceGroup"];
    return typeof g === "number" && Number.isInteger(g) && g >= 1 && g <= 230 ? g : null;
  });
}

/** Options of detectSpaceGroups. */
export interface DetectSpaceGroupsOptions {
  /** Distance tolerance (Å), default SYMMETRY_SYMPREC (0.1). */
  symprec?: number;
  /** Run on worker threads (default true; needs `npm run build`, else runs in this thread). */
  parallel?: boolean;
  /** Number of worker threads (default: all cores). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

// Detections depend only on the (immutable) structure array and symprec: cached per array, so a reference split
// evaluated again (notebooks, several models against one test split) is detected once.
const cache = new WeakMap<readonly Structure[], Map<number, SpaceGroupDetection[]>>();

/** detectSpaceGroup of every structure (input order), on the worker pool; results are cached per array and symprec. */
export async function detectSpaceGroups(structures: readonly Structure[], options: DetectSpaceGroupsOptions = {}): Promise<SpaceGroupDetection[]> {
  const symprec = options.symprec ?? SYMMETRY_SYMPREC;
  const hit = cache.get(structures)?.get(symprec);
  if (hit) return hit;
  const context: SpaceGroupTaskContext = { symprec };
  const out = await runParallel<SpaceGroupDetection>(new URL("./worker-tasks.js", import.meta.url), "metrics.space-group", structures, {
    context,
    ...(options.parallel !== undefined ? { parallel: options.parallel } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const m = cache.get(structures) ?? new Map<number, SpaceGroupDetection[]>();
  m.set(symprec, out);
  cache.set(structures, m);
  return out;
}

/** Options of evaluateSymmetry: detection options and the requested group of each sample. */
export interface EvaluateSymmetryOptions extends DetectSpaceGroupsOptions {
  /** Requested space group per sample (default: requestedSpaceGroups of the samples). */
  requested?: readonly (number | null)[];
}

/**
 * Detects the space groups of samples and reference crystals and compares them (symmetryDiagnostics).
 * @throws RangeError when `requested` is not aligned with the samples
 */
export async function evaluateSymmetry(samples: readonly Structure[], reference: readonly Structure[], options: EvaluateSymmetryOptions = {}): Promise<SymmetryDiagnostics> {
  const { requested, onProgress, ...detect } = options;
  const total = samples.length + reference.length;
  const s = await detectSpaceGroups(samples, { ...detect, ...(onProgress ? { onProgress: (d) => onProgress(d, total) } : {}) });
  const r = await detectSpaceGroups(reference, { ...detect, ...(onProgress ? { onProgress: (d) => onProgress(samples.length + d, total) } : {}) });
  const from = requested ? "given" : "the property spaceGroup";
  return symmetryDiagnostics(s, r, { requested: requested ?? requestedSpaceGroups(samples), requestedFrom: from, symprec: options.symprec ?? SYMMETRY_SYMPREC });
}

/**
 * CSP: the space groups of all predictions (predictions[i] are the samples of target i) against those of the targets;
 * a prediction's requested group is its target's detected group.
 */
export async function evaluateCspSymmetry(predictions: readonly (readonly Structure[])[], targets: readonly Structure[], options: DetectSpaceGroupsOptions = {}): Promise<SymmetryDiagnostics> {
  if (predictions.length !== targets.length) throw new RangeError(`evaluateCspSymmetry: ${predictions.length} prediction lists for ${targets.length} targets`);
  const t = await detectSpaceGroups(targets, options);
  const p = await detectSpaceGroups(predictions.flat(), options);
  const requested = predictions.flatMap((list, i) => list.map(() => t[i]!.number));
  return symmetryDiagnostics(p, t, { requested, requestedFrom: "the target's detected group", symprec: options.symprec ?? SYMMETRY_SYMPREC });
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const failureNote = (f: Readonly<Record<string, number>>) => Object.entries(f).map(([why, n]) => `${n} ${why}`).join(", ") || "none";

/**
 * The metric rows of the diagnostics: p1_share (with its Wilson interval), p1_share_reference, sg_w1, sg_chi2,
 * sg_chi2_dof, sg_chi2_p, sg_detection_failures and, when samples had requested groups, sg_match_share.
 */
export function symmetryRows(d: SymmetryDiagnostics): MetricRow[] {
  const how = `moyo, symprec ${d.symprec} Å, spglib tolerance test`;
  const row = (metric: string, value: number, notes: string, n: number, ci?: readonly [number, number]): MetricRow => ({ metric, value, notes, n, ...(ci ? { ci95_low: ci[0], ci95_high: ci[1] } : {}) });
  const c = d.chiSquare;
  const chiNote = `${c.bins} bins${c.pooled.length ? ` after pooling ${c.pooled.length} space groups with an expected count < 5` : ""}`;
  return [
    row("p1_share", d.samples.p1.value, `fraction of samples whose detected space group is P1 (${how}); reference ${pct(d.reference.p1.value)}`, d.samples.p1.n, d.samples.p1.ci95),
    row("p1_share_reference", d.reference.p1.value, `fraction of reference crystals in P1 (${how})`, d.reference.p1.n, d.reference.p1.ci95),
    row("sg_w1", d.sgW1, `W1 between the space-group numbers (1–230) of samples and reference crystals (${how})`, d.samples.detected),
    row("sg_chi2", c.statistic, `χ² of homogeneity, sample vs reference space-group counts; ${chiNote}; dof ${c.dof}, p ${c.pValue === 0 ? "below 1e-300" : c.pValue.toPrecision(3)}`, d.samples.detected),
    row("sg_chi2_dof", c.dof, `degrees of freedom of sg_chi2 (${chiNote})`, d.samples.detected),
    row("sg_chi2_p", c.pValue, "p-value of sg_chi2 (χ² survival function)", d.samples.detected),
    row("sg_detection_failures", d.samples.n - d.samples.detected, `count of samples whose space group could not be detected (${failureNote(d.samples.failures)}); reference: ${failureNote(d.reference.failures)}`, d.samples.n),
    ...(d.sgMatch ? [row("sg_match_share", d.sgMatch.value, `fraction of samples whose detected space group equals the requested one (${d.requestedFrom}; ${how}); failed detections count as misses`, d.sgMatch.n, d.sgMatch.ci95)] : []),
  ];
}

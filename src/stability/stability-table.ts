// The per-structure S.U.N. table of generated crystals after relaxation: formation energy, energy above hull, relaxation
// outcome, RMSD to the relaxed crystal, uniqueness, novelty, stability at 0 and 0.1 eV/atom, S.U.N. in the MatterGen and
// FlowMM conventions (metrics-spec §11, via sunMetrics) and hull coverage; plus the summary with 95 % intervals.
import { reducedFormula } from "../crystal/composition.js";
import type { Structure } from "../crystal/structure.js";
import { formatCsv } from "../datasets/csv.js";
import type { MetricRow } from "../metrics/evaluate.js";
import { meanInterval, wilsonInterval } from "../metrics/intervals.js";
import { energyAboveHull } from "../metrics/stability/phase-diagram.js";
import { DEFAULT_MATCHER, type MatcherOptions, getRmsDist } from "../metrics/structure-matcher/index.js";
import { type SunConvention, type SunResult, sunMetrics } from "../metrics/sun.js";
import { type HullCoverage, hullCoverage } from "./hull-coverage.js";
import type { RelaxStatus } from "./relax/relax-result.js";
import { type HullReferences, structureComposition } from "./hull-references.js";

/** One generated crystal after relaxation and formation-energy prediction: the input row of the table. */
export interface GeneratedCrystal {
  readonly id: string;
  /** The crystal as generated. */
  readonly initial: Structure;
  /** The final structure of the relaxation (null when it did not run or exploded without a usable structure). */
  readonly relaxed: Structure | null;
  readonly status: RelaxStatus;
  /** Relaxation steps taken. */
  readonly steps: number;
  /** Predicted formation energy per atom of the relaxed crystal (eV/atom), null when there is none. */
  readonly formationEnergyPerAtom: number | null;
}

/** One row of the per-structure table. */
export interface StabilityRecord {
  readonly id: string;
  /** Reduced formula (pymatgen rules) of the generated crystal. */
  readonly formula: string;
  /** As given (eV/atom), null when missing. */
  readonly formationEnergyPerAtom: number | null;
  /** Energy above the reference hull (eV/atom, negative below it); null for exploded/refused crystals and missing energies. */
  readonly eAboveHull: number | null;
  readonly status: RelaxStatus;
  /** status === "converged". */
  readonly converged: boolean;
  readonly steps: number;
  /** Which structure uniqueness and novelty were judged on: the relaxed one when the relaxation converged, else the generated one. */
  readonly judged: "relaxed" | "initial";
  /**
   * StructureMatcher `get_rms_dist(relaxed, generated)` RMS, normalised by (V/N)^(1/3) as pymatgen (dimensionless);
   * null when they do not match, or for exploded/refused crystals and crystals without a relaxed structure.
   */
  readonly rmsdToRelaxed: number | null;
  /** MatterGen convention: first of its duplicate class (`fit`) within the sample set. */
  readonly unique: boolean;
  /** MatterGen convention: no `fit` match among the training/reference structures of the same reduced formula. */
  readonly novel: boolean;
  /** E_hull ≤ 0 eV/atom. */
  readonly stableAt0: boolean;
  /** E_hull ≤ 0.1 eV/atom. */
  readonly stableAt0p1: boolean;
  /** MatterGen S.U.N.: E_hull ≤ 0.1 ∧ unique ∧ novel. */
  readonly sunMatterGen: boolean;
  /** FlowMM S.U.N.: ≥ 2 elements ∧ E_hull ≤ 0 ∧ novel (`get_rms_dist`), later duplicates removed. */
  readonly sunFlowMM: boolean;
  readonly hullCoverage: HullCoverage;
}

/** A count of crystals out of a denominator, with its fraction and Wilson 95 % interval. */
export interface Proportion {
  readonly count: number;
  readonly n: number;
  readonly fraction: number;
  readonly ci95: readonly [number, number];
}

/** The S.U.N. summary in one convention (sunMetrics' definitions; every generated crystal in the denominators). */
export interface ConventionSummary {
  readonly convention: SunConvention;
  /** Stability threshold on E_hull (eV/atom, ≤). */
  readonly stabilityThreshold: number;
  readonly stable: Proportion;
  /** MatterGen: unique over all crystals; FlowMM: unique among the stable ones. */
  readonly unique: Proportion;
  readonly novel: Proportion;
  readonly sun: Proportion;
}

/** Summary of the table. */
export interface StabilitySummary {
  /** Generated crystals (every row, failed ones included). */
  readonly n: number;
  /** Crystals per relaxation status. */
  readonly status: Readonly<Record<RelaxStatus, number>>;
  /** Crystals without an energy above hull (exploded, refused, or no formation energy): never stable. */
  readonly withoutEnergy: number;
  /** Crystals whose full chemical system has no reference entry (HullCoverage.uncovered). */
  readonly uncoveredHull: number;
  /** Mean E_hull (eV/atom) over crystals that have one. */
  readonly meanEAboveHull: number;
  /** Mean normalised RMSD to the relaxed structure over matched pairs, with its normal 95 % interval. */
  readonly rmsdToRelaxed: { readonly mean: number; readonly n: number; readonly ci95: readonly [number, number] };
  readonly mattergen: ConventionSummary;
  readonly flowmm: ConventionSummary;
}

/** The table and its summary. */
export interface StabilityTable {
  readonly records: StabilityRecord[];
  readonly summary: StabilitySummary;
}

/** Options of stabilityTable. */
export interface StabilityTableOptions {
  /** StructureMatcher settings for RMSD, uniqueness and novelty (default pymatgen's 0.2/0.3/5°). */
  matcher?: MatcherOptions;
  /** Progress: RMSDs, then MatterGen and FlowMM novelty checks (3 per crystal). */
  onProgress?: (done: number, total: number) => void;
}

/** The coverage reported for a crystal without sites (an unreadable input kept as a placeholder): nothing is covered. */
const NO_SITES: HullCoverage = { chemicalSystem: "", subsystems: 0, covered: 0, coveredFraction: 0, missing: [], uncovered: true };

const MATTERGEN_THRESHOLD = 0.1;
const FLOWMM_THRESHOLD = 0.0;

/** Whether the relaxation ran to an end (converged or out of steps), rather than exploding or being refused. */
const ranToEnd = (c: GeneratedCrystal) => c.status === "converged" || c.status === "not-converged";

/** Whether a crystal's energy is judged: the relaxation ran to an end and a finite formation energy is given. */
const hasUsableEnergy = (c: GeneratedCrystal) => ranToEnd(c) && c.formationEnergyPerAtom !== null && Number.isFinite(c.formationEnergyPerAtom);

/** get_rms_dist(relaxed, initial).rms, or null (no match, no usable relaxed structure, or a cell the matcher refuses). */
function rmsdToRelaxed(c: GeneratedCrystal, matcher: MatcherOptions): number | null {
  if (!c.relaxed || !ranToEnd(c)) return null;
  try {
    return getRmsDist(c.relaxed, c.initial, matcher)?.rms ?? null;
  } catch {
    return null;
  }
}

function proportion(count: number, n: number): Proportion {
  return { count, n, fraction: n ? count / n : NaN, ci95: wilsonInterval(count, n) };
}

const share = (flags: readonly boolean[]) => proportion(flags.filter(Boolean).length, flags.length);

function conventionSummary(convention: SunConvention, stabilityThreshold: number, r: SunResult): ConventionSummary {
  return { convention, stabilityThreshold, stable: share(r.isStable), unique: share(r.isUnique), novel: share(r.isNovel), sun: share(r.isSun) };
}

/**
 * The per-structure stability table of generated crystals. E_hull = predicted formation energy − hull energy of the
 * composition against the references (exploded and refused crystals get none, whatever energy they carry).
 * Uniqueness and novelty are judged on the relaxed structure when the relaxation converged, else on the generated one
 * (a non-converged final structure is no more trustworthy than the generated one). Novelty is against `training`
 * (the training and reference crystals). S.U.N. flags and summaries come from sunMetrics run in both conventions;
 * every row counts in the denominators.
 * @throws PhaseDiagramError when a crystal has no sites.
 */
export function stabilityTable(
  crystals: readonly GeneratedCrystal[],
  references: HullReferences,
  training: readonly Structure[],
  options: StabilityTableOptions = {},
): StabilityTable {
  const matcher = options.matcher ?? DEFAULT_MATCHER;
  const n = crystals.length;
  const progress = (offset: number) => (done: number) => options.onProgress?.(offset + done, 3 * n);
  const pd = references.phaseDiagram;
  const eAboveHull = crystals.map((c) => (hasUsableEnergy(c) ? energyAboveHull(pd, structureComposition(c.initial), c.formationEnergyPerAtom!) : null));
  const rmsd = crystals.map((c, i) => {
    const r = rmsdToRelaxed(c, matcher);
    progress(0)(i + 1);
    return r;
  });
  const judged = crystals.map((c) => (c.status === "converged" && c.relaxed ? c.relaxed : c.initial));
  const mattergen = sunMetrics(judged, eAboveHull, training, { convention: "mattergen", stabilityThreshold: MATTERGEN_THRESHOLD, matcher, onProgress: progress(n) });
  const flowmm = sunMetrics(judged, eAboveHull, training, { convention: "flowmm", stabilityThreshold: FLOWMM_THRESHOLD, matcher, onProgress: progress(2 * n) });
  const records = crystals.map((c, i): StabilityRecord => {
    const e = eAboveHull[i]!;
    return {
      id: c.id,
      formula: reducedFormula(c.initial.species, c.initial.occupancies),
      formationEnergyPerAtom: c.formationEnergyPerAtom,
      eAboveHull: e,
      status: c.status,
      converged: c.status === "converged",
      steps: c.steps,
      judged: judged[i] === c.relaxed ? "relaxed" : "initial",
      rmsdToRelaxed: rmsd[i]!,
      unique: mattergen.isUnique[i]!,
      novel: mattergen.isNovel[i]!,
      stableAt0: e !== null && e <= FLOWMM_THRESHOLD,
      stableAt0p1: e !== null && e <= MATTERGEN_THRESHOLD,
      sunMatterGen: mattergen.isSun[i]!,
      sunFlowMM: flowmm.isSun[i]!,
      hullCoverage: c.initial.species.length ? hullCoverage(pd, structureComposition(c.initial)) : NO_SITES,
    };
  });
  const matched = rmsd.filter((r): r is number => r !== null);
  const statuses: RelaxStatus[] = ["converged", "not-converged", "exploded", "refused"];
  const summary: StabilitySummary = {
    n,
    status: Object.fromEntries(statuses.map((s) => [s, crystals.filter((c) => c.status === s).length])) as Record<RelaxStatus, number>,
    withoutEnergy: eAboveHull.filter((e) => e === null).length,
    uncoveredHull: records.filter((r) => r.hullCoverage.uncovered).length,
    meanEAboveHull: mattergen.avgEAboveHull,
    rmsdToRelaxed: { mean: matched.length ? matched.reduce((s, x) => s + x, 0) / matched.length : NaN, n: matched.length, ci95: meanInterval(matched) },
    mattergen: conventionSummary("mattergen", MATTERGEN_THRESHOLD, mattergen),
    flowmm: conventionSummary("flowmm", FLOWMM_THRESHOLD, flowmm),
  };
  return { records, summary };
}

/**
 * The summary as metric rows (value = fraction or mean, n = denominator, Wilson or normal 95 % interval), for the
 * CLI's metric printing and report files.
 */
export function stabilitySummaryRows(summary: StabilitySummary): MetricRow[] {
  const row = (metric: string, p: Proportion, notes: string): MetricRow => ({ metric, value: p.fraction, notes: `${p.count}/${p.n}; ${notes}`, n: p.n, ci95_low: p.ci95[0], ci95_high: p.ci95[1] });
  const convention = (c: ConventionSummary, matcher: string, extra: string): MetricRow[] => [
    row(`${c.convention}_stable`, c.stable, `fraction with E_hull ≤ ${c.stabilityThreshold} eV/atom${extra}`),
    row(`${c.convention}_unique`, c.unique, `fraction unique within the sample (${matcher})${c.convention === "flowmm" ? " among the stable ones" : ""}`),
    row(`${c.convention}_novel`, c.novel, `fraction not matching a training/reference crystal (${matcher})`),
    row(`${c.convention}_sun`, c.sun, `fraction stable ∧ unique ∧ novel, ${c.convention} convention`),
  ];
  const failed = `${summary.withoutEnergy} crystals without an energy (exploded ${summary.status.exploded}, refused ${summary.status.refused}) count as not stable`;
  return [
    row("relaxation_converged", proportion(summary.status.converged, summary.n), `not converged ${summary.status["not-converged"]}, exploded ${summary.status.exploded}, refused ${summary.status.refused}`),
    row("hull_uncovered", proportion(summary.uncoveredHull, summary.n), "fraction whose chemical system has no reference entry (E_hull against elements and subsystems only)"),
    { metric: "mean_e_above_hull", value: summary.meanEAboveHull, notes: "eV/atom, over crystals with an energy", n: summary.n - summary.withoutEnergy },
    {
      metric: "rmsd_to_relaxed",
      value: summary.rmsdToRelaxed.mean,
      notes: "get_rms_dist(relaxed, generated) RMS / (V/N)^(1/3), over matched pairs",
      n: summary.rmsdToRelaxed.n,
      ci95_low: summary.rmsdToRelaxed.ci95[0],
      ci95_high: summary.rmsdToRelaxed.ci95[1],
    },
    ...convention(summary.mattergen, "fit", `; ${failed}`),
    ...convention(summary.flowmm, "get_rms_dist", `, ≥ 2 elements; ${failed}`),
  ];
}

/** Columns of table.csv, in order. */
const CSV_COLUMNS: readonly [string, (r: StabilityRecord) => unknown][] = [
  ["id", (r) => r.id],
  ["formula", (r) => r.formula],
  ["formation_energy_per_atom", (r) => r.formationEnergyPerAtom],
  ["e_above_hull", (r) => r.eAboveHull],
  ["status", (r) => r.status],
  ["converged", (r) => r.converged],
  ["steps", (r) => r.steps],
  ["judged_structure", (r) => r.judged],
  ["rmsd_to_relaxed", (r) => r.rmsdToRelaxed],
  ["unique", (r) => r.unique],
  ["novel", (r) => r.novel],
  ["stable_0", (r) => r.stableAt0],
  ["stable_0.1", (r) => r.stableAt0p1],
  ["sun_mattergen", (r) => r.sunMatterGen],
  ["sun_flowmm", (r) => r.sunFlowMM],
  ["chemical_system", (r) => r.hullCoverage.chemicalSystem],
  ["hull_coverage", (r) => r.hullCoverage.coveredFraction],
  ["hull_uncovered", (r) => r.hullCoverage.uncovered],
  ["hull_missing_systems", (r) => r.hullCoverage.missing.join(" ")],
];

/**
 * The table as CSV text (LF, header row; empty cells for null; booleans True/False like pandas). Energies in eV/atom,
 * rmsd_to_relaxed dimensionless, hull_missing_systems space-separated chemical systems.
 */
export function stabilityTableToCsv(records: readonly StabilityRecord[]): string {
  return formatCsv(CSV_COLUMNS.map(([name]) => name), CSV_COLUMNS.map(([, get]) => records.map(get)));
}

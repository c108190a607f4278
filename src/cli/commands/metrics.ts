// `xtal metrics`: de novo generation metrics or CSP match rate of generated crystals against a reference set.
import type { Structure } from "../../crystal/structure.js";
import { covCutoffsOf } from "../../datasets/registry.js";
import { type Dataset, loadDataset } from "../../datasets/load.js";
import { type MetricRow, evaluateCsp, evaluateGeneration, metricRows } from "../../metrics/evaluate.js";
import { evaluateSymmetry } from "../../metrics/symmetry/index.js";
import { datasetSpec } from "../../datasets/registry.js";
import {
  initBackend, loadM3gnetPotential, predictBothSides, predictedPropertyRows,
} from "../../models/index.js";
import { loadPredictorCheckpoint } from "../predictor-checkpoint.js";
import { FORMATION_ENERGY_COLUMN, assessStability, stabilitySummaryRows } from "../../stability/index.js";
import { type LoadedCrystals, loadAllCrystals, loadCrystals } from "../crystal-inputs.js";
import { datasetSplits, isDatasetSplit } from "../dataset-splits.js";
import { EFORM_FLAGS, EFORM_USAGE, formationEnergyModelOf } from "../eform-flags.js";
import { HULL_FLAGS, HULL_USAGE, RELAX_FLAGS, RELAX_USAGE, hullReferencesOf, relaxOptionsOf } from "../stability-flags.js";
import { formatMetricRows, formatSpaceGroups } from "../metric-rows.js";
import { CliUsageError, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../types.js";

const FLAGS = {
  generated: { type: "string", multiple: true },
  reference: { type: "string" },
  dataset: { type: "string" },
  task: { type: "string" },
  json: { type: "boolean" },
  seed: { type: "number" },
  sampling: { type: "string" },
  smact: { type: "string" },
  gating: { type: "string" },
  "implausible-cells": { type: "string" },
  "id-column": { type: "string" },
  "no-fingerprint": { type: "boolean" },
  "predicted-only": { type: "boolean" },
  stability: { type: "boolean" },
  predictor: { type: "string" },
  ...HULL_FLAGS,
  ...EFORM_FLAGS,
  ...RELAX_FLAGS,
} as const;

function formatRows(rows: MetricRow[], json: boolean, extra: Record<string, unknown>): string {
  if (!json) return formatMetricRows(rows, 8);
  const finite = (v: number | undefined) => (v !== undefined && !Number.isFinite(v) ? null : v);
  return `${JSON.stringify({ ...extra, metrics: rows.map((r) => ({ ...r, value: finite(r.value), ci95_low: finite(r.ci95_low), ci95_high: finite(r.ci95_high) })) }, null, 1)}\n`;
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliUsageError(`metrics: --${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
  return value as T;
}

/** The S.U.N. rows of `xtal metrics --stability`: relax, formation energies, hull (default: the reference dataset's DFT energies). */
async function stabilityRows(
  flags: { hull?: string | undefined; entries?: string | undefined; "eform-shift"?: string | undefined; fmax?: number | undefined; steps?: number | undefined; "fixed-cell": boolean; "batch-size"?: number | undefined; workers?: number | undefined },
  generated: LoadedCrystals,
  reference: readonly Structure[],
  referenceDataset: string | undefined,
  io: CliIO,
  progress: (label: string) => (done: number, total: number) => void,
): Promise<MetricRow[]> {
  const relax = relaxOptionsOf("metrics", flags);
  const defaults = referenceDataset && datasetSpec(referenceDataset).columns.some((c) => c.name === FORMATION_ENERGY_COLUMN) ? [referenceDataset] : [];
  const references = await hullReferencesOf("metrics", flags, defaults, io);
  await initBackend();
  const crystals = generated.structures.map((structure, i) => ({ id: generated.ids[i]!, structure }));
  const perStage = new Map<string, (done: number, total: number) => void>();
  const onProgress = (stage: string, done: number, total: number) => {
    if (!perStage.has(stage)) perStage.set(stage, progress(stage));
    perStage.get(stage)!(done, total);
  };
  const { table } = await assessStability(crystals, loadM3gnetPotential(), formationEnergyModelOf(flags), references, reference, { relax, onProgress });
  return stabilitySummaryRows(table.summary);
}

/** Both sides with the predictor's values attached, and the summary rows of the generated crystals. */
async function predictedSides(dir: string, generated: readonly Structure[], reference: readonly Structure[], onProgress: (done: number, total: number) => void) {
  const predictor = await loadPredictorCheckpoint("metrics", dir);
  try {
    const sides = await predictBothSides(predictor, generated, reference, onProgress);
    return { ...sides, rows: predictedPropertyRows(sides.onGenerated, `${generated.length} generated crystals`) };
  } finally {
    predictor.dispose();
  }
}

const metrics: CliCommand = {
  name: "metrics",
  summary: "generation metrics (validity, W1, COV, diversity, symmetry) or CSP match rate of generated crystals vs a reference",
  usage: [
    "usage: xtal metrics --generated FILE|DIR [--generated …] --reference FILE|DIR|DATASET:SPLIT [--dataset NAME] [--task gen|csp] [--json]",
    "",
    "  --generated     CSV with a `cif` column (.csv/.csv.gz), a folder of CIF/POSCAR files, or one structure file;",
    "                  repeat it to score several files as one set (e.g. samples drawn by parallel processes)",
    "  --reference     the same kinds of input, or a registered dataset split such as perov_5:test",
    "  --dataset       registered dataset whose COV cutoffs to use (default: the reference dataset's)",
    "  --task          gen (default): de novo metrics; csp: match rate / RMSE of predictions vs targets",
    "                  both: symmetry rows (space groups by moyo at symprec 0.1 Å: p1_share, sg_w1, sg_chi2 against the",
    "                  reference, sg_match_share against a sample's spaceGroup property or, csp, its target's group);",
    "                  --json adds the space-group histograms (\"symmetry\")",
    "  --id-column     csp: pair predictions with targets by this CSV column (k rows per id = k samples); default: by order",
    "  --predicted-only  csp with --id-column: score only the targets that have predictions (e.g. the first N of a",
    "                  split, from `xtal evaluate --limit N --samples`); default: targets without any count as unmatched",
    "  --seed          seed of the 1000-crystal property sample (default 0)",
    "  --sampling      sample (default, CDVAE) | valid | all",
    "  --smact         2.2.1 (default) | strict",
    "  --gating        csp validity gate: diffcsp (default) | cdvae",
    "  --implausible-cells  csp: unmatched (default, as xtal evaluate): exploded or collapsed cells count as unmatched",
    "                  samples (implausible_samples row); keep: hand them to the matcher",
    "  --no-fingerprint  skip CrystalNN (COV and struct diversity become n/a; much faster)",
    "  --predictor DIR gen: a property-predictor checkpoint (xtal train cgcnn): adds the W1 between the predicted",
    "                  property of the generated and of the reference crystals (CDVAE's property W1, both sides predicted)",
    "                  and the generated crystals' predicted mean, median and mean ensemble std",
    "  --stability     gen: also relax the crystals with M3GNet and add the S.U.N. rows (MatterGen and FlowMM conventions;",
    "                  novelty against --reference; per-crystal table: xtal stability). Hull and relaxation flags:",
    ...HULL_USAGE,
    ...RELAX_USAGE,
    ...EFORM_USAGE,
    "  --json          machine-readable output",
  ].join("\n"),
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length) throw new CliUsageError(`metrics: unexpected argument "${positionals[0]}"`);
    if (flags.generated.length === 0) throw new CliUsageError("metrics: --generated FILE is required");
    if (!flags.reference) throw new CliUsageError("metrics: --reference FILE or DATASET:SPLIT is required");
    const task = pick(flags.task, ["gen", "csp"] as const, "task") ?? "gen";
    const sampling = pick(flags.sampling, ["sample", "valid", "all"] as const, "sampling");
    const smactMode = pick(flags.smact, ["2.2.1", "strict"] as const, "smact");
    const gating = pick(flags.gating, ["cdvae", "diffcsp"] as const, "gating");
    const implausibleCells = pick(flags["implausible-cells"], ["unmatched", "keep"] as const, "implausible-cells");
    if (flags.stability) relaxOptionsOf("metrics", flags); // bad relaxation flags fail before the long de novo metrics
    // A dataset reference carries its registry cutoffs; --dataset names them explicitly (unknown names are bad input).
    const covCutoffs = flags.dataset ? covCutoffsOf(flags.dataset) : undefined;
    const progress = (label: string) => {
      let last = -1;
      return (done: number, total: number) => {
        const pct = Math.floor((100 * done) / Math.max(1, total));
        if (!flags.json && pct !== last && pct % 10 === 0) io.stderr(`${label}: ${pct}% (${done}/${total})\n`);
        last = pct;
      };
    };
    const generated = await loadAllCrystals("metrics", flags.generated, task === "csp" ? flags["id-column"] : undefined);
    for (const u of generated.unreadable) io.stderr(`metrics: unreadable generated crystal ${u.where}: ${u.reason} (counted as invalid)\n`);
    const [name, splitName] = isDatasetSplit(flags.reference) ? datasetSplits(flags.reference, "metrics", "--reference")[0]! : [];
    const split = name && splitName ? { name, split: splitName } : null;
    let reference: Dataset | LoadedCrystals;
    if (split) reference = await loadDataset(split.name, split.split, { onProgress: progress("loading reference") });
    else {
      reference = await loadCrystals("metrics", flags.reference, task === "csp" ? flags["id-column"] : undefined);
      if (reference.unreadable.length) throw new CliUsageError(`metrics: reference ${reference.unreadable[0]!.where} is unreadable: ${reference.unreadable[0]!.reason}`);
    }
    const refStructures = reference.structures;
    const refIds = "provenance" in reference ? reference.structures.map((s) => String(s.properties?.id)) : reference.ids;
    const fingerprint = flags["no-fingerprint"] ? ("none" as const) : ("crystalnn" as const);
    const extra = { generated: flags.generated.length === 1 ? flags.generated[0] : flags.generated, reference: flags.reference, nGenerated: generated.structures.length, nUnreadable: generated.unreadable.length, nReference: refStructures.length };
    if (task === "gen") {
      const predicted = flags.predictor ? await predictedSides(flags.predictor, generated.structures, refStructures, progress("predicting")) : null;
      const genStructures = predicted?.generated ?? generated.structures;
      const refSet = { ...("provenance" in reference ? reference : {}), structures: predicted?.reference ?? refStructures };
      const table = await evaluateGeneration(genStructures, refSet, {
        ...(predicted ? { properties: [predicted.column] } : {}),
        ...(covCutoffs ? { covCutoffs } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(sampling ? { sampling } : {}),
        ...(smactMode ? { smactMode } : {}),
        structFingerprint: fingerprint,
        onProgress: progress("metrics"),
      });
      const rows = [...metricRows(table), ...(predicted?.rows ?? [])];
      if (flags.stability) rows.push(...(await stabilityRows(flags, generated, refStructures, split?.name, io, progress)));
      // The space groups behind the symmetry rows (detected for the table, cached): histograms and failures.
      const symmetry = await evaluateSymmetry(genStructures, refSet.structures);
      io.stdout(formatRows(rows, flags.json, { ...extra, symmetry }) + (flags.json ? "" : formatSpaceGroups(symmetry)));
      return 0;
    }
    if (flags.stability) throw new CliUsageError("metrics: --stability is for de novo samples (--task gen)");
    if (flags.predictor) throw new CliUsageError("metrics: --predictor is for de novo samples (--task gen)");
    // CSP: pair by id column (k samples per id) or by order (one sample per target).
    let predictions: Structure[][];
    let targets: Structure[] = refStructures;
    if (flags["id-column"]) {
      const byId = new Map<string, Structure[]>();
      generated.ids.forEach((id, i) => byId.set(id, [...(byId.get(id) ?? []), generated.structures[i]!]));
      const known = new Set(refIds);
      const unknown = [...byId.keys()].filter((id) => !known.has(id));
      if (unknown.length) io.stderr(`metrics: ${unknown.length} ${flags["id-column"]} values of the predictions are not in the reference (ignored), e.g. "${unknown[0]}"\n`);
      const kept = refIds.map((id, i) => ({ id, i })).filter(({ id }) => !flags["predicted-only"] || byId.has(id));
      predictions = kept.map(({ id }) => byId.get(id) ?? []);
      targets = kept.map(({ i }) => refStructures[i]!);
      const missing = refIds.length - [...byId.keys()].filter((id) => known.has(id)).length;
      if (flags["predicted-only"]) io.stderr(`metrics: scoring the ${targets.length} of ${refIds.length} reference crystals that have predictions\n`);
      else if (missing) io.stderr(`metrics: ${missing} reference crystals have no prediction with the same ${flags["id-column"]} (counted as unmatched; --predicted-only leaves them out)\n`);
    } else {
      if (flags["predicted-only"]) throw new CliUsageError("metrics: --predicted-only needs --id-column to know which targets were predicted");
      if (generated.structures.length !== refStructures.length)
        throw new CliUsageError(`metrics: --task csp pairs by order, but there are ${generated.structures.length} predictions for ${refStructures.length} targets (use --id-column for k samples per target)`);
      predictions = generated.structures.map((s) => [s]);
    }
    const table = await evaluateCsp(predictions, targets, {
      ...(gating ? { gating } : {}),
      ...(smactMode ? { smactMode } : {}),
      ...(implausibleCells ? { implausibleCells } : {}),
      structFingerprint: fingerprint,
      onProgress: progress("matching"),
    });
    io.stdout(formatRows(metricRows(table), flags.json, { ...extra, nTargets: targets.length }));
    return 0;
  },
};

export default metrics;

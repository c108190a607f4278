// `xtal evaluate --checkpoint DIR | --baseline NAME`: chains sampling and metrics for any registered model or baseline.
// A CSP model samples predictions for the split's compositions and reports match rate and RMSE (StructureMatcher ltol 0.3,
// stol 0.5, angle_tol 10°); a de novo model samples --n crystals and reports the generation suite (validity, COV, W1)
// against the split and, for a conditioned model, the composition-proxy property of its samples.
import { writeFileSync } from "node:fs";
import * as aq from "arquero";
import { reducedFormula } from "../../crystal/composition.js";
import type { Structure } from "../../crystal/structure.js";
import { exportTable } from "../../datasets/export.js";
import { loadDataset } from "../../datasets/load.js";
import type { MetricRow } from "../../metrics/evaluate.js";
import { type GenerativeModel, backendInfo, createModel, evaluateCspModel, evaluateDeNovoModel, loadModel, modelFamilies, modelFamily } from "../../models/index.js";
import { CliUsageError, parseArgs, parseTarget, positiveIntegerFlag } from "../args.js";
import { samplerFlags, samplerSettings, samplerUsage } from "../family-flags.js";
import { formatMetricRows, formatSpaceGroups } from "../metric-rows.js";
import { sampleChecksSummary } from "../sample-checks.js";
import { loadPredictorCheckpoint } from "../predictor-checkpoint.js";
import { SAMPLING_FLAGS, SAMPLING_USAGE, samplingOptionsOf } from "../sampling-flags.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoint: { type: "string" },
  baseline: { type: "string" },
  dataset: { type: "string" },
  split: { type: "string" },
  limit: { type: "number" },
  k: { type: "number" },
  skip: { type: "number" },
  from: { type: "string" },
  seed: { type: "number" },
  "batch-size": { type: "number" },
  fingerprint: { type: "string" },
  "implausible-cells": { type: "string" },
  n: { type: "number" },
  target: { type: "string" },
  predictor: { type: "string" },
  guidance: { type: "number" },
  out: { type: "string" },
  samples: { type: "string" },
  json: { type: "boolean" },
  ...SAMPLING_FLAGS,
} as const;

/** The registered baselines' short names. */
const baselineNames = () => modelFamilies().flatMap((f) => (f.baselineName ? [f.baselineName] : []));

const evaluate: CliCommand = {
  name: "evaluate",
  summary: "sample a model or baseline and score it on a split: CSP match rate/RMSE, or the de novo suite (validity, COV, W1)",
  get usage() {
    return [
      `usage: xtal evaluate (--checkpoint DIR | --baseline ${baselineNames().join("|")}) [--dataset NAME] [--split test] [--skip M] [--limit N] [--k 1]`,
      "                     [--seed 0] [--batch-size B] [--fingerprint crystalnn|none] [--implausible-cells unmatched|keep]",
      "                     [--out FILE.json] [--samples FILE.csv] [--json] [--workers N] [--chunk-size C] [--single-stream] [sampler settings]",
      "",
      "  CSP: samples k structures per target composition of the split (first N targets with --limit) and matches them",
      "  with StructureMatcher(ltol 0.3, stol 0.5, angle_tol 10); RMSE is divided by (V/N)^(1/3)",
      "  --skip M            CSP: leave out the first M targets (tune sampler settings on targets you do not report)",
      "  --implausible-cells unmatched (default): exploded or collapsed cells count as unmatched samples; keep: match them",
      "  --fingerprint none  validity gate without CrystalNN fingerprints (faster; default crystalnn as the reference)",
      "  --samples FILE.csv  also write the drawn crystals (cif column; CSP: target_id and sample columns), so they can be",
      "                      rescored with `xtal metrics --generated FILE.csv --task csp --id-column target_id`",
      "",
      "  de novo: xtal evaluate --checkpoint DIR [--split test] [--n 1000] [--target PROP=VALUE --guidance S]",
      "  samples N crystals and reports validity, COV-R/P (CrystalNN + Magpie), W1 of density and #elements against the",
      "  split; a conditioned model also reports its property on the samples by the nearest-composition proxy.",
      "  --predictor DIR     de novo: a property-predictor checkpoint (xtal train cgcnn): the samples' predicted property",
      "                      (mean with its interval, median, mean ensemble std) replaces the proxy, and the W1 between the",
      "                      predicted property of the samples and of the split is added (as CDVAE's property W1)",
      "  COV-R grows with N: the published tables score 10,000 samples (DiffCSP's generation.py: 20 batches of 500)",
      "  both: symmetry rows from space groups detected by moyo at symprec 0.1 Å — p1_share (95 % interval), sg_w1 and",
      "  sg_chi2 (χ² of homogeneity, dof, p) against the split, sg_match_share (de novo: against a sample's spaceGroup",
      "  property; CSP: against its target's group), sg_detection_failures; --out/--json add the histograms (\"symmetry\")",
      "",
      "  baselines (registered families that only sample):",
      ...modelFamilies().filter((f) => f.baselineName).map((f) => `  --baseline ${f.baselineName!.padEnd(8)} ${f.summary}${f.tasks.includes("gen") ? " (--from SPLIT: the split it draws from)" : ""}`),
      "",
      "  sampling (a checkpoint samples on worker threads; a baseline, built in memory, in this thread):",
      ...SAMPLING_USAGE,
      ...samplerUsage(),
    ].join("\n");
  },
  async run(argv, io) {
    const { flags } = parseArgs(argv, { ...samplerFlags(), ...FLAGS });
    if (!flags.checkpoint === !flags.baseline) throw new CliUsageError(`evaluate: give exactly one of --checkpoint DIR or --baseline ${baselineNames().join("|")}`);
    const k = positiveIntegerFlag("evaluate", "k", flags.k ?? 1);
    const fingerprint = flags.fingerprint ?? "crystalnn";
    if (fingerprint !== "crystalnn" && fingerprint !== "none") throw new CliUsageError(`evaluate: --fingerprint must be crystalnn or none`);
    const policy = flags["implausible-cells"] ?? "unmatched";
    if (policy !== "unmatched" && policy !== "keep") throw new CliUsageError(`evaluate: --implausible-cells must be unmatched or keep`);
    const parallel = samplingOptionsOf("evaluate", flags);
    const model = flags.checkpoint ? await loadModel(flags.checkpoint) : await baselineModel(flags.baseline!, flags.dataset, flags.from);
    try {
      const family = modelFamily(model.config.family);
      const settings = samplerSettings(family, flags as Record<string, unknown>);
      const name = flags.dataset ?? model.config.training?.dataset;
      if (!name) throw new CliUsageError("evaluate: --dataset NAME is required");
      const deNovo = !model.config.tasks.includes("csp");
      if (!deNovo && flags.n !== undefined) throw new CliUsageError("evaluate: --n is for de novo models and baselines");
      if (!deNovo && (flags.target || flags.guidance !== undefined)) throw new CliUsageError("evaluate: --target and --guidance are for de novo checkpoints");
      if (!deNovo && flags.predictor) throw new CliUsageError("evaluate: --predictor is for de novo checkpoints and baselines");
      if (deNovo && flags.k !== undefined) throw new CliUsageError("evaluate: --k is for CSP (de novo: --n)");
      const split = flags.split ?? "test";
      const skip = flags.skip ?? 0;
      if (!(Number.isInteger(skip) && skip >= 0)) throw new CliUsageError(`evaluate: --skip must be a non-negative integer (got ${skip})`);
      if (skip > 0 && deNovo) throw new CliUsageError("evaluate: --skip is for CSP targets (de novo samples are scored against the whole split)");
      const ds = await loadDataset(name, split, flags.limit !== undefined ? { limit: skip + flags.limit } : {});
      const targets = ds.structures.slice(skip);
      const seed = flags.seed ?? 0;
      let last = 0;
      const progress = (what: string) => (d: number, total: number) => {
        if (flags.json || Date.now() - last < 10000) return;
        last = Date.now();
        io.stderr(`${what} ${d}/${total}\n`);
      };
      const common = {
        ...parallel, seed, settings, structFingerprint: fingerprint, onWarning: (m: string) => io.stderr(`${m}\n`),
        ...(flags.checkpoint ? { checkpoint: flags.checkpoint } : {}), ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}),
      } as const;
      const who = flags.checkpoint
        ? { checkpoint: flags.checkpoint, family: family.name, settings, backend: backendInfo()?.name }
        : { baseline: flags.baseline, family: family.name, ...(flags.from ? { from: flags.from } : {}) };
      const label = flags.checkpoint ? `${family.name} ${flags.checkpoint}` : `${flags.baseline} baseline (${family.name}${flags.from ? `, drawn from ${name}/${flags.from}` : ""})`;
      let report: Record<string, unknown>, rows: MetricRow[], drawn: { structure: Structure; targetId: string; sample: number }[], timing: string;
      if (deNovo) {
        const target = flags.target ? parseTarget(flags.target) : undefined;
        const predictor = flags.predictor ? await loadPredictorCheckpoint("evaluate", flags.predictor) : undefined;
        const r = await evaluateDeNovoModel(model, ds, {
          ...common, ...(predictor ? { predictor, onPredictProgress: progress("predicting") } : {}), n: flags.n ?? 1000, ...(target ? { target } : {}), ...(flags.guidance !== undefined ? { guidance: flags.guidance } : {}),
          onSampleProgress: progress("sampling"), onEvaluateProgress: progress("evaluating"),
        }).finally(() => predictor?.dispose());
        rows = r.rows;
        drawn = r.samples.map((s) => ({ structure: s, targetId: "", sample: 0 }));
        report = { model: who, dataset: name, split, reference: targets.length, n: r.samples.length, seed, fingerprint, ...(target ? { target, guidance: flags.guidance ?? 1 } : {}), ...(flags.predictor ? { predictor: flags.predictor } : {}), sampleSeconds: r.sampleSeconds, evaluateSeconds: r.evaluateSeconds, symmetry: r.symmetry };
        io.stdout(flags.json ? "" : `${label} (de novo), ${r.samples.length} samples vs ${name}/${split} (${targets.length} crystals)${target ? `, target ${target.property}=${target.value} guidance ${flags.guidance ?? 1}` : ""}\n`);
        timing = `${formatSpaceGroups(r.symmetry)}  sampling ${r.sampleSeconds.toFixed(1)} s, metrics ${r.evaluateSeconds.toFixed(1)} s\n`;
      } else {
        const r = await evaluateCspModel(model, targets, { ...common, k, implausibleCells: policy, onProgress: progress("sampling"), onMatchProgress: progress("evaluating") });
        rows = r.rows;
        drawn = r.samples.flatMap((list, t) => list.map((s, j) => ({ structure: s, targetId: String(targets[t]!.properties?.["id"] ?? t), sample: j })));
        report = { model: who, dataset: name, split, ...(skip > 0 ? { skip } : {}), targets: targets.length, k, seed, fingerprint, implausibleCells: policy, sampleSeconds: r.sampleSeconds, matchSeconds: r.matchSeconds };
        io.stdout(flags.json ? "" : `${label} on ${name}/${split}, ${targets.length} targets, k=${k}\n`);
        timing = `  sampling ${r.sampleSeconds.toFixed(1)} s, matching ${r.matchSeconds.toFixed(1)} s\n`;
      }
      if (flags.samples) writeSamples(flags.samples, drawn);
      Object.assign(report, sampleChecksSummary(drawn.map((d) => d.structure)));
      const result = { ...report, metrics: Object.fromEntries(rows.map((m) => [m.metric, m.value])) };
      if (flags.out) writeFileSync(flags.out, `${JSON.stringify({ command: ["xtal", "evaluate", ...argv].join(" "), ...result, table: rows }, null, 2)}\n`);
      io.stdout(flags.json ? `${JSON.stringify(result)}\n` : `${formatMetricRows(rows)}${timing}`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};

export default evaluate;

/**
 * A registered baseline by its short name; a de novo baseline (it draws real crystals) is trained on `from`.
 * @throws CliUsageError for an unknown name, or --from missing or given where it does not apply
 */
async function baselineModel(short: string, dataset: string | undefined, from: string | undefined): Promise<GenerativeModel> {
  const family = modelFamilies().find((f) => f.baselineName === short || (f.baselineName && f.name === short));
  if (!family) throw new CliUsageError(`evaluate: unknown baseline ${short} (known: ${baselineNames().join(", ")})`);
  const drawsData = family.tasks.includes("gen");
  if (drawsData !== (from !== undefined))
    throw new CliUsageError(drawsData ? `evaluate: --baseline ${short} needs --from SPLIT (the split it draws crystals from)` : `evaluate: --from is only for baselines that draw from data (not ${short})`);
  const model = createModel(family.name);
  if (from) {
    if (!dataset) throw new CliUsageError("evaluate: --dataset NAME is required");
    await model.train(await loadDataset(dataset, from));
  }
  return model;
}

/** Writes drawn crystals as a CSV with a cif column (the format `xtal metrics --generated` reads). */
function writeSamples(path: string, rows: { structure: Structure; targetId: string; sample: number }[]): void {
  const table = aq.table({
    index: rows.map((_, i) => i),
    target_id: rows.map((r) => r.targetId),
    sample: rows.map((r) => r.sample),
    formula: rows.map((r) => reducedFormula(r.structure.species)),
    nsites: rows.map((r) => r.structure.species.length),
  });
  exportTable({ table, structures: rows.map((r) => r.structure) }, path, { format: "csv" });
}

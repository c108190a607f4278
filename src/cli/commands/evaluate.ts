// `xtal evaluate --checkpoint DIR --split test`: chains sampling and metrics. A CSP checkpoint samples predictions for the
// split's compositions and reports match rate and RMSE (StructureMatcher ltol 0.3, stol 0.5, angle_tol 10°); a de novo
// checkpoint samples --n crystals and reports the generation suite (validity, COV, W1) against the split and, for a
// conditioned model, the composition-proxy property of its samples. `--baseline random` scores the CSP floor instead,
// `--baseline data` the de novo ceiling (real crystals of another split).
import { writeFileSync } from "node:fs";
import * as aq from "arquero";
import { reducedFormula } from "../../crystal/composition.js";
import { exportTable } from "../../datasets/export.js";
import type { Structure } from "../../crystal/structure.js";
import { loadDataset } from "../../datasets/load.js";
import { type MetricRow, evaluateCsp, evaluateGeneration, metricRows } from "../../metrics/evaluate.js";
import { formatMetricRows } from "../metric-rows.js";
import { nearestCompositionProperty, summariseProxy } from "../../metrics/property-proxy.js";
import type { Dataset } from "../../datasets/load.js";
import { dataDrawBaseline } from "../../models/baselines/data-draw.js";
import { randomCoordinatesBaseline } from "../../models/baselines/random-coordinates.js";
import { backendInfo } from "../../models/backend/index.js";
import { cspSamplesForTargets } from "../../models/evaluation/csp-samples.js";
import { isPlausibleCell } from "../../models/evaluation/plausible-cell.js";
import { loadModel } from "../../models/load-model.js";
import { ModelConfigError } from "../../models/training/errors.js";
import { CliUsageError, parseArgs, parseTarget } from "../args.js";
import { SAMPLER_FLAGS, SAMPLER_USAGE, applySamplerFlags, samplerSettings } from "../sampler-flags.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoint: { type: "string" },
  baseline: { type: "string" },
  dataset: { type: "string" },
  split: { type: "string" },
  limit: { type: "number" },
  k: { type: "number" },
  steps: { type: "number" },
  ...SAMPLER_FLAGS,
  skip: { type: "number" },
  from: { type: "string" },
  seed: { type: "number" },
  "batch-size": { type: "number" },
  fingerprint: { type: "string" },
  n: { type: "number" },
  target: { type: "string" },
  guidance: { type: "number" },
  out: { type: "string" },
  samples: { type: "string" },
  json: { type: "boolean" },
} as const;

const evaluate: CliCommand = {
  name: "evaluate",
  summary: "sample a checkpoint and score it on a split: CSP match rate/RMSE, or the de novo suite (validity, COV, W1)",
  usage: [
    "usage: xtal evaluate (--checkpoint DIR | --baseline random|data) [--dataset NAME] [--split test] [--skip M] [--limit N] [--k 1]",
    "                     [--steps N] [--anti-anneal S | --step-lr X] [--seed 0] [--batch-size B] [--fingerprint crystalnn|none] [--out FILE.json]",
    "                     [--samples FILE.csv] [--json]",
    "",
    "  samples k structures per target composition of the split (first N targets with --limit) and matches them",
    "  with StructureMatcher(ltol 0.3, stol 0.5, angle_tol 10); RMSE is divided by (V/N)^(1/3)",
    ...SAMPLER_USAGE,
    "  --skip M            CSP: leave out the first M targets (tune sampler settings on targets you do not report)",
    "  --baseline random   a cubic cell of the target's volume with uniform random fractional coordinates",
    "  --fingerprint none  validity gate without CrystalNN fingerprints (faster; default crystalnn as the reference)",
    "  --samples FILE.csv  also write the drawn crystals (cif column; CSP: target_id and sample columns), so they can be",
    "                      rescored with `xtal metrics --generated FILE.csv --task csp --id-column target_id`",
    "",
    "  de novo checkpoints: xtal evaluate --checkpoint DIR [--split test] [--n 1000] [--target PROP=VALUE --guidance S]",
    "  samples N crystals and reports validity, COV-R/P (CrystalNN + Magpie), W1 of density and #elements against the",
    "  split; a conditioned model also reports its property on the samples by the nearest-composition proxy.",
    "  COV-R grows with N: the published tables score 10,000 samples (DiffCSP's generation.py: 20 batches of 500)",
    "  --baseline data --from SPLIT --n N   the de novo ceiling: N real crystals drawn from SPLIT (e.g. the training",
    "                                       split) scored by the same suite, as if a perfect generator made them",
  ].join("\n"),
  async run(argv, io) {
    const { flags } = parseArgs(argv, FLAGS);
    if (!flags.checkpoint === !flags.baseline) throw new CliUsageError("evaluate: give exactly one of --checkpoint DIR or --baseline random|data");
    if (flags.baseline && flags.baseline !== "random" && flags.baseline !== "data") throw new CliUsageError(`evaluate: unknown baseline ${flags.baseline} (known: random for CSP, data for de novo)`);
    if ((flags.baseline === "data") !== (flags.from !== undefined)) throw new CliUsageError("evaluate: --baseline data needs --from SPLIT (the split it draws crystals from), and --from is only for it");
    const k = flags.k ?? 1;
    if (!(Number.isInteger(k) && k >= 1)) throw new CliUsageError(`evaluate: --k must be a positive integer (got ${k})`);
    const fingerprint = flags.fingerprint ?? "crystalnn";
    if (fingerprint !== "crystalnn" && fingerprint !== "none") throw new CliUsageError(`evaluate: --fingerprint must be crystalnn or none`);
    const model = flags.checkpoint ? await loadModel(flags.checkpoint) : null;
    try {
      if (model) applySamplerFlags(model, flags);
      const name = flags.dataset ?? model?.config.training?.dataset;
      if (!name) throw new CliUsageError("evaluate: --dataset NAME is required");
      const deNovo = model ? model.config.task === "gen" : flags.baseline === "data";
      if (!deNovo && flags.n !== undefined) throw new CliUsageError("evaluate: --n is for de novo checkpoints and the data baseline");
      if (model?.config.task !== "gen" && (flags.target || flags.guidance !== undefined)) throw new CliUsageError("evaluate: --target and --guidance are for de novo checkpoints");
      if (deNovo && flags.k !== undefined) throw new CliUsageError("evaluate: --k is for CSP (de novo: --n)");
      const split = flags.split ?? "test";
      const skip = flags.skip ?? 0;
      if (!(Number.isInteger(skip) && skip >= 0)) throw new CliUsageError(`evaluate: --skip must be a non-negative integer (got ${skip})`);
      if (skip > 0 && deNovo) throw new CliUsageError("evaluate: --skip is for CSP targets (de novo samples are scored against the whole split)");
      const ds = await loadDataset(name, split, flags.limit !== undefined ? { limit: skip + flags.limit } : {});
      const targets = ds.structures.slice(skip);
      const seed = flags.seed ?? 0;
      const t0 = performance.now();
      let last = 0;
      const progress = (what: string) => (d: number, total: number) => {
        if (flags.json || Date.now() - last < 10000) return;
        last = Date.now();
        io.stderr(`${what} ${d}/${total}\n`);
      };
      if (deNovo) {
        const target = flags.target ? parseTarget(flags.target) : undefined;
        const samples = model
          ? await model.sample({
              n: flags.n ?? 1000, seed,
              ...(target ? { target } : {}),
              ...(flags.guidance !== undefined ? { guidance: flags.guidance } : {}),
              ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
              ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}),
              onProgress: progress("sampling step"),
            })
          : dataDrawBaseline((await loadDataset(name, flags.from!)).structures, flags.n ?? 1000, seed);
        const sampleSeconds = (performance.now() - t0) / 1000;
        if (flags.samples) writeSamples(flags.samples, samples.map((s) => ({ structure: s, targetId: "", sample: 0 })));
        const rows = await deNovoReport(model?.config.condition?.property, samples, ds, { fingerprint, seed, onProgress: progress("evaluating") });
        const report = {
          model: model
            ? { checkpoint: flags.checkpoint, family: model.config.family, task: "gen", steps: flags.steps ?? model.config.diffusion?.timesteps ?? model.config.flow?.steps, ...samplerSettings(model), backend: backendInfo()?.name }
            : { baseline: "data", from: flags.from },
          dataset: name, split, reference: targets.length, n: samples.length, seed, fingerprint,
          ...(target ? { target, guidance: flags.guidance ?? 1 } : {}),
          metrics: Object.fromEntries(rows.map((m) => [m.metric, m.value])),
          sampleSeconds, evaluateSeconds: (performance.now() - t0) / 1000 - sampleSeconds,
        };
        if (flags.out) writeFileSync(flags.out, `${JSON.stringify({ ...report, table: rows }, null, 2)}\n`);
        if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
        else {
          io.stdout(`${model ? `${model.config.family} ${flags.checkpoint} (de novo)` : `data baseline (drawn from ${name}/${flags.from})`}, ${samples.length} samples vs ${name}/${split} (${targets.length} crystals)${target ? `, target ${target.property}=${target.value} guidance ${flags.guidance ?? 1}` : ""}\n`);
          io.stdout(formatMetricRows(rows));
          io.stdout(`  sampling ${sampleSeconds.toFixed(1)} s, metrics ${report.evaluateSeconds.toFixed(1)} s\n`);
        }
        return 0;
      }
      const drawn: Structure[][] = model
        ? await cspSamplesForTargets(model, targets, { k, seed, ...(flags.steps !== undefined ? { steps: flags.steps } : {}), ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}), onProgress: progress("sampling step") })
        : randomCoordinatesBaseline(targets, k, seed);
      const sampleSeconds = (performance.now() - t0) / 1000;
      if (flags.samples) writeSamples(flags.samples, drawn.flatMap((list, t) => list.map((s, j) => ({ structure: s, targetId: String(targets[t]!.properties?.["id"] ?? t), sample: j }))));
      // Exploded or collapsed cells count as failed samples (not matched) instead of being handed to the matcher.
      const predictions = drawn.map((list) => list.filter(isPlausibleCell));
      const implausible = drawn.reduce((n, list, i) => n + list.length - predictions[i]!.length, 0);
      const t1 = performance.now();
      const table = await evaluateCsp(predictions, targets, { structFingerprint: fingerprint, onProgress: progress("evaluating") });
      const metrics = metricRows(table);
      const result = {
        model: model ? { checkpoint: flags.checkpoint, family: model.config.family, steps: flags.steps ?? model.config.diffusion?.timesteps ?? model.config.flow?.steps, ...samplerSettings(model), backend: backendInfo()?.name } : { baseline: "random-coordinates" },
        dataset: name, split, ...(skip > 0 ? { skip } : {}), targets: targets.length, k, seed, fingerprint, implausibleSamples: implausible,
        metrics: Object.fromEntries(metrics.map((m) => [m.metric, m.value])),
        sampleSeconds, matchSeconds: (performance.now() - t1) / 1000,
      };
      if (flags.out) writeFileSync(flags.out, `${JSON.stringify({ ...result, table: metrics }, null, 2)}\n`);
      if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
      else {
        io.stdout(`${model ? `${model.config.family} ${flags.checkpoint}` : "random-coordinates baseline"} on ${name}/${split}, ${targets.length} targets, k=${k}\n`);
        io.stdout(formatMetricRows(metrics));
        io.stdout(`  sampling ${sampleSeconds.toFixed(1)} s, matching ${result.matchSeconds.toFixed(1)} s; ${implausible} implausible cells counted as unmatched\n`);
      }
      return 0;
    } finally {
      model?.dispose();
    }
  },
};

export default evaluate;

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

/**
 * The de novo suite of samples against a split, plus — when `property` (the model's condition) is a column of the split —
 * the property of the valid samples by the nearest-composition proxy (mean, median, fraction with a known composition).
 */
async function deNovoReport(
  property: string | undefined,
  samples: Structure[],
  ds: Dataset,
  o: { fingerprint: "crystalnn" | "none"; seed: number; onProgress: (d: number, total: number) => void },
): Promise<MetricRow[]> {
  const table = await evaluateGeneration(samples, ds, { structFingerprint: o.fingerprint, seed: o.seed, onProgress: o.onProgress });
  const rows = metricRows(table);
  if (!property || !ds.structures.some((s) => typeof s.properties?.[property] === "number")) return rows;
  const valid = samples.filter((s) => isPlausibleCell(s));
  const summary = summariseProxy(valid, nearestCompositionProperty(ds.structures, property));
  const ref = ds.structures.map((s) => s.properties?.[property]).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  const where = `nearest-composition proxy over ${ds.name}/${ds.split}, ${valid.length} samples with a plausible cell`;
  rows.push(
    { metric: `${property}_mean`, value: summary.mean, notes: `${where}; split mean ${(ref.reduce((a, b) => a + b, 0) / ref.length).toFixed(4)}`, n: summary.n },
    { metric: `${property}_median`, value: summary.median, notes: where, n: summary.n },
    { metric: `${property}_known_fraction`, value: summary.knownFraction, notes: "fraction of samples whose reduced composition is in the split (proxy = known value)", n: summary.n },
  );
  return rows;
}

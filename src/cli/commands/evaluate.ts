// `xtal evaluate --checkpoint DIR --split test`: samples CSP predictions for a split and reports match rate and RMSE
// (StructureMatcher ltol 0.3, stol 0.5, angle_tol 10°, via src/metrics). `--baseline random` scores the floor instead.
import { writeFileSync } from "node:fs";
import type { Structure } from "../../crystal/structure.js";
import { loadDataset } from "../../datasets/load.js";
import { evaluateCsp } from "../../metrics/evaluate.js";
import { randomCoordinatesBaseline } from "../../models/baselines/random-coordinates.js";
import { backendInfo } from "../../models/backend/index.js";
import { cspSamplesForTargets } from "../../models/evaluation/csp-samples.js";
import { isPlausibleCell } from "../../models/evaluation/plausible-cell.js";
import { loadModel } from "../../models/load-model.js";
import { ModelConfigError } from "../../models/training/errors.js";
import { CliUsageError, parseArgs } from "../args.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoint: { type: "string" },
  baseline: { type: "string" },
  dataset: { type: "string" },
  split: { type: "string" },
  limit: { type: "number" },
  k: { type: "number" },
  steps: { type: "number" },
  seed: { type: "number" },
  "batch-size": { type: "number" },
  fingerprint: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

const evaluate: CliCommand = {
  name: "evaluate",
  summary: "CSP match rate and RMSE of a model checkpoint (or the random-coordinates baseline) on a dataset split",
  usage: [
    "usage: xtal evaluate (--checkpoint DIR | --baseline random) [--dataset NAME] [--split test] [--limit N] [--k 1]",
    "                     [--steps N] [--seed 0] [--batch-size B] [--fingerprint crystalnn|none] [--out FILE.json] [--json]",
    "",
    "  samples k structures per target composition of the split (first N targets with --limit) and matches them",
    "  with StructureMatcher(ltol 0.3, stol 0.5, angle_tol 10); RMSE is divided by (V/N)^(1/3)",
    "  --baseline random   a cubic cell of the target's volume with uniform random fractional coordinates",
    "  --fingerprint none  validity gate without CrystalNN fingerprints (faster; default crystalnn as the reference)",
  ].join("\n"),
  async run(argv, io) {
    const { flags } = parseArgs(argv, FLAGS);
    if (!flags.checkpoint === !flags.baseline) throw new CliUsageError("evaluate: give exactly one of --checkpoint DIR or --baseline random");
    if (flags.baseline && flags.baseline !== "random") throw new CliUsageError(`evaluate: unknown baseline ${flags.baseline} (known: random)`);
    const k = flags.k ?? 1;
    if (!(Number.isInteger(k) && k >= 1)) throw new CliUsageError(`evaluate: --k must be a positive integer (got ${k})`);
    const fingerprint = flags.fingerprint ?? "crystalnn";
    if (fingerprint !== "crystalnn" && fingerprint !== "none") throw new CliUsageError(`evaluate: --fingerprint must be crystalnn or none`);
    const model = flags.checkpoint ? await loadModel(flags.checkpoint) : null;
    try {
      if (model && model.config.task !== "csp") throw new ModelConfigError(`evaluate: checkpoint ${flags.checkpoint} is a de novo model; CSP evaluation needs a csp model`);
      const name = flags.dataset ?? model?.config.training?.dataset;
      if (!name) throw new CliUsageError("evaluate: --dataset NAME is required");
      const split = flags.split ?? "test";
      const ds = await loadDataset(name, split, flags.limit !== undefined ? { limit: flags.limit } : {});
      const targets = ds.structures;
      const seed = flags.seed ?? 0;
      const t0 = performance.now();
      let last = 0;
      const progress = (what: string) => (d: number, total: number) => {
        if (flags.json || Date.now() - last < 10000) return;
        last = Date.now();
        io.stderr(`${what} ${d}/${total}\n`);
      };
      const drawn: Structure[][] = model
        ? await cspSamplesForTargets(model, targets, { k, seed, ...(flags.steps !== undefined ? { steps: flags.steps } : {}), ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}), onProgress: progress("sampling step") })
        : randomCoordinatesBaseline(targets, k, seed);
      const sampleSeconds = (performance.now() - t0) / 1000;
      // Exploded or collapsed cells count as failed samples (not matched) instead of being handed to the matcher.
      const predictions = drawn.map((list) => list.filter(isPlausibleCell));
      const implausible = drawn.reduce((n, list, i) => n + list.length - predictions[i]!.length, 0);
      const t1 = performance.now();
      const table = await evaluateCsp(predictions, targets, { structFingerprint: fingerprint, onProgress: progress("evaluating") });
      const metrics = table.objects() as { metric: string; value: number; notes: string; n: number }[];
      const result = {
        model: model ? { checkpoint: flags.checkpoint, family: model.config.family, steps: flags.steps ?? model.config.diffusion?.timesteps ?? model.config.flow?.steps, backend: backendInfo()?.name } : { baseline: "random-coordinates" },
        dataset: name, split, targets: targets.length, k, seed, fingerprint, implausibleSamples: implausible,
        metrics: Object.fromEntries(metrics.map((m) => [m.metric, m.value])),
        sampleSeconds, matchSeconds: (performance.now() - t1) / 1000,
      };
      if (flags.out) writeFileSync(flags.out, `${JSON.stringify({ ...result, table: metrics }, null, 2)}\n`);
      if (flags.json) io.stdout(`${JSON.stringify(result)}\n`);
      else {
        io.stdout(`${model ? `${model.config.family} ${flags.checkpoint}` : "random-coordinates baseline"} on ${name}/${split}, ${targets.length} targets, k=${k}\n`);
        for (const m of metrics) io.stdout(`  ${m.metric.padEnd(14)} ${Number.isFinite(m.value) ? m.value.toFixed(4) : String(m.value)}   (n=${m.n}) ${m.notes}\n`);
        io.stdout(`  sampling ${sampleSeconds.toFixed(1)} s, matching ${result.matchSeconds.toFixed(1)} s; ${implausible} implausible cells counted as unmatched\n`);
      }
      return 0;
    } finally {
      model?.dispose();
    }
  },
};

export default evaluate;

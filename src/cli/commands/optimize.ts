// `xtal optimize --checkpoint DIR --property NAME --direction min|max --from DATASET:SPLIT --n N --steps S --out F.csv`:
// gradient steps on the latent vectors of N seeded start crystals along the model's property head, decoding along the
// way; with --predictor and --report, CDVAE's SR5/SR10/SR15 of the final crystals judged by an independent predictor,
// against the same number of crystals decoded from prior draws.
import { writeFileSync } from "node:fs";
import { reducedFormula } from "../../crystal/composition.js";
import { writeCif } from "../../crystal/io/cif-write.js";
import { formatCsv } from "../../datasets/csv.js";
import { loadDataset } from "../../datasets/load.js";
import { backendInfo, decodeLatents, modelFamily, optimizeLatents, predictProperty, sampleCrystals, successRates } from "../../models/index.js";
import { rng, shuffled } from "../../util/random.js";
import { CliUsageError, parseArgs, positiveIntegerFlag } from "../args.js";
import { datasetSplits } from "../dataset-splits.js";
import { samplerFlags, samplerSettings, samplerUsage } from "../family-flags.js";
import { loadLatentCheckpoint } from "../latent-inputs.js";
import { loadPredictorCheckpoint } from "../predictor-checkpoint.js";
import { SAMPLING_FLAGS, SAMPLING_USAGE, samplingOptionsOf } from "../sampling-flags.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoint: { type: "string" },
  property: { type: "string" },
  direction: { type: "string" },
  from: { type: "string" },
  n: { type: "number" },
  limit: { type: "number" },
  steps: { type: "number" },
  "step-size": { type: "number" },
  every: { type: "number" },
  seed: { type: "number" },
  out: { type: "string" },
  predictor: { type: "string" },
  reference: { type: "string" },
  report: { type: "string" },
  "batch-size": { type: "number" },
  ...SAMPLING_FLAGS,
} as const;

const optimize: CliCommand = {
  name: "optimize",
  summary: "move crystals through a latent model's space to lower or raise its predicted property (CDVAE's optimisation, SR5/10/15)",
  get usage() {
    return [
      "usage: xtal optimize --checkpoint DIR --property NAME --direction min|max --from DATASET:SPLIT --n N --steps S --out F.csv",
      "                     [--limit ROWS] [--step-size 0.05] [--every S/10] [--seed 0] [--predictor DIR --report F.json [--reference DATASET:SPLIT]]",
      "",
      "  --from             the N start crystals are a seeded random draw from this registered split (its first --limit rows)",
      "  --steps S          gradient steps of length --step-size (latent units) along ∓∇ of the property head",
      "  --out F.csv        one row per start crystal and recorded step (every --every steps and the last): start_id, step,",
      "                     head value, the decoded crystal (formula, cif) and, with --predictor, its predicted property",
      "  --predictor DIR    an independent property predictor (e.g. data/checkpoints/cgcnn-perov5-heat-ref) judging the crystals",
      "  --report F.json    with --predictor: SR5/SR10/SR15 of the final crystals and of N crystals decoded from prior draws",
      "                     (same seed), thresholds from the property column of --reference (default: the model's training split)",
      "  the prior draws are sampled in seeded chunks:",
      ...SAMPLING_USAGE,
      ...samplerUsage(),
    ].join("\n");
  },
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, { ...samplerFlags(), ...FLAGS });
    if (positionals.length) throw new CliUsageError(`optimize: unexpected argument "${positionals[0]}"`);
    for (const f of ["checkpoint", "property", "direction", "from", "n", "steps", "out"] as const)
      if (flags[f] === undefined) throw new CliUsageError(`optimize: --${f} is required`);
    const direction = flags.direction;
    if (direction !== "min" && direction !== "max") throw new CliUsageError(`optimize: --direction must be min or max (got ${direction})`);
    const n = positiveIntegerFlag("optimize", "n", flags.n!);
    if (flags.report && !flags.predictor) throw new CliUsageError("optimize: --report needs --predictor DIR (the independent judge)");
    const [[name, split]] = datasetSplits(flags.from!, "optimize", "--from") as [[string, string]];
    const seed = flags.seed ?? 0;
    const parallel = samplingOptionsOf("optimize", flags);
    const model = await loadLatentCheckpoint("optimize", flags.checkpoint!);
    const predictor = flags.predictor ? await loadPredictorCheckpoint("optimize", flags.predictor) : null;
    try {
      if (model.latentProperty !== flags.property)
        throw new CliUsageError(`optimize: ${flags.checkpoint} has ${model.latentProperty ? `a property head for ${model.latentProperty}` : "no property head"}, not ${flags.property}`);
      if (predictor && predictor.property !== flags.property) throw new CliUsageError(`optimize: the predictor ${flags.predictor} predicts ${predictor.property}, not ${flags.property}`);
      // --steps is this command's number of gradient steps, not the diffusion families' sampler setting of that name.
      const { steps: _gradientSteps, ...samplerFlagValues } = flags;
      const settings = samplerSettings(modelFamily(model.config.family), samplerFlagValues as Record<string, unknown>);
      const pool = (await loadDataset(name, split, flags.limit !== undefined ? { limit: flags.limit } : {})).structures;
      if (n > pool.length) throw new CliUsageError(`optimize: --n ${n} is more than the ${pool.length} crystals of ${flags.from}`);
      const starts = shuffled([...pool], rng(seed)).slice(0, n);
      const t0 = performance.now();
      const codes = await model.encode(starts);
      const paths = optimizeLatents(model, codes.map((c) => [...c.mean]), {
        direction, steps: flags.steps!, ...(flags["step-size"] !== undefined ? { stepSize: flags["step-size"] } : {}), ...(flags.every !== undefined ? { every: flags.every } : {}),
      });
      const points = paths.flatMap((p, i) => p.steps.map((step, k) => ({ start: i, step, latent: p.latents[k]!, value: p.values[k]! })));
      const decode = { seed, settings, ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}) };
      const decoded = await decodeLatents({ model, checkpoint: flags.checkpoint! }, points.map((p) => p.latent), decode, parallel);
      const judged = predictor ? await predictProperty(predictor, decoded) : null;
      const ids = starts.map((s, i) => String(s.properties?.["id"] ?? i));
      const names = ["start_id", "step", `head_${flags.property}`, "formula", ...(judged ? [`predicted_${flags.property}`] : []), "cif"];
      writeFileSync(flags.out!, formatCsv(names, [
        points.map((p) => ids[p.start]!), points.map((p) => p.step), points.map((p) => p.value), decoded.map((s) => reducedFormula(s.species)),
        ...(judged ? [Array.from(judged.values, (v) => (Number.isFinite(v) ? v : ""))] : []), decoded.map((s) => writeCif(s)),
      ]));
      const seconds = (performance.now() - t0) / 1000;
      io.stderr(`optimize: ${n} start crystals × ${paths[0]!.steps.length} recorded steps → ${flags.out} (${seconds.toFixed(1)} s)\n`);
      if (predictor && judged && flags.report) {
        const refSpec = flags.reference ?? `${model.config.training?.dataset}:${model.config.training?.split}`;
        const reference = (await Promise.all(datasetSplits(refSpec, "optimize", "--reference").map(([d, s]) => loadDataset(d, s))))
          .flatMap((ds) => ds.structures.map((s) => s.properties?.[flags.property!])).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
        if (reference.length === 0) throw new CliUsageError(`optimize: --reference ${refSpec} has no numeric "${flags.property}" values`);
        const last = points.flatMap((p, k) => (p.step === flags.steps ? [k] : []));
        const first = points.flatMap((p, k) => (p.step === 0 ? [k] : []));
        const prior = await sampleCrystals({ model, checkpoint: flags.checkpoint! }, { n, seed, settings, ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}) }, parallel);
        const priorJudged = await predictProperty(predictor, prior);
        const rates = (idx: number[]) => successRates(idx.map((k) => judged.values[k]!), reference, direction);
        const report = {
          command: ["xtal", "optimize", ...argv].join(" "), checkpoint: flags.checkpoint, predictor: flags.predictor, property: flags.property, direction, from: flags.from, reference: refSpec,
          referenceCount: reference.length, n, steps: flags.steps, stepSize: flags["step-size"] ?? 0.05, seed, settings, backend: backendInfo()?.name, seconds,
          optimised: rates(last), startsDecoded: rates(first), priorDraws: successRates(Array.from(priorJudged.values), reference, direction),
          outOfDomain: { optimised: last.filter((k) => !Number.isFinite(judged.values[k]!)).length, prior: priorJudged.outOfDomain.length },
        };
        writeFileSync(flags.report, `${JSON.stringify(report, null, 2)}\n`);
        for (const [label, r] of [["optimised", report.optimised], ["decoded starts", report.startsDecoded], ["prior draws", report.priorDraws]] as const)
          io.stdout(`  ${label.padEnd(15)} ${r.map((x) => `SR${x.percent} ${(100 * x.rate).toFixed(1)} % [${(100 * x.ci95[0]).toFixed(1)}, ${(100 * x.ci95[1]).toFixed(1)}]`).join("   ")}\n`);
      }
      return 0;
    } finally {
      model.dispose();
      predictor?.dispose();
    }
  },
};

export default optimize;

// `xtal encode --checkpoint DIR --input FILE|DATASET:SPLIT --out latents.parquet`: each crystal's posterior mean μ and
// standard deviation σ under a latent model, and the property head's prediction, one row per crystal.
import { table } from "arquero";
import { reducedFormula } from "../../crystal/composition.js";
import { exportFormatFromPath, exportTable } from "../../datasets/export.js";
import { CliUsageError, parseArgs } from "../args.js";
import { latentInputCrystals, loadLatentCheckpoint } from "../latent-inputs.js";
import { progressLines } from "../progress-lines.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoint: { type: "string" },
  input: { type: "string" },
  limit: { type: "number" },
  out: { type: "string" },
  "batch-size": { type: "number" },
  "id-column": { type: "string" },
} as const;

const encode: CliCommand = {
  name: "encode",
  summary: "latent means and standard deviations of crystals under a latent model (cdvae), with its property head",
  usage: [
    "usage: xtal encode --checkpoint DIR --input FILE|DATASET:SPLIT --out latents.parquet|.csv|.arrow [--limit N] [--batch-size 256] [--id-column C]",
    "",
    "  --out              columns id, formula, mu_0 … mu_{D−1}, sigma_0 … sigma_{D−1} and, when the model has a property head,",
    "                     predicted_<property>; Parquet, CSV or Arrow by the extension",
    "  Unreadable rows are counted and named, and a crystal the model cannot take (more atoms than it supports, an element",
    "  it never saw) is named with the reason; either stops the command before any work (exit 2).",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length) throw new CliUsageError(`encode: unexpected argument "${positionals[0]}"`);
    if (!flags.checkpoint || !flags.input || !flags.out) throw new CliUsageError("encode: --checkpoint DIR, --input FILE|DATASET:SPLIT and --out FILE are required");
    if (!exportFormatFromPath(flags.out)) throw new CliUsageError(`encode: --out must end in .parquet, .csv or .arrow (got ${flags.out})`);
    const { structures, ids } = await latentInputCrystals("encode", flags.input, flags["id-column"], flags.limit);
    const model = await loadLatentCheckpoint("encode", flags.checkpoint);
    try {
      const t0 = performance.now();
      const codes = await model.encode(structures, { ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}), onProgress: progressLines(io, "encode:") });
      const columns: Record<string, unknown[]> = { id: ids, formula: structures.map((s) => reducedFormula(s.species)) };
      for (let k = 0; k < model.latentDim; k++) columns[`mu_${k}`] = codes.map((c) => c.mean[k]!);
      for (let k = 0; k < model.latentDim; k++) columns[`sigma_${k}`] = codes.map((c) => Math.exp(0.5 * c.logVar[k]!));
      if (model.latentProperty) columns[`predicted_${model.latentProperty}`] = codes.map((c) => c.property!);
      exportTable({ table: table(columns) }, flags.out);
      io.stderr(`encode: ${structures.length} crystals → ${flags.out} (latent dimension ${model.latentDim}, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};

export default encode;

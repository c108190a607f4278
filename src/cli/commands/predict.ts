// `xtal predict --checkpoint DIR --input FILE|DATASET:SPLIT --out FILE.csv`: a property predictor's value and
// uncertainty for each crystal, optionally compared with a reference column (MAE with its interval, report JSON) beside
// the predict-the-training-mean baseline.
import { writeFileSync } from "node:fs";
import { reducedFormula } from "../../crystal/composition.js";
import type { Structure } from "../../crystal/structure.js";
import { formatCsv } from "../../datasets/csv.js";
import { loadDataset } from "../../datasets/load.js";
import { type ModelConfig, ModelRequestError, backendInfo, checkPredictable, checkpointFamily, initBackend, isPropertyPredictor, loadModel, modelFamily } from "../../models/index.js";
import { CliUsageError, parseArgs, positiveIntegerFlag } from "../args.js";
import { loadCrystals } from "../crystal-inputs.js";
import { datasetSplits, isDatasetSplit } from "../dataset-splits.js";
import { progressLines } from "../progress-lines.js";
import { compareWithReference, comparisonLine, referenceValues } from "../property-comparison.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  checkpoint: { type: "string" },
  input: { type: "string" },
  limit: { type: "number" },
  out: { type: "string" },
  compare: { type: "string" },
  report: { type: "string" },
  "baseline-mean": { type: "string" },
  "batch-size": { type: "number" },
  "id-column": { type: "string" },
  "skip-refused": { type: "boolean" },
} as const;

/** The crystals of --input: a registered DATASET:SPLIT or a file/folder, with their ids. @throws CliUsageError for unreadable entries */
async function inputCrystals(input: string, idColumn: string | undefined, limit: number | undefined): Promise<{ structures: Structure[]; ids: string[] }> {
  if (isDatasetSplit(input)) {
    const [[name, split]] = datasetSplits(input, "predict", "--input") as [[string, string]];
    const ds = await loadDataset(name, split, limit !== undefined ? { limit } : {});
    return { structures: ds.structures, ids: ds.structures.map((s, i) => String(s.properties?.["id"] ?? i)) };
  }
  const loaded = await loadCrystals("predict", input, idColumn);
  const n = Math.min(limit ?? Infinity, loaded.structures.length);
  const bad = loaded.readErrors.slice(0, n).findIndex((e) => e !== null);
  if (bad >= 0) throw new CliUsageError(`predict: crystal ${bad} (${loaded.ids[bad]}) of ${input} cannot be read: ${loaded.readErrors[bad]}`);
  return { structures: loaded.structures.slice(0, n), ids: loaded.ids.slice(0, n) };
}

/** Why the model refuses each crystal (too many atoms, an unseen element), or null: checked as predict() checks. */
function refusals(structures: readonly Structure[], config: ModelConfig): (string | null)[] {
  return structures.map((s) => {
    try {
      checkPredictable([s], config);
      return null;
    } catch (e) {
      if (e instanceof ModelRequestError) return e.message.replace(/^crystal 0 /, "");
      throw e;
    }
  });
}

/** The mean of `column` over registered dataset splits and its errors as a constant prediction of the accepted crystals. */
async function meanBaseline(spec: string, column: string, structures: readonly Structure[], reference: readonly number[], refused: readonly (string | null)[]) {
  const values: number[] = [];
  for (const [name, split] of datasetSplits(spec, "predict", "--baseline-mean"))
    for (const s of (await loadDataset(name, split)).structures) {
      const v = s.properties?.[column];
      if (typeof v === "number" && Number.isFinite(v)) values.push(v);
    }
  if (values.length === 0) throw new CliUsageError(`predict: --baseline-mean ${spec} has no numeric "${column}" values`);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { from: spec, count: values.length, mean, errors: compareWithReference(structures, refused.map((why) => (why === null ? mean : NaN)), reference) };
}

const predict: CliCommand = {
  name: "predict",
  summary: "a property predictor's value and uncertainty per crystal (CSV), optionally scored against a reference column",
  usage: [
    "usage: xtal predict --checkpoint DIR --input FILE|DATASET:SPLIT --out FILE.csv [--limit N] [--batch-size 256] [--id-column C]",
    "                    [--compare COLUMN [--report F.json] [--baseline-mean DATASET:SPLIT[,…]]]",
    "",
    "  --checkpoint DIR   a property-predictor checkpoint (e.g. data/checkpoints/cgcnn-perov5-heat-ref)",
    "  --input            structure file, folder of them, CSV with a cif column, or a registered split such as perov_5:test",
    "  --out FILE.csv     columns id, formula, prediction, std (+ the reference column with --compare)",
    "  --compare COLUMN   compare with that column: MAE with its 95 % interval, RMSE and median on stderr",
    "  --report F.json    with --compare: write those numbers, the per-element bias and the command to F",
    "  --baseline-mean S  with --compare: also score the constant prediction = mean of COLUMN over the splits S",
    "  --skip-refused     predict the crystals the model takes; the others get an empty prediction and their reason in an",
    "                     `error` column, and are counted in the report (without it, any such crystal stops the command)",
    "  A crystal the model cannot take (too many atoms, an element it never saw, unreadable) stops the command (exit 2).",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length) throw new CliUsageError(`predict: unexpected argument "${positionals[0]}"`);
    if (!flags.checkpoint) throw new CliUsageError("predict: --checkpoint DIR is required");
    if (!flags.input) throw new CliUsageError("predict: --input FILE|DATASET:SPLIT is required");
    if (!flags.out) throw new CliUsageError("predict: --out FILE.csv is required");
    if ((flags.report || flags["baseline-mean"]) && !flags.compare) throw new CliUsageError("predict: --report and --baseline-mean need --compare COLUMN");
    positiveIntegerFlag("predict", "limit", flags.limit);
    const family = modelFamily(checkpointFamily(flags.checkpoint).family);
    if (!family.tasks.includes("predict")) throw new CliUsageError(`predict: checkpoint ${flags.checkpoint} holds a ${family.name} model (tasks: ${family.tasks.join(", ")}), not a property predictor`);
    const { structures, ids } = await inputCrystals(flags.input, flags["id-column"], flags.limit);
    await initBackend();
    const model = await loadModel(flags.checkpoint);
    try {
      if (!isPropertyPredictor(model)) throw new CliUsageError(`predict: checkpoint ${flags.checkpoint} holds a ${family.name} model without predict()`);
      const refused = flags["skip-refused"] ? refusals(structures, model.config) : structures.map(() => null);
      const accepted = structures.filter((_, i) => refused[i] === null);
      const t0 = performance.now();
      const predicted = await model.predict(accepted, { ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}), onProgress: progressLines(io, `predict: ${model.property} of`) });
      const seconds = (performance.now() - t0) / 1000;
      let k = 0;
      const predictions = refused.map((why) => (why === null ? predicted[k++]! : { value: NaN, std: NaN }));
      const values = predictions.map((p) => p.value);
      const blank = (v: number) => (Number.isFinite(v) ? v : "");
      const columns: unknown[][] = [ids, structures.map((s) => reducedFormula(s.species)), values.map(blank), predictions.map((p) => blank(p.std))];
      const names = ["id", "formula", "prediction", "std"];
      if (flags["skip-refused"]) {
        columns.push(refused.map((why) => why ?? ""));
        names.push("error");
      }
      const refusedCount = refused.filter((why) => why !== null).length;
      if (refusedCount) io.stderr(`predict: ${refusedCount} of ${structures.length} crystals refused (first: ${ids[refused.findIndex((why) => why !== null)]}: ${refused.find((why) => why !== null)})\n`);
      if (flags.compare) {
        const reference = referenceValues(structures, flags.compare, "predict");
        columns.push(reference.map((v) => (Number.isFinite(v) ? v : "")));
        names.push(flags.compare);
        const errors = compareWithReference(structures, values, reference);
        io.stderr(comparisonLine("predict", model.property, flags.compare, errors));
        const baseline = flags["baseline-mean"] ? await meanBaseline(flags["baseline-mean"], flags.compare, structures, reference, refused) : null;
        if (baseline) io.stderr(comparisonLine("predict", `mean of ${baseline.from} (${baseline.mean.toFixed(4)})`, flags.compare, baseline.errors));
        if (flags.report) {
          const { familyConfig: _f, numAtomsCounts: _h, elements: _e, ...config } = model.config;
          writeFileSync(flags.report, `${JSON.stringify({
            command: ["xtal", "predict", ...argv].join(" "), checkpoint: flags.checkpoint, family: family.name, property: model.property, input: flags.input,
            crystals: structures.length, refused: refusedCount, refusedIds: ids.filter((_, i) => refused[i] !== null), reference: flags.compare, backend: backendInfo()?.name, predictSeconds: seconds,
            meanStd: predicted.reduce((a, p) => a + p.std, 0) / Math.max(1, predicted.length), errors, ...(baseline ? { meanBaseline: baseline } : {}), model: config,
          }, null, 2)}\n`);
        }
      }
      writeFileSync(flags.out, formatCsv(names, columns));
      io.stderr(`predict: ${structures.length} crystals → ${flags.out} (${seconds.toFixed(1)} s)\n`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};

export default predict;

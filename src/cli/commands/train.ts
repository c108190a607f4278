// `xtal train FAMILY --dataset NAME --out DIR`: trains a model of any registered family and writes resumable checkpoints.
import type { Structure } from "../../crystal/structure.js";
import { loadDataset } from "../../datasets/load.js";
import { type GenerativeModel, type ModelFamily, type OptionValues, backendInfo, initBackend, modelFamilies, modelFamily, optionFlag, optionHelpLines, readCheckpoint } from "../../models/index.js";
import { CliUsageError, parseArgs, positiveIntegerFlag } from "../args.js";
import { schemaFlags, schemaValues } from "../family-flags.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  dataset: { type: "string" },
  split: { type: "string" },
  epochs: { type: "number" },
  "batch-size": { type: "number" },
  lr: { type: "number" },
  seed: { type: "number" },
  limit: { type: "number" },
  minutes: { type: "number" },
  "checkpoint-every": { type: "number" },
  resume: { type: "boolean" },
  "init-from": { type: "string" },
  out: { type: "string" },
  workers: { type: "number" },
  json: { type: "boolean" },
} as const;

const train: CliCommand = {
  name: "train",
  summary: "train a model of any registered family on a dataset split, writing resumable checkpoints",
  get usage() {
    return [
      `usage: xtal train FAMILY --dataset NAME[,NAME…] --out DIR [--split train] [--epochs N] [--batch-size 256] [--lr 1e-3] [--seed 0]`,
      "                  [--limit ROWS] [--minutes M] [--checkpoint-every STEPS] [--resume | --init-from DIR] [--workers N] [--json] [FAMILY options]",
      "",
      "  --workers N        train data-parallel on N threads, each computing a share of every batch (default: CRYSTAL_WORKERS,",
      "                     else the number of cores; gan and gflownet train on one unless given: their runs depend on N)",
      "  --minutes M        stop after M minutes of wall time (the checkpoint stays resumable)",
      "  --resume           continue the run saved in --out",
      "  --init-from DIR    fine-tune: start from DIR's weights, architecture and data statistics with a fresh optimiser",
      "                     and this run's schedule (--epochs, --lr); DIR's own run stays untouched",
      "  datasets are read from CRYSTAL_DATA_DIR; --dataset A,B trains on the split of each, concatenated (named A+B)",
      "",
      "families (registered):",
      ...modelFamilies().flatMap(familyUsage),
    ].join("\n");
  },
  async run(argv, io) {
    const name = argv[0];
    if (name === undefined || name.startsWith("-"))
      throw new CliUsageError(`train: first argument must be a model family (registered: ${modelFamilies().map((f) => f.name).join(", ")})`);
    const family = modelFamily(name);
    const { flags } = parseArgs(argv.slice(1), { ...schemaFlags(family.createOptions), ...schemaFlags(family.trainSettings), ...FLAGS });
    const f = flags as Record<string, string | number | boolean | undefined>;
    const dataset = f.dataset as string | undefined, out = f.out as string | undefined;
    if (!dataset) throw new CliUsageError("train: --dataset NAME is required");
    if (!out) throw new CliUsageError("train: --out DIR is required");
    const resume = f.resume === true, initFrom = f["init-from"] as string | undefined;
    if (resume && initFrom) throw new CliUsageError("train: --resume continues the run in --out; --init-from starts a new one — pick one");
    const workers = positiveIntegerFlag("train", "workers", f.workers as number | undefined);
    const createOptions = schemaValues(family.createOptions, f);
    // The backend first: weights created before it would land on TF.js's default backend (and print its banner).
    await initBackend();
    const savedDir = resume ? out : initFrom;
    let model: GenerativeModel;
    if (savedDir) {
      const { config } = readCheckpoint(savedDir, family);
      refuseConflicts(family, createOptions, family.optionsOf?.(config) ?? {}, savedDir);
      const { training: _t, ...fresh } = config;
      model = family.fromConfig(fresh);
    } else model = family.create(createOptions);
    const split = (f.split as string | undefined) ?? "train";
    const ds = await loadDatasets(dataset, split, f.limit as number | undefined);
    const endAt = f.minutes !== undefined ? Date.now() + (f.minutes as number) * 60_000 : Infinity;
    const num = (k: string) => f[k] as number | undefined;
    let lastPrint = 0;
    try {
      const report = await model.train(ds, {
        ...(num("epochs") !== undefined ? { epochs: num("epochs")! } : {}),
        ...(num("batch-size") !== undefined ? { batchSize: num("batch-size")! } : {}),
        ...(num("lr") !== undefined ? { lr: num("lr")! } : {}),
        ...(num("seed") !== undefined ? { seed: num("seed")! } : {}),
        ...(workers !== undefined ? { workers } : {}),
        checkpointDir: out,
        checkpointEvery: num("checkpoint-every") ?? 250,
        resume,
        ...(initFrom ? { initFrom } : {}),
        settings: schemaValues(family.trainSettings, f),
        shouldStop: () => Date.now() > endAt,
        onStep: (s) => {
          if (f.json || (Date.now() - lastPrint < 5000 && s.step !== s.totalSteps)) return;
          lastPrint = Date.now();
          io.stderr(`step ${s.step}/${s.totalSteps}  epoch ${s.epoch}  loss ${s.loss.toFixed(4)}${s.parts ? Object.entries(s.parts).map(([k, v]) => `  ${k} ${v.toFixed(4)}`).join("") : ""}  lr ${s.lr.toExponential(2)}  ${(s.elapsed / 60).toFixed(1)} min\n`);
        },
      });
      const task = model.config.tasks.join("+");
      const summary = { family: family.name, task, dataset: ds.name, split: ds.split, structures: ds.structures.length, stepsDone: report.stepsDone, totalSteps: report.totalSteps, wallSeconds: report.wallSeconds, backend: backendInfo()?.name, threads: 1 + (report.workers?.length ?? 0), ...(report.workers ? { workerMemory: report.workers } : {}), lastLoss: report.losses.at(-1) ?? null, out };
      io.stdout(f.json ? `${JSON.stringify(summary)}\n` : `trained ${family.name}/${task} on ${ds.name}/${ds.split} (${ds.structures.length} structures): ${report.stepsDone}/${report.totalSteps} steps in ${(report.wallSeconds / 60).toFixed(1)} min on ${summary.backend}${summary.threads > 1 ? ` (${summary.threads} threads)` : ""}; checkpoint ${out}\n`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};

/** The split of one dataset, or of several ("A,B": concatenated in order, named "A+B"; --limit applies to each). */
async function loadDatasets(names: string, split: string, limit: number | undefined): Promise<{ name: string; split: string; structures: Structure[] }> {
  const parts = [];
  for (const name of names.split(",").map((n) => n.trim()).filter(Boolean)) parts.push(await loadDataset(name, split, limit !== undefined ? { limit } : {}));
  if (parts.length === 0) throw new CliUsageError("train: --dataset names no dataset");
  return { name: parts.map((p) => p.name).join("+"), split, structures: parts.flatMap((p) => p.structures) };
}

/** Help of one family: summary, tasks, create options and training settings. */
function familyUsage(f: ModelFamily): string[] {
  return [
    `  ${f.name} (tasks: ${f.tasks.join(", ")}) — ${f.summary}`,
    ...optionHelpLines(f.createOptions, "    "),
    ...optionHelpLines(f.trainSettings, "    "),
  ];
}

/**
 * A resumed or fine-tuned model keeps the checkpoint's task, condition and architecture: a create option that differs
 * from what the checkpoint was made with is refused (`--seed` is the run's seed here).
 */
function refuseConflicts(family: ModelFamily, given: OptionValues, saved: OptionValues, dir: string): void {
  for (const [name, value] of Object.entries(given)) {
    if (name === "seed" || saved[name] === value) continue;
    throw new CliUsageError(`train: --${optionFlag(name)} ${String(value)} conflicts with ${dir}, whose ${family.name} model has ${name} ${saved[name] ?? "none"} (task, condition and architecture come from the checkpoint)`);
  }
}

export default train;

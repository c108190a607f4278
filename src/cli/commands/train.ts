// `xtal train diffcsp|flowmm --dataset NAME --out DIR`: trains a generative model and writes resumable checkpoints.
import { loadDataset } from "../../datasets/load.js";
import { backendInfo, initBackend } from "../../models/backend/index.js";
import { DiffCsp } from "../../models/diffcsp/diffcsp.js";
import { FlowMm } from "../../models/flowmm/flowmm.js";
import { readModelCheckpoint } from "../../models/common/denoiser-model.js";
import { createModel } from "../../models/load-model.js";
import type { ModelConfig } from "../../models/types.js";
import { CliUsageError, parseArgs } from "../args.js";
import type { CliCommand } from "../types.js";

const FLAGS = {
  dataset: { type: "string" },
  split: { type: "string" },
  task: { type: "string" },
  condition: { type: "string" },
  epochs: { type: "number" },
  "batch-size": { type: "number" },
  lr: { type: "number" },
  hidden: { type: "number" },
  layers: { type: "number" },
  freqs: { type: "number" },
  "max-atoms": { type: "number" },
  seed: { type: "number" },
  limit: { type: "number" },
  minutes: { type: "number" },
  "checkpoint-every": { type: "number" },
  resume: { type: "boolean" },
  "init-from": { type: "string" },
  "type-loss-weight": { type: "number" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

const train: CliCommand = {
  name: "train",
  summary: "train a DiffCSP or FlowMM model on a dataset split, writing resumable checkpoints",
  usage: [
    "usage: xtal train diffcsp|flowmm --dataset NAME --out DIR [--split train] [--task csp|gen] [--condition PROP]",
    "                  [--epochs N] [--batch-size 256] [--lr 1e-3] [--hidden 128] [--layers 4] [--freqs 10] [--max-atoms 20]",
    "                  [--seed 0] [--limit ROWS] [--minutes M] [--checkpoint-every STEPS] [--resume | --init-from DIR]",
    "                  [--type-loss-weight W] [--json]",
    "",
    "  --condition PROP   condition on a numeric dataset column (classifier-free guidance at sampling)",
    "  --minutes M        stop after M minutes of wall time (the checkpoint stays resumable)",
    "  --resume           continue the run saved in --out",
    "  --init-from DIR    fine-tune: start from DIR's weights, architecture and data statistics with a fresh optimiser",
    "                     and this run's schedule (--epochs, --lr); DIR's own run stays untouched",
    "  --type-loss-weight W  weight of the atom-type loss of a de novo model (DiffCSP default 20, FlowMM 1); also for --init-from",
    "  datasets are read from CRYSTAL_DATA_DIR",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    const family = positionals[0];
    if (family !== "diffcsp" && family !== "flowmm") throw new CliUsageError(`train: first argument must be diffcsp or flowmm (got ${family ?? "nothing"})`);
    if (!flags.dataset) throw new CliUsageError("train: --dataset NAME is required");
    if (!flags.out) throw new CliUsageError("train: --out DIR is required");
    const task = flags.task ?? "csp";
    if (task !== "csp" && task !== "gen") throw new CliUsageError(`train: --task must be csp or gen (got ${task})`);
    const split = flags.split ?? "train";
    const network = {
      ...(flags.hidden !== undefined ? { hidden: flags.hidden } : {}),
      ...(flags.layers !== undefined ? { layers: flags.layers } : {}),
      ...(flags.freqs !== undefined ? { freqs: flags.freqs } : {}),
    };
    const options = {
      task, network,
      ...(flags["max-atoms"] !== undefined ? { maxAtoms: flags["max-atoms"] } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.condition ? { condition: { property: flags.condition } } : {}),
    } as const;
    // The backend first: weights created before it would land on TF.js's default backend (and print its banner).
    await initBackend();
    if (flags.resume && flags["init-from"]) throw new CliUsageError("train: --resume continues the run in --out; --init-from starts a new one — pick one");
    const savedDir = flags.resume ? flags.out : flags["init-from"];
    const model = savedDir ? createModel(stripTraining(readModelCheckpoint(savedDir))) : family === "diffcsp" ? DiffCsp.create(options) : FlowMm.create(options);
    if (model.config.family !== family) throw new CliUsageError(`train: ${savedDir} holds a ${model.config.family} model, not ${family}`);
    if (savedDir) refuseConflicts(flags, model.config, savedDir);
    const ds = await loadDataset(flags.dataset, split, flags.limit !== undefined ? { limit: flags.limit } : {});
    const endAt = flags.minutes !== undefined ? Date.now() + flags.minutes * 60_000 : Infinity;
    let lastPrint = 0;
    try {
      const report = await model.train(ds, {
        ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
        ...(flags["batch-size"] !== undefined ? { batchSize: flags["batch-size"] } : {}),
        ...(flags.lr !== undefined ? { lr: flags.lr } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        checkpointDir: flags.out,
        checkpointEvery: flags["checkpoint-every"] ?? 250,
        resume: flags.resume,
        ...(flags["init-from"] ? { initFrom: flags["init-from"] } : {}),
        ...(flags["type-loss-weight"] !== undefined ? { typeLossWeight: flags["type-loss-weight"] } : {}),
        shouldStop: () => Date.now() > endAt,
        onStep: (s) => {
          if (flags.json || (Date.now() - lastPrint < 5000 && s.step !== s.totalSteps)) return;
          lastPrint = Date.now();
          io.stderr(`step ${s.step}/${s.totalSteps}  epoch ${s.epoch}  loss ${s.loss.toFixed(4)}  lr ${s.lr.toExponential(2)}  ${(s.elapsed / 60).toFixed(1)} min\n`);
        },
      });
      const summary = { family, task: model.config.task, dataset: ds.name, split: ds.split, structures: ds.structures.length, stepsDone: report.stepsDone, totalSteps: report.totalSteps, wallSeconds: report.wallSeconds, backend: backendInfo()?.name, lastLoss: report.losses.at(-1) ?? null, out: flags.out };
      io.stdout(flags.json ? `${JSON.stringify(summary)}\n` : `trained ${family}/${summary.task} on ${ds.name}/${ds.split} (${ds.structures.length} structures): ${report.stepsDone}/${report.totalSteps} steps in ${(report.wallSeconds / 60).toFixed(1)} min on ${summary.backend}; checkpoint ${flags.out}\n`);
      return 0;
    } finally {
      model.dispose();
    }
  },
};

/** A resumed or fine-tuned model keeps the checkpoint's task, condition and architecture: a flag that differs is an error. */
function refuseConflicts(flags: { task?: string; condition?: string; hidden?: number; layers?: number; freqs?: number; "max-atoms"?: number }, config: ModelConfig, dir: string): void {
  const saved: Record<string, string | number | undefined> = {
    task: config.task, condition: config.condition?.property, hidden: config.network.hidden, layers: config.network.layers, freqs: config.network.freqs, "max-atoms": config.maxAtoms,
  };
  for (const [flag, value] of Object.entries(saved)) {
    const given = flags[flag as keyof typeof flags];
    if (given !== undefined && given !== value)
      throw new CliUsageError(`train: --${flag} ${given} conflicts with ${dir}, whose model has ${flag} ${value ?? "none"} (task, condition and architecture come from the checkpoint)`);
  }
}

function stripTraining<T extends { state?: unknown; training?: unknown }>(c: T): Omit<T, "state" | "training"> {
  const { state: _s, training: _t, ...rest } = c;
  return rest;
}

export default train;

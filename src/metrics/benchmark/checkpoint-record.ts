// What the benchmark table needs from a checkpoint's config.json: its family, tasks and training record (cost). Read
// as plain JSON (both config generations: `task` or `tasks`), so the table needs no model code.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { CrystalError } from "../../crystal/errors.js";

/** Thrown when a folder given as a checkpoint has no readable config.json of a model. */
export class CheckpointFolderError extends CrystalError {
  override name = "CheckpointFolderError";
}

/** The training cost of a checkpoint, from its training record. */
export interface TrainingCost {
  /** Wall time (s) of this run plus the run it was initialised from (`initFrom`), when recorded. */
  readonly wallSeconds: number;
  /** Compute backend of the run (e.g. "wasm"). */
  readonly backend: string;
  readonly dataset: string;
  readonly split: string;
  /** The training command rebuilt from the record (`xtal train …`). */
  readonly command: string;
}

/** A checkpoint folder as the benchmark table sees it. */
export interface CheckpointRecord {
  readonly dir: string;
  /** The folder name: the row's name in the table. */
  readonly name: string;
  readonly family: string;
  readonly tasks: readonly string[];
  /** Undefined for a checkpoint without a training record (e.g. a sample-only model). */
  readonly training?: TrainingCost;
}

const record = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function trainingCost(config: Readonly<Record<string, unknown>>, family: string, dir: string): TrainingCost | undefined {
  const t = record(config["training"]);
  if (typeof t["wallSeconds"] !== "number") return undefined;
  const init = record(t["initFrom"]);
  const s = record(t["settings"]);
  const flag = (name: string, v: unknown) => (v === undefined ? [] : [`--${name} ${String(v)}`]);
  const command = [
    `xtal train ${family}`, ...flag("dataset", t["dataset"]), ...flag("split", t["split"]), ...flag("epochs", s["epochs"]), ...flag("batch-size", s["batchSize"]),
    ...flag("lr", s["lr"]), ...flag("seed", s["seed"]), ...flag("init-from", init["checkpoint"]), `--out ${dir}`,
  ].join(" ");
  return {
    wallSeconds: t["wallSeconds"] + (typeof init["wallSeconds"] === "number" ? init["wallSeconds"] : 0),
    backend: String(t["backend"] ?? ""), dataset: String(t["dataset"] ?? ""), split: String(t["split"] ?? ""), command,
  };
}

/**
 * Reads `dir/config.json`.
 * @throws CheckpointFolderError naming the file when the folder has no config.json or it is not a model's config
 */
export function readCheckpointRecord(dir: string): CheckpointRecord {
  const file = join(dir, "config.json");
  if (!existsSync(file)) throw new CheckpointFolderError(`${dir}: not a checkpoint folder (no config.json)`);
  let config: Record<string, unknown>;
  try {
    config = record(JSON.parse(readFileSync(file, "utf8")));
  } catch (e) {
    throw new CheckpointFolderError(`${file}: not a readable JSON file (${(e as Error).message})`);
  }
  const family = config["family"];
  const tasks = Array.isArray(config["tasks"]) ? config["tasks"].map(String) : typeof config["task"] === "string" ? [config["task"]] : null;
  if (config["format"] !== "crystal-workbench-model" || typeof family !== "string" || !tasks)
    throw new CheckpointFolderError(`${file}: not a crystal-workbench model config (needs format "crystal-workbench-model", family and tasks)`);
  const training = trainingCost(config, family, dir);
  return { dir, name: basename(dir), family, tasks, ...(training ? { training } : {}) };
}

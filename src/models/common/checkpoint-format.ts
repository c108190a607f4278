// The checkpoint format every family shares: a directory with config.json (format, version, the ModelConfig, the
// manifests of the family's binary files with their checksums) written last and atomically, so a directory holds
// either the previous checkpoint or the new one.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ModelConfigError } from "../errors.js";
import type { ModelFamily } from "../registry.js";
import { readCheckpointJson, writeFileAtomic } from "../training/checkpoint.js";
import type { StateManifests } from "../training/state-io.js";
import type { ModelConfig } from "../types.js";

/** The format tag of config.json. */
export const CHECKPOINT_FORMAT = "crystal-workbench-model";
/** The config version written today; older versions are migrated by their family on load. */
export const CHECKPOINT_VERSION = 2;

/** A checkpoint as read: the (migrated) config and, when the family saved weights, their manifests. */
export interface Checkpoint {
  config: ModelConfig;
  state?: StateManifests;
}

/**
 * The family name and version of the checkpoint in `dir`, before any migration.
 * @throws ModelConfigError when dir is missing, has no config.json, or it is not one of ours
 */
export function checkpointFamily(dir: string): { family: string; version: number } {
  const j = rawConfig(dir);
  return { family: j.family as string, version: j.version as number };
}

/**
 * Reads the checkpoint in `dir` for `family`, migrating an older config with the family's `migrate`.
 * @throws ModelConfigError when it is not a checkpoint, holds another family, or has a version the family cannot read
 */
export function readCheckpoint(dir: string, family: ModelFamily): Checkpoint {
  const j = rawConfig(dir);
  if (j.family !== family.name) throw new ModelConfigError(`checkpoint ${dir} holds a ${String(j.family)} model, not ${family.name}`);
  const { state, ...rest } = j as Record<string, unknown> & { state?: StateManifests };
  let config: ModelConfig;
  if (rest.version === CHECKPOINT_VERSION) config = rest as unknown as ModelConfig;
  else if (family.migrate && typeof rest.version === "number" && rest.version < CHECKPOINT_VERSION) config = family.migrate(rest);
  else throw new ModelConfigError(`checkpoint ${dir}: config version ${String(rest.version)} cannot be read by this version of crystal-workbench (reads ${CHECKPOINT_VERSION}${family.migrate ? " and older" : ""})`);
  if (!Array.isArray(config.tasks) || config.tasks.length === 0) throw new ModelConfigError(`checkpoint ${dir}: config.json names no tasks`);
  return state ? { config, state } : { config };
}

/** Writes config.json (the config plus the weight manifests) atomically into dir, creating it. */
export function writeCheckpoint(dir: string, config: ModelConfig, state?: StateManifests): void {
  mkdirSync(dir, { recursive: true });
  const json = { ...config, format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, ...(state ? { state } : {}) };
  writeFileAtomic(join(dir, "config.json"), `${JSON.stringify(json, null, 2)}\n`);
}

function rawConfig(dir: string): Record<string, unknown> {
  if (!existsSync(dir)) throw new ModelConfigError(`checkpoint directory ${dir} does not exist`);
  const j = readCheckpointJson<Record<string, unknown>>(dir);
  if (j === null || typeof j !== "object" || j.format !== CHECKPOINT_FORMAT || typeof j.family !== "string")
    throw new ModelConfigError(`checkpoint ${dir}: config.json is not a crystal-workbench model checkpoint`);
  return j;
}

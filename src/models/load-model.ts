// Making and opening models through the registry: the CLI and notebooks never import a family's module.
import { initBackend } from "./backend/index.js";
import { checkpointFamily, readCheckpoint } from "./common/checkpoint-format.js";
import type { OptionValues } from "./options-schema.js";
import { modelFamily } from "./registry.js";
import type { GenerativeModel } from "./types.js";

/**
 * A new untrained model of a registered family, e.g. `createModel("diffcsp", { task: "gen", hidden: 64 })`; the
 * options are the family's create options (`xtal train FAMILY --help` lists them).
 * @throws ModelConfigError for an unknown family; ModelRequestError for an option the family does not declare
 */
export function createModel(family: string, options: OptionValues = {}): GenerativeModel {
  return modelFamily(family).create(options);
}

/**
 * Loads a checkpoint directory written by `save()`: the family is read from config.json and found in the registry.
 * @throws ModelConfigError when it is not a valid checkpoint or its family is not registered
 */
export async function loadModel(dir: string): Promise<GenerativeModel> {
  const family = modelFamily(checkpointFamily(dir).family);
  const { config } = readCheckpoint(dir, family);
  await initBackend(); // before the constructor creates its first tensors
  const model = family.fromConfig(config);
  try {
    await model.load(dir);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

// Opening any saved model by its family.
import { initBackend } from "./backend/index.js";
import { DenoiserModel, readModelCheckpoint } from "./common/denoiser-model.js";
import { DiffCsp } from "./diffcsp/diffcsp.js";
import { FlowMm } from "./flowmm/flowmm.js";
import { ModelConfigError } from "./training/errors.js";
import type { ModelConfig } from "./types.js";

/** A new untrained model of the config's family. */
export function createModel(config: ModelConfig): DenoiserModel {
  if (config.family === "diffcsp") return new DiffCsp(config);
  if (config.family === "flowmm") return new FlowMm(config);
  throw new ModelConfigError(`unknown model family ${String((config as { family: unknown }).family)}`);
}

/** Loads a checkpoint directory written by save() (family read from config.json); ModelConfigError if not a valid one. */
export async function loadModel(dir: string): Promise<DenoiserModel> {
  const saved = readModelCheckpoint(dir);
  const { state: _state, training: _training, ...config } = saved;
  await initBackend(); // before the constructor creates its first tensors
  const model = createModel(config);
  try {
    await model.load(dir);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

// Saving and restoring weights and optimiser state with the checkpoint files: weights.bin holds the EMA weights
// (what sampling uses); train-state.bin holds the raw weights and Adam moments (only needed to resume training).
import * as tf from "@tensorflow/tfjs";
import { type ArrayFileManifest, readArrays, writeArrays } from "./checkpoint.js";
import { ModelConfigError } from "../errors.js";
import { type OptimizerState, type ParamMap, disposeOptimizerState } from "./optimizer.js";

/** The manifests of the two binary files, stored in config.json. */
export interface StateManifests {
  weights: ArrayFileManifest;
  trainState?: ArrayFileManifest;
  /** Adam updates taken. */
  updates: number;
}

function entries(map: ParamMap, prefix = ""): [string, { shape: number[]; values: Float32Array }][] {
  return [...map].map(([k, v]) => [prefix + k, { shape: v.shape.slice(), values: v.dataSync() as Float32Array }]);
}

/** Writes weights.bin (EMA weights, or the raw weights when no state) and train-state.bin (when state is given). */
export function saveState(dir: string, params: ParamMap, state: OptimizerState | null): StateManifests {
  const weights = writeArrays(dir, "weights.bin", entries(state ? state.ema : params));
  if (!state) return { weights, updates: 0 };
  const trainState = writeArrays(dir, "train-state.bin", [...entries(params, "param/"), ...entries(state.m, "m/"), ...entries(state.v, "v/")]);
  return { weights, trainState, updates: state.updates };
}

function assign(dir: string, target: ParamMap, values: Map<string, Float32Array>, prefix: string): void {
  for (const [name, v] of target) {
    const a = values.get(prefix + name);
    if (!a || a.length !== v.size) throw new ModelConfigError(`checkpoint ${dir}: weight ${name} is ${a ? `of size ${a.length}, expected ${v.size}` : "missing"} (checkpoint from another model?)`);
    const t = tf.tensor(a, v.shape);
    v.assign(t);
    t.dispose();
  }
}

/** Loads weights.bin into `weights` (the EMA weights the model samples with). */
export function loadWeights(dir: string, m: StateManifests, weights: ParamMap): void {
  assign(dir, weights, readArrays(dir, m.weights), "");
}

/**
 * New weights from `init` filled from a checkpoint's weights.bin (freed again when the file does not fit them).
 * @throws ModelConfigError when the checkpoint has no weights or they do not fit the architecture
 */
export function loadFreshWeights(dir: string, m: StateManifests | undefined, init: () => ParamMap): ParamMap {
  if (!m) throw new ModelConfigError(`checkpoint ${dir}: saved without weights`);
  const fresh = init();
  try {
    loadWeights(dir, m, fresh);
  } catch (e) {
    disposeParams(fresh, null);
    throw e;
  }
  return fresh;
}

/** Frees a model's weights and, when given, its optimiser state. */
export function disposeParams(params: ParamMap, optimizer: OptimizerState | null): void {
  for (const v of params.values()) v.dispose();
  if (optimizer) disposeOptimizerState(optimizer);
}

/** Restores the raw weights, Adam moments and EMA for resuming; throws ModelConfigError when train-state.bin is absent. */
export function loadTrainState(dir: string, m: StateManifests, params: ParamMap, state: OptimizerState): void {
  if (!m.trainState) throw new ModelConfigError(`checkpoint ${dir}: saved without optimiser state; it cannot be resumed`);
  const values = readArrays(dir, m.trainState);
  assign(dir, params, values, "param/");
  assign(dir, state.m, values, "m/");
  assign(dir, state.v, values, "v/");
  loadWeights(dir, m, state.ema);
  state.updates = m.updates;
}

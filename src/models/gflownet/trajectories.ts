// Sampling complete constructions with the forward policy, many at once (one network call per construction step).
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../../util/random.js";
import type { ParamMap } from "../training/optimizer.js";
import { type CrystalEnvironment, type CrystalState, INITIAL_STATE } from "./environment.js";
import { encodeState, encodingSize } from "./encoding.js";
import { logPolicy } from "./policy.js";
import { tidyData } from "../common/tidy-data.js";

/** One complete construction: per step the encoded state, its action mask and the action taken; the terminal state. */
export interface Trajectory {
  readonly encodings: Float32Array[];
  readonly masks: Uint8Array[];
  readonly actions: number[];
  readonly terminal: CrystalState;
}

/** How trajectories are drawn. */
export interface TrajectoryOptions {
  /** Probability of a uniform draw among the valid actions instead of the policy's (exploration; default 0). */
  readonly exploration?: number;
  /** Draw uniformly among the valid actions at every step (the uniform random construction baseline; no network call). */
  readonly uniform?: boolean;
  /** Only this space-group number may be chosen (sampling a fixed group; not for training, where P_F must be the policy's). */
  readonly spaceGroup?: number;
}

/**
 * n complete constructions drawn from P_F (network of `layers` hidden layers, weights `params`), or uniformly.
 * @throws RangeError when `spaceGroup` is not one of the environment's groups
 */
export function sampleTrajectories(env: CrystalEnvironment, params: ParamMap, layers: number, n: number, random: Rng, options: TrajectoryOptions = {}): Trajectory[] {
  const fixed = options.spaceGroup === undefined ? -1 : env.spec.spaceGroups.indexOf(options.spaceGroup);
  if (options.spaceGroup !== undefined && fixed < 0) throw new RangeError(`space group ${options.spaceGroup} is not one of the environment's groups`);
  const D = encodingSize(env), A = env.layout.size;
  const states: CrystalState[] = new Array<CrystalState>(n).fill(INITIAL_STATE);
  const steps = Array.from({ length: n }, () => ({ encodings: [] as Float32Array[], masks: [] as Uint8Array[], actions: [] as number[] }));
  let active = Array.from({ length: n }, (_, i) => i);
  while (active.length > 0) {
    const encodings = active.map((i) => {
      const e = new Float32Array(D);
      encodeState(env, states[i]!, e, 0);
      return e;
    });
    const masks = active.map((i) => {
      const m = env.mask(states[i]!);
      if (fixed < 0 || states[i]!.spaceGroup !== null) return m;
      const only = new Uint8Array(A);
      only[fixed] = 1;
      return only;
    });
    const probs = options.uniform ? null : policyProbabilities(params, layers, encodings, masks, D, A);
    active.forEach((i, r) => {
      const mask = masks[r]!;
      const explore = options.uniform || random.next() < (options.exploration ?? 0);
      const action = explore ? uniformValid(mask, random) : drawAction(probs!, r * A, mask, random);
      steps[i]!.encodings.push(encodings[r]!);
      steps[i]!.masks.push(mask);
      steps[i]!.actions.push(action);
      states[i] = env.step(states[i]!, action);
    });
    active = active.filter((i) => !env.isTerminal(states[i]!));
  }
  return steps.map((s, i) => ({ ...s, terminal: states[i]! }));
}

function policyProbabilities(params: ParamMap, layers: number, encodings: Float32Array[], masks: Uint8Array[], D: number, A: number): Float32Array {
  const x = new Float32Array(encodings.length * D);
  encodings.forEach((e, r) => x.set(e, r * D));
  const m = new Float32Array(masks.length * A);
  masks.forEach((mk, r) => m.set(mk, r * A));
  return tidyData(() => tf.exp(logPolicy(params, layers, tf.tensor2d(x, [encodings.length, D]), tf.tensor2d(m, [masks.length, A]))));
}

/** An action drawn from probabilities at p[offset …], valid ones only (rounding never picks a masked action). */
function drawAction(p: Float32Array, offset: number, mask: Uint8Array, random: Rng): number {
  let total = 0;
  for (let a = 0; a < mask.length; a++) if (mask[a]) total += p[offset + a]!;
  let u = random.next() * total;
  let last = -1;
  for (let a = 0; a < mask.length; a++) {
    if (!mask[a]) continue;
    last = a;
    if ((u -= p[offset + a]!) < 0) return a;
  }
  return last;
}

function uniformValid(mask: Uint8Array, random: Rng): number {
  const valid: number[] = [];
  mask.forEach((v, a) => v && valid.push(a));
  return valid[random.int(valid.length)]!;
}

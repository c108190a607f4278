// Classifier-free guidance on one scalar property (Ho & Salimans 2022): the condition's statistics and its random
// dropout in training, and the mixing of conditional and unconditional predictions at sampling.
import * as tf from "@tensorflow/tfjs";
import type { Structure } from "../../crystal/structure.js";
import type { Rng } from "../../util/random.js";
import { ModelConfigError } from "../errors.js";
import type { ConditionSpec } from "../types.js";

/**
 * Checks that every training structure has a finite numeric value of the property.
 * @throws ModelConfigError naming the dataset and the first structure without one
 */
export function checkConditionColumn(structures: readonly Structure[], property: string, dataset: string): void {
  const bad = structures.findIndex((s) => typeof s.properties?.[property] !== "number" || !Number.isFinite(s.properties[property] as number));
  if (bad < 0) return;
  const has = structures.some((s) => s.properties && property in s.properties);
  throw new ModelConfigError(has ? `dataset ${dataset}: structure ${bad} has no numeric value of ${property}` : `dataset ${dataset} has no column ${property} to condition on`);
}

/** The condition with the property's mean and (population) standard deviation over the training structures (std 1 if 0). */
export function fitConditionStats(c: ConditionSpec, structures: readonly Structure[]): ConditionSpec {
  const v = structures.map((s) => s.properties![c.property] as number);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) || 1;
  return { ...c, mean, std };
}

/**
 * The condition input of a training batch, B×2: (normalised value, 1) per crystal, or (0, 0) — "no condition" — with
 * probability dropProb (one draw per crystal, from its own stream random[b]).
 */
export function conditionTrainingInput(structures: readonly Structure[], c: ConditionSpec, random: readonly Rng[]): tf.Tensor2D {
  const values = new Float32Array(2 * structures.length);
  structures.forEach((s, b) => {
    if (random[b]!.next() >= c.dropProb) values.set([((s.properties![c.property] as number) - c.mean) / c.std, 1], 2 * b);
  });
  return tf.tensor2d(values, [structures.length, 2]);
}

/** The conditional input (normalised target, 1) — or (0, 1) without a target — and the unconditional one (0, 0), each B×2. */
export function conditionSamplingInputs(B: number, value: number | null): { on: tf.Tensor2D; off: tf.Tensor2D } {
  return {
    on: tf.tensor2d(Float32Array.from({ length: 2 * B }, (_, k) => (value === null ? 0 : k % 2 === 0 ? value : 1)), [B, 2]),
    off: tf.zeros([B, 2]) as tf.Tensor2D,
  };
}

/** Guided prediction off + s (on − off), tensor by tensor for every key present in both. */
export function guidedMix<T extends { readonly [K in keyof T]: tf.Tensor | undefined }>(on: T, off: T, s: number): T {
  const out: Record<string, tf.Tensor | undefined> = {};
  for (const key of Object.keys(on) as (keyof T & string)[]) {
    const a = on[key], b = off[key];
    if (a && b) out[key] = b.add(a.sub(b).mul(s));
  }
  return out as T;
}

// Walking a model's latent space: interpolation between two latent vectors (linear and spherical), reconstruction
// (encode, then decode the posterior mean), and gradient steps on z along the property head, decoding along the way.
import type { Structure } from "../../crystal/structure.js";
import { rng } from "../../util/random.js";
import { ModelRequestError } from "../errors.js";
import { type LatentSource, decodeLatents } from "../parallel/decode-latents.js";
import type { ParallelSamplingOptions } from "../parallel/sample-crystals.js";
import type { DecodeOptions, LatentModel } from "../types.js";

/** How to interpolate: straight line, or the great circle at linearly interpolated norm (slerp). */
export type InterpolationKind = "linear" | "spherical";

/**
 * `count` latent vectors from a to b inclusive (count ≥ 2). Spherical: slerp of the directions with the norm
 * interpolated linearly (Shoemake 1985; White 2016 for generative models); collinear vectors fall back to linear.
 * @throws ModelRequestError when the vectors differ in length or count < 2
 */
export function interpolateLatents(a: readonly number[], b: readonly number[], count: number, kind: InterpolationKind = "linear"): number[][] {
  if (a.length !== b.length) throw new ModelRequestError("latents", `cannot interpolate vectors of lengths ${a.length} and ${b.length}`);
  if (!(Number.isInteger(count) && count >= 2)) throw new ModelRequestError("count", `an interpolation needs at least 2 points (got ${count})`);
  const norm = (v: readonly number[]) => Math.hypot(...v);
  const [na, nb] = [norm(a), norm(b)];
  const cos = na > 0 && nb > 0 ? a.reduce((s, x, k) => s + x * b[k]!, 0) / (na * nb) : 1;
  const omega = Math.acos(Math.min(1, Math.max(-1, cos)));
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    if (kind === "linear" || omega < 1e-6) return a.map((x, k) => (1 - t) * x + t * b[k]!);
    const [wa, wb] = [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)];
    const r = (1 - t) * na + t * nb;
    return a.map((x, k) => r * (wa * (x / na) + wb * (b[k]! / nb)));
  });
}

/**
 * Points on `count` rays from the origin of a `dim`-dimensional latent space: for each radius, the point at that
 * distance along each of `count` seeded, uniformly distributed unit directions (result[r][k]: radius r, direction k).
 */
export function latentRays(dim: number, radii: readonly number[], count: number, seed = 0): number[][][] {
  const random = rng(seed);
  const directions = Array.from({ length: count }, () => {
    const v = Array.from({ length: dim }, () => random.normal());
    const n = Math.hypot(...v) || 1;
    return v.map((x) => x / n);
  });
  return radii.map((r) => directions.map((u) => u.map((x) => r * x)));
}

/**
 * Reconstructs crystals (the model's "reconstruct" task): encodes them in this thread and decodes the posterior means in
 * seeded chunks (decodeLatents: on worker threads when the source names its checkpoint; `singleStream` for one stream).
 * @throws ModelRequestError for crystals or options the model refuses; SampleChunkError naming a chunk that failed
 */
export async function reconstructCrystals(source: LatentSource, structures: readonly Structure[], options: DecodeOptions = {}, parallel: ParallelSamplingOptions = {}): Promise<Structure[]> {
  const model = "model" in source ? source.model : source;
  const codes = await model.encode(structures);
  return decodeLatents(source, codes.map((c) => [...c.mean]), options, parallel);
}

/** Options of optimizeLatents. */
export interface LatentOptimizationOptions {
  /** Lower ("min") or raise ("max") the property. */
  direction: "min" | "max";
  /** Gradient steps (default 100). */
  steps?: number;
  /** Step size in latent units per step (default 0.05); each step moves z by this length along ±∇ (normalised gradient). */
  stepSize?: number;
  /** Record (and decode, with `decode`) every this many steps (default steps / 10). */
  every?: number;
}

/** One optimisation path: the latent vectors recorded along it (step 0 first) and the head's value at each. */
export interface LatentPath {
  steps: number[];
  latents: number[][];
  values: number[];
}

/**
 * Moves each start vector `steps` times by `stepSize` along the normalised gradient of the model's property head,
 * downhill for "min" and uphill for "max" (CDVAE's optimisation, with normalised steps in place of Adam), recording the
 * vectors and head values every `every` steps and at the end.
 * @throws ModelRequestError when the model has no property head or the options are out of range
 */
export function optimizeLatents(model: LatentModel, starts: readonly (readonly number[])[], options: LatentOptimizationOptions): LatentPath[] {
  const steps = options.steps ?? 100;
  const stepSize = options.stepSize ?? 0.05;
  const every = options.every ?? Math.max(1, Math.floor(steps / 10));
  if (!(Number.isInteger(steps) && steps >= 1)) throw new ModelRequestError("steps", `steps must be a positive integer (got ${steps})`);
  if (!(stepSize > 0)) throw new ModelRequestError("stepSize", `stepSize must be positive (got ${stepSize})`);
  if (!(Number.isInteger(every) && every >= 1)) throw new ModelRequestError("every", `every must be a positive integer (got ${every})`);
  const sign = options.direction === "min" ? -1 : 1;
  let z = starts.map((s) => [...s]);
  const paths: LatentPath[] = z.map(() => ({ steps: [], latents: [], values: [] }));
  for (let s = 0; s <= steps; s++) {
    const { values, gradients } = model.latentPropertyGradient(z);
    if (s % every === 0 || s === steps)
      z.forEach((v, i) => {
        paths[i]!.steps.push(s);
        paths[i]!.latents.push([...v]);
        paths[i]!.values.push(values[i]!);
      });
    if (s === steps) break;
    z = z.map((v, i) => {
      const g = gradients[i]!;
      const n = Math.hypot(...g) || 1;
      return v.map((x, k) => x + (sign * stepSize * g[k]!) / n);
    });
  }
  return paths;
}

// Sampler settings the sample and evaluate commands share, applied to a loaded model.
import type { DenoiserModel } from "../models/common/denoiser-model.js";
import { CliUsageError } from "./args.js";

/** Sets FlowMM's inference anti-annealing s′ (`--anti-anneal`) on a loaded model; other families refuse it. */
export function applyAntiAnneal(model: DenoiserModel, antiAnneal: number | undefined): void {
  if (antiAnneal === undefined) return;
  if (model.config.family !== "flowmm" || !model.config.flow) throw new CliUsageError(`--anti-anneal is a FlowMM sampler setting (this checkpoint is ${model.config.family})`);
  if (!(antiAnneal >= 0)) throw new CliUsageError(`--anti-anneal must be ≥ 0 (got ${antiAnneal})`);
  model.config = { ...model.config, flow: { ...model.config.flow, antiAnneal } };
}

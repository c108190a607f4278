// Sampler settings the sample and evaluate commands share, applied to a loaded model.
import type { DenoiserModel } from "../models/common/denoiser-model.js";
import { CliUsageError } from "./args.js";

/** The family-specific sampler flags of `xtal sample` and `xtal evaluate`. */
export const SAMPLER_FLAGS = {
  "anti-anneal": { type: "number" },
  "step-lr": { type: "number" },
} as const;

/** Usage lines of SAMPLER_FLAGS. */
export const SAMPLER_USAGE = [
  "  --anti-anneal S    FlowMM: scale the coordinate velocity by 1 + S·t while integrating (default: the checkpoint's)",
  "  --step-lr X        DiffCSP: corrector (Langevin) step size factor; the step is X·(σ_t/σ_begin)² (default: the checkpoint's)",
];

/**
 * Applies the sampler flags to a loaded model: FlowMM's inference anti-annealing s′ (`--anti-anneal`), DiffCSP's
 * corrector step size (`--step-lr`); a flag of another family is refused.
 */
export function applySamplerFlags(model: DenoiserModel, flags: { "anti-anneal"?: number | undefined; "step-lr"?: number | undefined }): void {
  const antiAnneal = flags["anti-anneal"];
  if (antiAnneal !== undefined) {
    if (model.config.family !== "flowmm" || !model.config.flow) throw new CliUsageError(`--anti-anneal is a FlowMM sampler setting (this checkpoint is ${model.config.family})`);
    if (!(antiAnneal >= 0)) throw new CliUsageError(`--anti-anneal must be ≥ 0 (got ${antiAnneal})`);
    model.config = { ...model.config, flow: { ...model.config.flow, antiAnneal } };
  }
  const stepLr = flags["step-lr"];
  if (stepLr !== undefined) {
    if (model.config.family !== "diffcsp" || !model.config.diffusion) throw new CliUsageError(`--step-lr is a DiffCSP sampler setting (this checkpoint is ${model.config.family})`);
    if (!(stepLr >= 0)) throw new CliUsageError(`--step-lr must be ≥ 0 (got ${stepLr})`);
    model.config = { ...model.config, diffusion: { ...model.config.diffusion, stepLr } };
  }
}

/** The sampler settings a model will use, for reports: FlowMM's anti-annealing, DiffCSP's corrector step size. */
export function samplerSettings(model: DenoiserModel): { antiAnneal?: number; stepLr?: number } {
  if (model.config.flow) return { antiAnneal: model.config.flow.antiAnneal ?? 0 };
  if (model.config.diffusion) return { stepLr: model.config.diffusion.stepLr };
  return {};
}

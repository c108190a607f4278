import { type CspnetConfig, cspnetConfig } from "../cspnet/config.js";
import type { ModelConfig } from "../types.js";

/** Options every denoiser-based family (DiffCSP, FlowMM) shares. */
export interface DenoiserModelOptions {
  task?: "csp" | "gen";
  network?: Partial<CspnetConfig>;
  maxAtoms?: number;
  seed?: number;
  /** Weight of the atom-type loss of a de novo model (DiffCSP default 20, its `cost_type`; FlowMM 1). */
  typeLossWeight?: number;
  /** Condition on this scalar property (classifier-free guidance), dropping it with probability dropProb in training. */
  condition?: { property: string; dropProb?: number };
}

/**
 * The family-independent part of a model config. Defaults: CSP task, CSPNet hidden 128, 4 layers, 10 Fourier frequencies,
 * time embedding 64, at most 20 atoms, seed 0, condition dropout 0.1 (normalisation filled in at training).
 */
export function baseModelConfig(family: ModelConfig["family"], o: DenoiserModelOptions): ModelConfig {
  const task = o.task ?? "csp";
  return {
    format: "crystal-workbench-model", version: 1, family, task,
    network: cspnetConfig({ hidden: 128, layers: 4, freqs: 10, timeDim: 64, ...o.network, typeHead: task === "gen", condition: Boolean(o.condition) }),
    maxAtoms: o.maxAtoms ?? 20,
    seed: o.seed ?? 0,
    ...(o.condition ? { condition: { property: o.condition.property, mean: 0, std: 1, dropProb: o.condition.dropProb ?? 0.1 } } : {}),
  };
}

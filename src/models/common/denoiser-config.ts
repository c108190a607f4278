// The config of the CSPNet-denoiser families (DiffCSP, FlowMM): the create options they share, the family block's
// common part, its validation, and the migration of version-1 config.json files.
import { type CspnetConfig, cspnetConfig } from "../cspnet/config.js";
import { ModelConfigError } from "../errors.js";
import type { OptionSchema, OptionValues } from "../options-schema.js";
import type { ModelConfig, RequestField } from "../types.js";

/** The part of the family block every denoiser family has. */
export interface DenoiserFamilyConfig {
  network: CspnetConfig;
  /** Weight of the atom-type loss of a de novo model against the coordinate and lattice losses. */
  typeLossWeight: number;
}

/** Create options both denoiser families take (each adds its own and its typeLossWeight default). */
export const DENOISER_CREATE_OPTIONS: OptionSchema = {
  task: { type: "string", choices: ["csp", "gen"], default: "csp", help: "csp: composition given → lattice and coordinates; gen: de novo (atom types too)" },
  maxAtoms: { type: "integer", min: 1, default: 20, help: "largest number of atoms per crystal" },
  seed: { type: "integer", default: 0, help: "seed of the weight initialisation (and of training)" },
  condition: { type: "string", help: "condition on this numeric dataset column (classifier-free guidance at sampling)" },
  conditionDropout: { type: "number", min: 0, max: 1, default: 0.1, help: "probability of dropping the condition in a training step" },
  hidden: { type: "integer", min: 1, default: 128, help: "CSPNet hidden width" },
  layers: { type: "integer", min: 1, default: 4, help: "CSPNet message-passing layers" },
  freqs: { type: "integer", min: 1, default: 10, help: "Fourier frequencies of coordinate differences" },
  timeDim: { type: "integer", min: 2, default: 64, help: "width of the time embedding (even)" },
};

/** The request fields both denoiser families honour. */
export const DENOISER_REQUEST_FIELDS: readonly RequestField[] = ["compositions", "n", "numAtoms", "target", "guidance", "batchSize", "onTrajectory"];

/** Training settings both denoiser families take. */
export const DENOISER_TRAIN_SETTINGS: OptionSchema = {
  typeLossWeight: { type: "number", min: 0, help: "weight of the atom-type loss of a de novo model for this run (fresh run or fine-tune)" },
};

/**
 * The neutral part of a new denoiser config and the block's common part, from checked create options; the type-loss
 * weight is the family's default (a run changes it with the typeLossWeight training setting).
 */
export function denoiserConfig(family: string, o: OptionValues, typeLossWeight: number): ModelConfig<DenoiserFamilyConfig> {
  const task = (o.task as "csp" | "gen" | undefined) ?? "csp";
  const condition = o.condition as string | undefined;
  const network = cspnetConfig({
    hidden: (o.hidden as number | undefined) ?? 128, layers: (o.layers as number | undefined) ?? 4, freqs: (o.freqs as number | undefined) ?? 10,
    timeDim: (o.timeDim as number | undefined) ?? 64, typeHead: task === "gen", condition: Boolean(condition),
  });
  return {
    format: "crystal-workbench-model", version: 2, family, tasks: [task],
    maxAtoms: (o.maxAtoms as number | undefined) ?? 20,
    seed: (o.seed as number | undefined) ?? 0,
    ...(condition ? { condition: { property: condition, mean: 0, std: 1, dropProb: (o.conditionDropout as number | undefined) ?? 0.1 } } : {}),
    familyConfig: { network, typeLossWeight },
  };
}

/** The create options a denoiser config was made with (task, atom limit, condition, architecture). */
export function denoiserOptionsOf(c: ModelConfig): OptionValues {
  const n = (c.familyConfig as DenoiserFamilyConfig).network;
  return { task: c.tasks[0]!, maxAtoms: c.maxAtoms, ...(c.condition ? { condition: c.condition.property } : {}), hidden: n.hidden, layers: n.layers, freqs: n.freqs, timeDim: n.timeDim };
}

/** @throws ModelConfigError when the config cannot describe a denoiser model */
export function validateDenoiserConfig(c: ModelConfig<DenoiserFamilyConfig>): void {
  const n = c.familyConfig?.network;
  const posInt = (v: number) => Number.isInteger(v) && v >= 1;
  if (!n) throw new ModelConfigError(`${c.family} config has no familyConfig.network`);
  if (!posInt(n.hidden) || !posInt(n.layers) || !posInt(n.freqs) || !posInt(n.timeDim) || n.timeDim % 2 !== 0 || !posInt(n.numTypes))
    throw new ModelConfigError(`network sizes must be positive integers (timeDim even): ${JSON.stringify(n)}`);
  if (!posInt(c.maxAtoms)) throw new ModelConfigError(`maxAtoms must be a positive integer (got ${c.maxAtoms})`);
  if (c.tasks.length !== 1 || (c.tasks[0] !== "csp" && c.tasks[0] !== "gen")) throw new ModelConfigError(`a ${c.family} model does exactly one task, csp or gen (got ${c.tasks.join(", ")})`);
  const task = c.tasks[0];
  if (n.typeHead !== (task === "gen")) throw new ModelConfigError(`task ${task} ${task === "gen" ? "needs" : "must not have"} the atom-type head`);
  if (n.condition !== Boolean(c.condition)) throw new ModelConfigError("network.condition and config.condition disagree");
  if (!(Number.isFinite(c.familyConfig.typeLossWeight) && c.familyConfig.typeLossWeight >= 0)) throw new ModelConfigError(`typeLossWeight must be a finite number ≥ 0 (got ${c.familyConfig.typeLossWeight})`);
}

/**
 * Version 1 → 2: `task` becomes `tasks`, and `network` plus the family's block (`diffusion` or `flow`, holding the
 * type-loss weight) move into `familyConfig` under the same names, with typeLossWeight beside the network.
 * @throws ModelConfigError when the version-1 file lacks its network or block
 */
export function migrateDenoiserConfigV1(saved: Readonly<Record<string, unknown>>, block: "diffusion" | "flow"): ModelConfig<DenoiserFamilyConfig> {
  const { format: _f, version: _v, task, network, diffusion, flow, ...neutral } = saved as Record<string, unknown>;
  const own = (block === "diffusion" ? diffusion : flow) as (Record<string, unknown> & { typeLossWeight?: number }) | undefined;
  if (!network || !own || (task !== "csp" && task !== "gen")) throw new ModelConfigError(`version-1 ${String(saved.family)} config.json lacks task, network or ${block}`);
  const { typeLossWeight, ...rest } = own;
  return {
    ...(neutral as Omit<ModelConfig, "familyConfig">),
    format: "crystal-workbench-model", version: 2, tasks: [task],
    familyConfig: { network: network as CspnetConfig, typeLossWeight: typeLossWeight ?? 1, [block]: rest },
  } as ModelConfig<DenoiserFamilyConfig>;
}

// The gflownet family's config block: the reward, the policy network's sizes, the lattice bins and, once trained, the
// environment (groups and elements of the training data) and the packing factor of the volume estimate.
import { ModelConfigError } from "../errors.js";
import type { OptionSchema, OptionValues } from "../options-schema.js";
import type { ModelConfig } from "../types.js";

/**
 * What the reward scores (R = exp(−β·s), s clamped at floorScore): "formation-energy" s = E_pred (eV/atom) of the
 * realised crystal; "target" s = |E_pred − target|; "atom-count" (a test and demo reward needing no predictor and no
 * realisation) s = atoms in the conventional cell ÷ maxAtoms.
 */
export type RewardKind = "formation-energy" | "target" | "atom-count";

/** The construction's choices, fixed by training. */
export interface GflowNetEnvironmentBlock {
  readonly spaceGroups: number[];
  readonly elements: number[];
  readonly minElements: number;
  readonly maxElements: number;
}

/** The gflownet config block. */
export interface GflowNetFamilyConfig {
  readonly reward: RewardKind;
  /** Inverse temperature β of the reward (1/score unit: eV⁻¹·atom for the energy rewards). */
  readonly beta: number;
  /** Target of the "target" reward (eV/atom). */
  readonly target: number;
  /** Score of crystals that cannot be realised, dead ends and crystals the predictor refuses; every score is clamped there. */
  readonly floorScore: number;
  /** The formation-energy predictor checkpoint (relative paths: to the package root or the predictorRoot setting); "" for atom-count. */
  readonly predictor: string;
  readonly hidden: number;
  readonly layers: number;
  /** Length bins (Å) and angle bins (degrees). */
  readonly lengths: number[];
  readonly angles: number[];
  /** Placements tried when realising a terminal state. */
  readonly realiseAttempts: number;
  /** Cell volume / Σ covalent-sphere volumes of the training data (the random-symmetric packing factor). */
  readonly volumeFactor: number;
  /** Null before training. */
  readonly environment: GflowNetEnvironmentBlock | null;
}

/** The shipped formation-energy predictor, relative to the package root. */
export const DEFAULT_PREDICTOR = "data/checkpoints/cgcnn-mp20-mpts52-eform";

/** Create options of the gflownet family. */
export const GFLOWNET_CREATE_OPTIONS: OptionSchema = {
  reward: { type: "string", choices: ["formation-energy", "target", "atom-count"], default: "formation-energy", help: "reward R = exp(−β·s): s = predicted formation energy (eV/atom), |E − target|, or atoms ÷ maxAtoms (test/demo reward, no predictor)" },
  beta: { type: "number", min: 0, default: 4, help: "inverse temperature β of the reward (eV⁻¹·atom for energy rewards)" },
  target: { type: "number", default: 0, help: "target formation energy (eV/atom) of the target reward" },
  floorScore: { type: "number", default: 1, help: "score of unrealisable or refused crystals and dead ends; scores are clamped there (eV/atom for energy rewards)" },
  predictor: { type: "string", default: DEFAULT_PREDICTOR, help: "formation-energy predictor checkpoint (relative to the package root or --predictor-root)" },
  hidden: { type: "integer", min: 1, default: 256, help: "policy MLP width" },
  layers: { type: "integer", min: 1, default: 2, help: "policy MLP hidden layers" },
  maxAtoms: { type: "integer", min: 1, max: 80, default: 20, help: "most atoms in the conventional cell" },
  minLength: { type: "number", min: 0.5, default: 3, help: "smallest length bin (Å)" },
  maxLength: { type: "number", min: 0.5, default: 12, help: "largest length bin (Å)" },
  lengthBins: { type: "integer", min: 1, default: 10, help: "length bins from minLength to maxLength" },
  angleBins: { type: "integer", min: 1, default: 13, help: "angle bins from 60° to 120° (13 = steps of 5°, 90° included when odd)" },
  realiseAttempts: { type: "integer", min: 1, default: 10, help: "placements tried when realising a construction" },
  seed: { type: "integer", default: 0, help: "weight initialisation and realisation seed" },
};

/** Evenly spaced values from lo to hi (lo alone for one bin). */
function bins(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));
}

/** A new gflownet config from checked create options. @throws ModelConfigError for maxLength < minLength */
export function gflownetConfig(o: OptionValues): ModelConfig<GflowNetFamilyConfig> {
  const num = (k: string, d: number) => (o[k] as number | undefined) ?? d;
  const reward = ((o.reward as RewardKind | undefined) ?? "formation-energy");
  if (num("maxLength", 12) < num("minLength", 3)) throw new ModelConfigError("gflownet: maxLength must be at least minLength");
  return {
    format: "crystal-workbench-model", version: 2, family: "gflownet", tasks: ["gen"], maxAtoms: num("maxAtoms", 20), seed: num("seed", 0),
    familyConfig: {
      reward, beta: num("beta", 4), target: num("target", 0), floorScore: num("floorScore", 1),
      predictor: reward === "atom-count" ? "" : ((o.predictor as string | undefined) ?? DEFAULT_PREDICTOR),
      hidden: num("hidden", 256), layers: num("layers", 2),
      lengths: bins(num("minLength", 3), num("maxLength", 12), num("lengthBins", 10)), angles: bins(60, 120, num("angleBins", 13)),
      realiseAttempts: num("realiseAttempts", 10), volumeFactor: 1, environment: null,
    },
  };
}

/** The create options a config was made with. */
export function gflownetOptionsOf(config: ModelConfig): OptionValues {
  const b = config.familyConfig as GflowNetFamilyConfig;
  return {
    reward: b.reward, beta: b.beta, target: b.target, floorScore: b.floorScore, ...(b.predictor ? { predictor: b.predictor } : {}), hidden: b.hidden, layers: b.layers,
    maxAtoms: config.maxAtoms, minLength: b.lengths[0]!, maxLength: b.lengths[b.lengths.length - 1]!, lengthBins: b.lengths.length, angleBins: b.angles.length,
    realiseAttempts: b.realiseAttempts, seed: config.seed,
  };
}

/** @throws ModelConfigError when a config's gflownet block is incomplete */
export function validateGflowNetConfig(config: ModelConfig): asserts config is ModelConfig<GflowNetFamilyConfig> {
  const b = config.familyConfig as Partial<GflowNetFamilyConfig> | undefined;
  const e = b?.environment;
  const ok = b && ["formation-energy", "target", "atom-count"].includes(b.reward ?? "") && [b.beta, b.target, b.floorScore, b.volumeFactor].every(Number.isFinite) &&
    typeof b.predictor === "string" && [b.hidden, b.layers, b.realiseAttempts].every((x) => Number.isInteger(x) && x! >= 1) &&
    Array.isArray(b.lengths) && b.lengths.length > 0 && Array.isArray(b.angles) && b.angles.length > 0 &&
    (e === null || (e !== undefined && e.spaceGroups.length > 0 && e.elements.length > 0 && e.minElements >= 1 && e.maxElements >= e.minElements));
  if (!ok) throw new ModelConfigError(`gflownet config: familyConfig must hold the reward, β, the network sizes, the lattice bins and the environment (got ${JSON.stringify(b)})`);
}

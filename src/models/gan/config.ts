// The GAN's config: its create options, the family block (architecture, WGAN-GP weights, data statistics) and its checks.
import { ModelConfigError } from "../errors.js";
import { DEFAULT_LATTICE_STATS, type LatticeParamStats } from "../flowmm/lattice-params.js";
import type { OptionSchema, OptionValues } from "../options-schema.js";
import type { ModelConfig } from "../types.js";

/** The GAN's own block of the config. */
export interface GanFamilyConfig {
  /** Dimension of the generator's Gaussian noise z. */
  latentDim: number;
  /** Width of the generator's hidden layers. */
  generatorHidden: number;
  /** Width of the critic's pair, atom and readout layers. */
  criticHidden: number;
  /** Critic updates per generator update (n_critic). */
  nCritic: number;
  /** Weight λ of the gradient penalty. */
  gpWeight: number;
  /**
   * What the critic sees of a generated atom's element in training: "softmax" probabilities, or "gumbel-st" — a one-hot
   * draw (Gumbel-max) whose gradient is that of the Gumbel-softmax at temperature 5 (straight-through), so that fake and
   * real atoms are both one-hot.
   */
  elementGradient: ElementGradient;
  /** Atoms per crystal (every training crystal has this many); null before training. */
  numAtoms: number | null;
  /**
   * The elements each atom slot may take: those found at that slot in training, atoms ordered by electronegativity
   * (slotOrder). It breaks the symmetry between slots that a permutation-invariant critic cannot; null before training.
   */
  slotElements: number[][] | null;
  /** Mean and std of the six FlowMM lattice parameters of the (Niggli-reduced) training cells. */
  latticeStats: LatticeParamStats;
}

/** How the generator's element choice reaches the critic in training. */
export type ElementGradient = "softmax" | "gumbel-st";

/** The create options of a GAN. */
export const GAN_CREATE_OPTIONS: OptionSchema = {
  maxAtoms: { type: "integer", min: 1, default: 20, help: "largest number of atoms per crystal (the training data must all have one atom count)" },
  seed: { type: "integer", default: 0, help: "seed of the weight initialisation (and of training)" },
  latentDim: { type: "integer", min: 1, default: 64, help: "dimension of the generator's noise z ~ N(0, I)" },
  generatorHidden: { type: "integer", min: 1, default: 256, help: "width of the generator's two hidden layers" },
  criticHidden: { type: "integer", min: 1, default: 128, help: "width of the critic's layers" },
  nCritic: { type: "integer", min: 1, default: 5, help: "critic updates per generator update" },
  gpWeight: { type: "number", min: 0, default: 10, help: "weight λ of the WGAN-GP gradient penalty" },
  elementGradient: { type: "string", choices: ["gumbel-st", "softmax"], default: "gumbel-st", help: "elements the critic sees in training: one-hot draws with straight-through Gumbel-softmax gradients, or softmax probabilities" },
};

const int = (o: OptionValues, k: string, d: number) => (o[k] as number | undefined) ?? d;

/** A new, untrained GAN config from checked create options. */
export function ganConfig(o: OptionValues): ModelConfig<GanFamilyConfig> {
  return {
    format: "crystal-workbench-model", version: 2, family: "gan", tasks: ["gen"],
    maxAtoms: int(o, "maxAtoms", 20),
    seed: int(o, "seed", 0),
    familyConfig: {
      latentDim: int(o, "latentDim", 64), generatorHidden: int(o, "generatorHidden", 256), criticHidden: int(o, "criticHidden", 128),
      nCritic: int(o, "nCritic", 5), gpWeight: (o.gpWeight as number | undefined) ?? 10,
      elementGradient: (o.elementGradient as ElementGradient | undefined) ?? "gumbel-st", numAtoms: null, slotElements: null, latticeStats: DEFAULT_LATTICE_STATS,
    },
  };
}

/** The create options a GAN config was made with. */
export function ganOptionsOf(c: ModelConfig): OptionValues {
  const f = c.familyConfig as GanFamilyConfig;
  return { maxAtoms: c.maxAtoms, latentDim: f.latentDim, generatorHidden: f.generatorHidden, criticHidden: f.criticHidden, nCritic: f.nCritic, gpWeight: f.gpWeight, elementGradient: f.elementGradient };
}

/** @throws ModelConfigError when the config cannot describe a GAN */
export function validateGanConfig(c: ModelConfig<GanFamilyConfig>): void {
  const f = c.familyConfig;
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (!f || ![f.latentDim, f.generatorHidden, f.criticHidden, f.nCritic, c.maxAtoms].every(posInt))
    throw new ModelConfigError(`gan config: latentDim, generatorHidden, criticHidden, nCritic and maxAtoms must be positive integers (got ${JSON.stringify(f)})`);
  if (!(Number.isFinite(f.gpWeight) && f.gpWeight >= 0)) throw new ModelConfigError(`gan config: gpWeight must be a finite number ≥ 0 (got ${f.gpWeight})`);
  if (f.elementGradient !== "softmax" && f.elementGradient !== "gumbel-st") throw new ModelConfigError(`gan config: elementGradient must be softmax or gumbel-st (got ${String(f.elementGradient)})`);
  if (c.tasks.length !== 1 || c.tasks[0] !== "gen") throw new ModelConfigError(`a gan model does the de novo task gen only (got ${c.tasks.join(", ")})`);
  if (f.numAtoms !== null && !(posInt(f.numAtoms) && f.numAtoms <= c.maxAtoms)) throw new ModelConfigError(`gan config: numAtoms must be an integer in 1–${c.maxAtoms} (got ${f.numAtoms})`);
  if ((f.numAtoms === null) !== (c.elements === undefined) || (f.numAtoms === null) !== (f.slotElements === null))
    throw new ModelConfigError("gan config: numAtoms, slotElements and elements are fitted together (all set after training, or none)");
  if (f.slotElements && (f.slotElements.length !== f.numAtoms || f.slotElements.some((list) => list.length === 0 || list.some((z) => !c.elements!.includes(z)))))
    throw new ModelConfigError(`gan config: slotElements must give, for each of the ${f.numAtoms} slots, a non-empty list of the model's elements`);
  if (c.elements !== undefined && c.elements.length === 0) throw new ModelConfigError("gan config: elements is empty");
}

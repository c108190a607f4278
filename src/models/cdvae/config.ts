// The CDVAE family's config block: latent size, the encoder and decoder CSPNets, the z → crystal heads, the noise levels
// of the score decoder, the loss weights and the data statistics (lattice parameters, property), with validation.
import { type CspnetConfig, cspnetConfig } from "../cspnet/config.js";
import { ModelConfigError } from "../errors.js";
import { DEFAULT_LATTICE_STATS, type LatticeParamStats } from "../flowmm/lattice-params.js";
import type { OptionValues } from "../options-schema.js";
import type { ModelConfig } from "../types.js";
import type { TypeRule } from "./langevin.js";

/** Noise levels of the score decoder: wrapped-normal σ of fractional coordinates and the type-noise weight τ, both geometric. */
export interface CdvaeNoise {
  /** Number of noise levels L. */
  levels: number;
  /** Smallest and largest coordinate σ (fractional units). */
  sigmaBegin: number;
  sigmaEnd: number;
  /** Smallest and largest type-noise weight τ: a noisy type is drawn from one-hot(true) + τ · composition. */
  typeSigmaBegin: number;
  typeSigmaEnd: number;
}

/** Weights of the loss terms and the KL schedule (β grows linearly from 0 to `beta` over `klWarmupSteps`). */
export interface CdvaeLossWeights {
  beta: number;
  klWarmupSteps: number;
  numAtoms: number;
  lattice: number;
  composition: number;
  coord: number;
  type: number;
  property: number;
}

/** The property the head on z predicts, with its training mean and std (the head predicts the standardised value). */
export interface CdvaeProperty {
  name: string;
  mean: number;
  std: number;
}

/** CDVAE's block of the model config. */
export interface CdvaeFamilyConfig {
  latentDim: number;
  /** Width of the MLP heads on z. */
  headHidden: number;
  /** The encoder: a CSPNet without output heads, mean-pooled. */
  encoder: CspnetConfig;
  /** The score decoder: a CSPNet with the type head, conditioned on z (conditionDim = latentDim). */
  decoder: CspnetConfig;
  noise: CdvaeNoise;
  /** Annealed Langevin defaults: steps per noise level, the step as a multiple of σ², the type rule (absent: composition). */
  sampler: { stepsPerLevel: number; stepScale: number; types?: TypeRule };
  loss: CdvaeLossWeights;
  /** Standardisation of the six FlowMM lattice parameters (fitted on the training data). */
  latticeStats: LatticeParamStats;
  property: CdvaeProperty | null;
}

/** The loss weights of CDVAE's `conf/model/vae.yaml` scaled to this project's normalised targets; β 0.01 after warm-up. */
export const CDVAE_LOSS_DEFAULTS: CdvaeLossWeights = { beta: 0.01, klWarmupSteps: 1000, numAtoms: 1, lattice: 1, composition: 1, coord: 1, type: 1, property: 1 };

/** A new CDVAE config from checked create options (defaults: latent 128, hidden 128, 3 layers each, 50 levels). */
export function cdvaeConfig(o: OptionValues): ModelConfig<CdvaeFamilyConfig> {
  const num = (k: string, d: number) => (o[k] as number | undefined) ?? d;
  const latentDim = num("latentDim", 128);
  const localCutoff = o.localCutoff as number | undefined;
  const local = localCutoff === undefined ? {} : { local: { cutoff: localCutoff, maxNeighbors: num("localNeighbors", 20), basis: num("localBasis", 16) } };
  const sizes = { hidden: num("hidden", 128), layers: num("layers", 3), freqs: num("freqs", 10), timeDim: num("timeDim", 32), ...local };
  const property = o.property as string | undefined;
  return {
    format: "crystal-workbench-model", version: 2, family: "cdvae", tasks: ["gen", "reconstruct", "optimize"],
    maxAtoms: num("maxAtoms", 20), seed: num("seed", 0),
    familyConfig: {
      latentDim, headHidden: num("headHidden", 128),
      encoder: cspnetConfig({ ...sizes, typeHead: false, condition: false }),
      decoder: cspnetConfig({ ...sizes, typeHead: true, condition: true, conditionDim: latentDim }),
      noise: { levels: num("levels", 50), sigmaBegin: num("sigmaBegin", 0.005), sigmaEnd: num("sigmaEnd", 0.5), typeSigmaBegin: 0.01, typeSigmaEnd: 5 },
      sampler: { stepsPerLevel: num("stepsPerLevel", 2), stepScale: num("stepScale", 0.3) },
      loss: { ...CDVAE_LOSS_DEFAULTS, beta: num("beta", CDVAE_LOSS_DEFAULTS.beta), klWarmupSteps: num("klWarmupSteps", CDVAE_LOSS_DEFAULTS.klWarmupSteps) },
      latticeStats: DEFAULT_LATTICE_STATS,
      property: property ? { name: property, mean: 0, std: 1 } : null,
    },
  };
}

/** The create options a CDVAE config was made with. */
export function cdvaeOptionsOf(c: ModelConfig): OptionValues {
  const f = c.familyConfig as CdvaeFamilyConfig;
  return {
    maxAtoms: c.maxAtoms, latentDim: f.latentDim, headHidden: f.headHidden, hidden: f.encoder.hidden, layers: f.encoder.layers, freqs: f.encoder.freqs,
    timeDim: f.encoder.timeDim, levels: f.noise.levels, ...(f.property ? { property: f.property.name } : {}),
    ...(f.decoder.local ? { localCutoff: f.decoder.local.cutoff, localNeighbors: f.decoder.local.maxNeighbors, localBasis: f.decoder.local.basis } : {}),
  };
}

/** @throws ModelConfigError when the config cannot describe a CDVAE model */
export function validateCdvaeConfig(c: ModelConfig<CdvaeFamilyConfig>): void {
  const f = c.familyConfig;
  const posInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
  if (!f?.encoder || !f.decoder || !f.noise || !f.loss || !f.latticeStats) throw new ModelConfigError("cdvae config lacks familyConfig.encoder, decoder, noise, loss or latticeStats");
  if (![f.latentDim, f.headHidden, f.noise.levels, c.maxAtoms, f.encoder.hidden, f.encoder.layers, f.decoder.hidden, f.decoder.layers].every(posInt))
    throw new ModelConfigError(`cdvae sizes must be positive integers: ${JSON.stringify({ latentDim: f.latentDim, headHidden: f.headHidden, levels: f.noise.levels, maxAtoms: c.maxAtoms })}`);
  if (f.encoder.timeDim % 2 !== 0 || f.decoder.timeDim % 2 !== 0) throw new ModelConfigError("cdvae timeDim must be even");
  if (!f.decoder.typeHead || !f.decoder.condition || f.decoder.conditionDim !== f.latentDim) throw new ModelConfigError("the cdvae decoder needs the type head and a condition input of width latentDim");
  for (const l of [f.encoder.local, f.decoder.local])
    if (l && !(l.cutoff > 0 && posInt(l.maxNeighbors) && Number.isInteger(l.basis) && l.basis >= 2))
      throw new ModelConfigError(`cdvae local messages need cutoff > 0 Å, maxNeighbors ≥ 1 and basis ≥ 2 (got ${JSON.stringify(l)})`);
  if (f.sampler?.types !== undefined && !["composition", "decoder"].includes(f.sampler.types))
    throw new ModelConfigError(`cdvae sampler.types must be "composition" or "decoder" (got ${JSON.stringify(f.sampler.types)})`);
  if (!(f.noise.sigmaBegin > 0 && f.noise.sigmaEnd > f.noise.sigmaBegin)) throw new ModelConfigError(`cdvae noise needs 0 < sigmaBegin < sigmaEnd (got ${f.noise.sigmaBegin}, ${f.noise.sigmaEnd})`);
}

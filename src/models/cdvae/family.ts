// CDVAE's registration: its options, sampler settings and constructor.
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { type CdvaeFamilyConfig, cdvaeConfig, cdvaeOptionsOf } from "./config.js";
import { Cdvae } from "./model.js";

/** CDVAE (Xie et al., ICLR 2022) as a registered family: gen from the prior; reconstruct and optimise through the latent space. */
export const CDVAE_FAMILY: ModelFamily = {
  name: "cdvae",
  summary: "CDVAE: periodic encoder → z; heads for atom count, lattice, composition, property; z-conditioned score decoder (annealed Langevin)",
  tasks: ["gen", "reconstruct", "optimize"],
  requestFields: ["n", "numAtoms", "batchSize"],
  createOptions: {
    maxAtoms: { type: "integer", min: 1, default: 20, help: "largest number of atoms per crystal" },
    seed: { type: "integer", default: 0, help: "seed of the weight initialisation (and of training)" },
    latentDim: { type: "integer", min: 1, default: 128, help: "dimension of the latent z" },
    hidden: { type: "integer", min: 1, default: 128, help: "CSPNet hidden width of encoder and decoder" },
    layers: { type: "integer", min: 1, default: 3, help: "message-passing layers of encoder and decoder" },
    freqs: { type: "integer", min: 1, default: 10, help: "Fourier frequencies of fractional differences" },
    timeDim: { type: "integer", min: 2, default: 32, help: "width of the noise-level embedding (even)" },
    localCutoff: { type: "number", min: 0, help: "adds local messages over a radius graph of this cutoff (Å) to encoder and decoder (default: none)" },
    localNeighbors: { type: "integer", min: 1, default: 20, help: "most neighbour images per atom of the local messages" },
    localBasis: { type: "integer", min: 2, default: 16, help: "Gaussian radial basis functions of the local messages" },
    headHidden: { type: "integer", min: 1, default: 128, help: "width of the MLP heads on z" },
    property: { type: "string", help: "numeric dataset column predicted from z by a jointly trained head (for optimisation)" },
    levels: { type: "integer", min: 2, default: 50, help: "noise levels of the score decoder" },
    sigmaBegin: { type: "number", min: 0, default: 0.005, help: "smallest coordinate noise σ (fractional units)" },
    sigmaEnd: { type: "number", min: 0, default: 0.5, help: "largest coordinate noise σ" },
    beta: { type: "number", min: 0, default: 0.01, help: "weight of the KL term after warm-up" },
    klWarmupSteps: { type: "integer", min: 0, default: 1000, help: "steps over which the KL weight grows linearly from 0 to beta" },
    stepsPerLevel: { type: "integer", min: 1, default: 2, help: "default Langevin steps per noise level" },
    stepScale: { type: "number", min: 0, default: 0.3, help: "default Langevin step as a multiple of σ²" },
  },
  trainSettings: {},
  sampleSettings: {
    stepsPerLevel: { type: "integer", min: 1, help: "Langevin steps per noise level (default: the model's)" },
    stepScale: { type: "number", min: 0, help: "Langevin step as a multiple of σ² (default: the model's)" },
    types: { type: "string", choices: ["composition", "decoder"], help: "atom types at each step: the composition head's counts assigned by the type logits, or each atom's most likely allowed type (CDVAE's rule); default: the model's" },
    latentScale: { type: "number", min: 0, help: "de novo: draw z from N(0, s²·I) instead of N(0, I) (s < 1 trades coverage for precision; default 1)" },
  },
  exampleOptions: { latentDim: 4, hidden: 8, layers: 1, freqs: 2, timeDim: 4, headHidden: 8, levels: 3 },
  create: (options = {}) => new Cdvae(CDVAE_FAMILY, cdvaeConfig(checkOptions(CDVAE_FAMILY.createOptions, options, "cdvae option"))),
  fromConfig: (config) => new Cdvae(CDVAE_FAMILY, config as ModelConfig<CdvaeFamilyConfig>),
  optionsOf: cdvaeOptionsOf,
};

// The GAN's registration: options, training and sampler settings, constructors.
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { GAN_CREATE_OPTIONS, type GanFamilyConfig, ganConfig, ganOptionsOf } from "./config.js";
import { Gan } from "./gan.js";

/** WGAN-GP crystal generator (CubicGAN / PGCGM style) as a registered family. */
export const GAN_FAMILY: ModelFamily = {
  name: "gan",
  summary: "WGAN-GP: noise → lattice parameters, coordinates and element probabilities of a fixed atom count; DeepSets periodic critic",
  tasks: ["gen"],
  requestFields: ["n", "batchSize"],
  createOptions: GAN_CREATE_OPTIONS,
  trainSettings: {
    diagnosticsEvery: { type: "integer", min: 0, default: 500, help: "record losses, uniqueness, validity, COV and element histogram every N steps (0: never)" },
    diagnosticsSamples: { type: "integer", min: 2, default: 256, help: "crystals sampled for each diagnostics record" },
    diagnosticsReference: { type: "string", help: "DATASET:SPLIT the diagnostics' COV is measured against, e.g. perov_5:select (default: the training data)" },
  },
  sampleSettings: {
    elementDraw: { type: "string", choices: ["argmax", "sample"], help: "element of each atom: the most probable, or drawn from the generator's softmax (default: sample for gumbel-st models, as in training; argmax for softmax models)" },
  },
  exampleOptions: { latentDim: 4, generatorHidden: 8, criticHidden: 8, nCritic: 2 },
  create: (options = {}) => new Gan(GAN_FAMILY, ganConfig(checkOptions(GAN_FAMILY.createOptions, options, "gan option"))),
  fromConfig: (config) => new Gan(GAN_FAMILY, config as ModelConfig<GanFamilyConfig>),
  optionsOf: ganOptionsOf,
};

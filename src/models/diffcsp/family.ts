// DiffCSP's registration: tasks, option schemas with help, constructors and the migration of version-1 configs.
import { DENOISER_CREATE_OPTIONS, DENOISER_REQUEST_FIELDS, DENOISER_TRAIN_SETTINGS, denoiserOptionsOf, migrateDenoiserConfigV1 } from "../common/denoiser-config.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { DIFFCSP_TYPE_LOSS_WEIGHT, DiffCsp, type DiffcspFamilyConfig, diffcspConfig } from "./diffcsp.js";

/** DiffCSP (Jiao et al., NeurIPS 2023) as a registered family. */
export const DIFFCSP_FAMILY: ModelFamily = {
  name: "diffcsp",
  summary: "DiffCSP: wrapped-normal score matching on coordinates, DDPM on the lattice, predictor–corrector sampling",
  tasks: ["csp", "gen"],
  requestFields: DENOISER_REQUEST_FIELDS,
  createOptions: {
    ...DENOISER_CREATE_OPTIONS,
    timesteps: { type: "integer", min: 1, default: 1000, help: "diffusion timesteps T" },
    sigmaBegin: { type: "number", min: 0, default: 0.005, help: "smallest wrapped-normal σ of the coordinates (fractional units)" },
    sigmaEnd: { type: "number", min: 0, default: 0.5, help: "largest wrapped-normal σ" },
    stepLr: { type: "number", min: 0, default: 1e-5, help: "corrector (Langevin) step size factor" },
  },
  exampleOptions: { hidden: 8, layers: 1, freqs: 2, timeDim: 4, timesteps: 10 },
  trainSettings: DENOISER_TRAIN_SETTINGS,
  sampleSettings: {
    steps: { type: "integer", min: 1, help: "reverse-diffusion steps, an evenly spaced subset of t = T … 1 (default: T)" },
    stepLr: { type: "number", min: 0, help: "corrector step size factor; the step is X·(σ_t/σ_begin)² (default: the model's)" },
  },
  create: (options = {}) => new DiffCsp(DIFFCSP_FAMILY, diffcspConfig(checkOptions(DIFFCSP_FAMILY.createOptions, options, "diffcsp option"))),
  fromConfig: (config) => new DiffCsp(DIFFCSP_FAMILY, config as ModelConfig<DiffcspFamilyConfig>),
  optionsOf: denoiserOptionsOf,
  migrate: (saved) => migrateDenoiserConfigV1(saved, "diffusion"),
};

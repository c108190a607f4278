// FlowMM's registration: tasks, option schemas with help, constructors and the migration of version-1 configs.
import { DENOISER_CREATE_OPTIONS, DENOISER_REQUEST_FIELDS, DENOISER_TRAIN_SETTINGS, denoiserOptionsOf, migrateDenoiserConfigV1 } from "../common/denoiser-config.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { FlowMm, type FlowmmFamilyConfig, flowmmConfig } from "./flowmm.js";

/** FlowMM-style flow matching (Miller et al., ICML 2024) as a registered family. */
export const FLOWMM_FAMILY: ModelFamily = {
  name: "flowmm",
  summary: "FlowMM: flow matching on torus geodesics and lattice parameters, Euler integration",
  tasks: ["csp", "gen"],
  requestFields: DENOISER_REQUEST_FIELDS,
  createOptions: {
    ...DENOISER_CREATE_OPTIONS,
    steps: { type: "integer", min: 1, default: 100, help: "default number of Euler steps when sampling" },
    antiAnneal: { type: "number", min: 0, default: 0, help: "inference anti-annealing s′: coordinate velocity × (1 + s′t)" },
  },
  exampleOptions: { hidden: 8, layers: 1, freqs: 2, timeDim: 4, steps: 5 },
  trainSettings: DENOISER_TRAIN_SETTINGS,
  sampleSettings: {
    steps: { type: "integer", min: 1, help: "Euler steps (default: the model's)" },
    antiAnneal: { type: "number", min: 0, help: "scale the coordinate velocity by 1 + S·t while integrating (default: the model's)" },
  },
  create: (options = {}) => new FlowMm(FLOWMM_FAMILY, flowmmConfig(checkOptions(FLOWMM_FAMILY.createOptions, options, "flowmm option"))),
  fromConfig: (config) => new FlowMm(FLOWMM_FAMILY, config as ModelConfig<FlowmmFamilyConfig>),
  optionsOf: denoiserOptionsOf,
  migrate: (saved) => migrateDenoiserConfigV1(saved, "flow"),
};

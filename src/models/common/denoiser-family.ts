// The registration both denoiser families share: tasks, request fields, the common create options and training
// settings, constructors and the version-1 migration; each family adds its own options and sampler settings.
import { checkOptions, type OptionSchema, type OptionValues } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { GenerativeModel, ModelConfig } from "../types.js";
import {
  DENOISER_CREATE_OPTIONS, DENOISER_REQUEST_FIELDS, DENOISER_TRAIN_SETTINGS, type DenoiserFamilyConfig, denoiserOptionsOf, migrateDenoiserConfigV1,
} from "./denoiser-config.js";

/** What a denoiser family adds to the shared registration. */
export interface DenoiserFamilySpec<B extends DenoiserFamilyConfig> {
  name: string;
  summary: string;
  /** Its own create options (beside task, atom limit, condition and the CSPNet sizes). */
  createOptions: OptionSchema;
  sampleSettings: OptionSchema;
  exampleOptions: OptionValues;
  /** The key of its block in a version-1 config.json. */
  legacyBlock: "diffusion" | "flow";
  /** Its config from checked create options. */
  config(options: OptionValues): ModelConfig<B>;
  /** Its model class. */
  model(family: ModelFamily, config: ModelConfig<B>): GenerativeModel;
}

/** A denoiser family's registration. */
export function denoiserFamily<B extends DenoiserFamilyConfig>(spec: DenoiserFamilySpec<B>): ModelFamily {
  const family: ModelFamily = {
    name: spec.name,
    summary: spec.summary,
    tasks: ["csp", "gen"],
    requestFields: DENOISER_REQUEST_FIELDS,
    createOptions: { ...DENOISER_CREATE_OPTIONS, ...spec.createOptions },
    exampleOptions: spec.exampleOptions,
    trainSettings: DENOISER_TRAIN_SETTINGS,
    sampleSettings: spec.sampleSettings,
    create: (options = {}) => spec.model(family, spec.config(checkOptions(family.createOptions, options, `${spec.name} option`))),
    fromConfig: (config) => spec.model(family, config as ModelConfig<B>),
    optionsOf: denoiserOptionsOf,
    migrate: (saved) => migrateDenoiserConfigV1(saved, spec.legacyBlock),
  };
  return family;
}

// The composition-ridge family's registration.
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { type CompositionRidgeConfig, CompositionRidgeModel, compositionRidgeConfig } from "./model.js";

/** The composition-only baseline predictor (Magpie fingerprint + ridge) as a registered family. */
export const COMPOSITION_RIDGE_FAMILY: ModelFamily = {
  name: "composition-ridge",
  summary: "property predictor baseline: ridge regression on the Magpie composition fingerprint (λ by k-fold CV on the training data)",
  tasks: ["predict"],
  requestFields: [],
  createOptions: {
    property: { type: "string", help: "dataset column to predict (required)" },
    lambda: { type: "number", min: 0, help: "ridge penalty λ of (1/n)Σ residual² + λ‖w‖² (default: chosen by k-fold CV from 1e-4 … 10)" },
    folds: { type: "integer", min: 2, default: 5, help: "cross-validation folds when λ is chosen" },
    seed: { type: "integer", default: 0, help: "seed of the fold assignment" },
  },
  trainSettings: { dropMissing: { type: "boolean", help: "leave out training crystals without a finite property value (counted in the config) instead of refusing them" } },
  sampleSettings: {},
  exampleOptions: { property: "target", lambda: 0.01 },
  create: (options = {}) => new CompositionRidgeModel(COMPOSITION_RIDGE_FAMILY, compositionRidgeConfig(checkOptions(COMPOSITION_RIDGE_FAMILY.createOptions, options, "composition-ridge option"))),
  fromConfig: (config) => new CompositionRidgeModel(COMPOSITION_RIDGE_FAMILY, config as ModelConfig<CompositionRidgeConfig>),
  optionsOf: (config) => {
    const b = config.familyConfig as CompositionRidgeConfig;
    return { property: b.property, folds: b.folds, seed: config.seed, ...(b.lambda !== undefined && !b.lambdaSearch ? { lambda: b.lambda } : {}) };
  },
};

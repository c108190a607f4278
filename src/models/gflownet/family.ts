// The gflownet family's registration: its options, training and sampler settings and constructors.
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import { GFLOWNET_CREATE_OPTIONS, gflownetConfig, gflownetOptionsOf } from "./config.js";
import { GflowNetModel } from "./model.js";

const PREDICTOR_ROOT = { type: "string", help: "directory a relative predictor path is resolved against (default: the package root)" } as const;

/** Crystal-GFN (Hernández-García et al. 2023): space group → composition → lattice, trajectory balance on a predicted-energy reward. */
export const GFLOWNET_FAMILY: ModelFamily = {
  name: "gflownet",
  summary: "GFlowNet (Crystal-GFN): space group, composition, lattice bins; trajectory balance, reward exp(−β·predicted formation energy)",
  tasks: ["gen"],
  requestFields: ["n", "spaceGroup"],
  createOptions: GFLOWNET_CREATE_OPTIONS,
  trainSettings: {
    exploration: { type: "number", min: 0, max: 1, default: 0.05, help: "probability of a uniform valid action instead of the policy's in training" },
    predictorRoot: PREDICTOR_ROOT,
  },
  sampleSettings: {
    redraws: { type: "integer", min: 1, default: 20, help: "constructions drawn per crystal before giving up on realising one" },
    predictorRoot: PREDICTOR_ROOT,
  },
  exampleOptions: { reward: "atom-count", hidden: 8, layers: 1, maxAtoms: 5, lengthBins: 2, angleBins: 3 },
  create: (options = {}) => new GflowNetModel(GFLOWNET_FAMILY, gflownetConfig(checkOptions(GFLOWNET_FAMILY.createOptions, options, "gflownet option"))),
  fromConfig: (config) => new GflowNetModel(GFLOWNET_FAMILY, config),
  optionsOf: gflownetOptionsOf,
};

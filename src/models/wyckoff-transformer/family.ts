// The Wyckoff transformer's registration: options, training and sampler settings, constructors.
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { WYCKOFF_CREATE_OPTIONS, type WyckoffFamilyConfig, wyckoffConfig, wyckoffOptionsOf } from "./config.js";
import { WyckoffTransformer } from "./model.js";

/** Decoder-only transformer over Wyckoff sequences (WyFormer / CrystalFormer style) as a registered family. */
export const WYCKOFF_TRANSFORMER_FAMILY: ModelFamily = {
  name: "wyckoff-transformer",
  summary: "decoder-only transformer over Wyckoff sequences (space group, element+letter orbits, binned lattice and free coordinates) under a grammar mask; symmetric by construction",
  tasks: ["gen", "csp"],
  requestFields: ["compositions", "n", "spaceGroup", "batchSize"],
  createOptions: WYCKOFF_CREATE_OPTIONS,
  trainSettings: {},
  sampleSettings: {
    temperature: { type: "number", min: 0, default: 1, help: "softmax temperature of every token (0: greedy)" },
    topK: { type: "integer", min: 1, help: "keep only the K most probable allowed tokens at each step (default: all)" },
    topP: { type: "number", min: 1e-6, max: 1, help: "nucleus sampling: the smallest set of most probable allowed tokens reaching probability P (default 1)" },
    minDistance: { type: "number", min: 0, default: 0, help: "distance mask (Å): at an orbit's last two free coordinates, leave out values that bring two sites closer than this (0: off, as in free sampling)" },
  },
  exampleOptions: { dModel: 16, nLayers: 1, nHeads: 2, mlpRatio: 2, contextLength: 48 },
  create: (options = {}) => new WyckoffTransformer(WYCKOFF_TRANSFORMER_FAMILY, wyckoffConfig(checkOptions(WYCKOFF_TRANSFORMER_FAMILY.createOptions, options, "wyckoff-transformer option"))),
  fromConfig: (config) => new WyckoffTransformer(WYCKOFF_TRANSFORMER_FAMILY, config as ModelConfig<WyckoffFamilyConfig>),
  optionsOf: wyckoffOptionsOf,
};

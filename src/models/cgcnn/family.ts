// The cgcnn family's registration: its options, training settings and constructors.
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import { CGCNN_CREATE_OPTIONS, cgcnnConfig, cgcnnOptionsOf } from "./config.js";
import { CgcnnModel } from "./model.js";

/** CGCNN (Xie & Grossman 2018) with element descriptors and a deep ensemble, as a registered predictor family. */
export const CGCNN_FAMILY: ModelFamily = {
  name: "cgcnn",
  summary: "property predictor: crystal-graph network (gated convolutions, Magpie element descriptors), deep-ensemble uncertainty",
  tasks: ["predict"],
  requestFields: [],
  createOptions: CGCNN_CREATE_OPTIONS,
  trainSettings: { dropMissing: { type: "boolean", help: "leave out training crystals without a finite property value (counted in the config) instead of refusing them" } },
  sampleSettings: {},
  exampleOptions: { property: "target", hidden: 8, layers: 1, gaussians: 9, members: 2 },
  create: (options = {}) => new CgcnnModel(CGCNN_FAMILY, cgcnnConfig(checkOptions(CGCNN_FAMILY.createOptions, options, "cgcnn option"))),
  fromConfig: (config) => new CgcnnModel(CGCNN_FAMILY, config),
  optionsOf: cgcnnOptionsOf,
};

// FlowMM's registration: its options, sampler settings and constructor.
import { denoiserFamily } from "../common/denoiser-family.js";
import { FlowMm, flowmmConfig } from "./flowmm.js";

/** FlowMM-style flow matching (Miller et al., ICML 2024) as a registered family. */
export const FLOWMM_FAMILY = denoiserFamily({
  name: "flowmm",
  summary: "FlowMM: flow matching on torus geodesics and lattice parameters, Euler integration",
  createOptions: {
    steps: { type: "integer", min: 1, default: 100, help: "default number of Euler steps when sampling" },
    antiAnneal: { type: "number", min: 0, default: 0, help: "inference anti-annealing s′: coordinate velocity × (1 + s′t)" },
  },
  sampleSettings: {
    steps: { type: "integer", min: 1, help: "Euler steps (default: the model's)" },
    antiAnneal: { type: "number", min: 0, help: "scale the coordinate velocity by 1 + S·t while integrating (default: the model's)" },
  },
  exampleOptions: { hidden: 8, layers: 1, freqs: 2, timeDim: 4, steps: 5 },
  legacyBlock: "flow",
  config: flowmmConfig,
  model: (family, config) => new FlowMm(family, config),
});

// DiffCSP's registration: its options, sampler settings and constructor.
import { denoiserFamily } from "../common/denoiser-family.js";
import { DiffCsp, diffcspConfig } from "./diffcsp.js";

/** DiffCSP (Jiao et al., NeurIPS 2023) as a registered family. */
export const DIFFCSP_FAMILY = denoiserFamily({
  name: "diffcsp",
  summary: "DiffCSP: wrapped-normal score matching on coordinates, DDPM on the lattice, predictor–corrector sampling",
  createOptions: {
    timesteps: { type: "integer", min: 1, default: 1000, help: "diffusion timesteps T" },
    sigmaBegin: { type: "number", min: 0, default: 0.005, help: "smallest wrapped-normal σ of the coordinates (fractional units)" },
    sigmaEnd: { type: "number", min: 0, default: 0.5, help: "largest wrapped-normal σ" },
    stepLr: { type: "number", min: 0, default: 1e-5, help: "corrector (Langevin) step size factor" },
  },
  sampleSettings: {
    steps: { type: "integer", min: 1, help: "reverse-diffusion steps, an evenly spaced subset of t = T … 1 (default: T)" },
    stepLr: { type: "number", min: 0, help: "corrector step size factor; the step is X·(σ_t/σ_begin)² (default: the model's)" },
  },
  exampleOptions: { hidden: 8, layers: 1, freqs: 2, timeDim: 4, timesteps: 10 },
  legacyBlock: "diffusion",
  config: diffcspConfig,
  model: (family, config) => new DiffCsp(family, config),
});

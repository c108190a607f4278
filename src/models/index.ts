// Models: the only part of the workbench that imports TF.js.
export * from "./backend/index.js";
export * from "./cspnet/index.js";
export * from "./training/index.js";
export * from "./types.js";
export * from "./common/denoiser-model.js";
export * from "./common/formula.js";
export * from "./diffcsp/index.js";
export * from "./flowmm/index.js";
export * from "./load-model.js";
export * from "./baselines/data-draw.js";
export * from "./baselines/random-coordinates.js";
export * from "./evaluation/csp-samples.js";
export * from "./evaluation/plausible-cell.js";
export * from "./common/model-options.js";

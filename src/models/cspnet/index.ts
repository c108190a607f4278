// The CSPNet periodic denoiser: config, parameters, graph and forward pass.
export { type CspnetConfig, type CspnetLocal, CSPNET_DEFAULTS, cspnetConfig } from "./config.js";
export { type CspnetParams, cspnetParamShapes, cspnetParamCount, initCspnetParams, paramsToArrays, assignParams, disposeParams } from "./params.js";
export { type CrystalGraph, crystalGraph, disposeCrystalGraph } from "./graph.js";
export { type CspnetInput, type CspnetOutput, timeEmbedding, fourierFeatures, cspnetAtomFeatures, cspnetForward } from "./forward.js";
export { type LocalEdges, localEdges, radialBasis, cosineEnvelope } from "./local-edges.js";

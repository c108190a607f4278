// The shared decoder-only transformer: model, key/value-cached decoding, token sampling and generation.
export { type TransformerConfig, checkTransformerConfig, transformerParamCount } from "./config.js";
export { transformerParamShapes, initTransformerParams } from "./params.js";
export { DecoderTransformer } from "./model.js";
export { loadDecoderTransformer } from "./checkpoint.js";
export { type KvCache, createKvCache, disposeKvCache, selectKvCache, decodeStep } from "./kv-cache.js";
export { type TokenSampling, checkTokenSampling, samplingDistribution, sampleToken, topTokens } from "./sampling.js";
export { type GenerationStep, type GenerateOptions, generate } from "./generate.js";

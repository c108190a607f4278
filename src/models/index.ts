// Models: the only part of the workbench that imports TF.js. Users speak the GenerativeModel interface and the family
// registry; the building blocks under "for new families" are what a family written elsewhere (a notebook, a package)
// reuses. The family classes themselves are not exported: families are reached by name through the registry.
export { initBackend, backendInfo, BackendUnavailableError, type BackendInfo } from "./backend/index.js";
export type {
  GenerativeModel, ModelConfig, ModelTask, SampleRequest, RequestField, TrajectoryCallback, PropertyTarget, ConditionSpec,
  TrainOptions, TrainReport, TrainingData, TrainingRecord, PropertyPrediction, PredictOptions, PropertyPredictor,
  LatentEncoding, DecodeOptions, LatentModel,
} from "./types.js";
export { isPropertyPredictor, isLatentModel } from "./types.js";
export {
  type InterpolationKind, type LatentOptimizationOptions, type LatentPath, interpolateLatents, latentRays, reconstructCrystals, optimizeLatents,
} from "./common/latent-space.js";
export { type TokenGenerativeModel, type TokenPrompt, type TokenSamplerSettings, type DecodedTokens, type GenerationStep, isTokenModel } from "./token-model.js";
export { ModelConfigError, ModelRequestError, SampleChunkError, TrainingDivergedError } from "./errors.js";
export { type ModelFamily, registerFamily, modelFamily, modelFamilies } from "./registry.js";
export { createModel, loadModel } from "./load-model.js";
export { type CspSamplingOptions, type CspEvaluationOptions, type CspEvaluation, cspSamplesForTargets, evaluateCspModel } from "./evaluation/csp-evaluation.js";
export {
  type PredictedProperty, type PredictedSides, predictProperty, predictBothSides, predictionSubset, predictedColumn, withPredictedProperty, predictedPropertyRows,
} from "./evaluation/predicted-property.js";
export { type ReconstructionEvaluation, type ReconstructionOptions, type SuccessRate, evaluateReconstruction, successRates } from "./evaluation/latent-evaluation.js";
export { type DeNovoEvaluationOptions, type DeNovoEvaluation, evaluateDeNovoModel } from "./evaluation/de-novo-evaluation.js";
export {
  type ParallelSamplingOptions, type SampleSource, type LatentSource, type SampleChunk, type ThreadMemory, DEFAULT_SAMPLE_CHUNK_SIZE, chunkSeed, sampleChunks, sampleCrystals,
  samplingThreadMemory, decodeLatents,
} from "./parallel/index.js";
export { type SamplerSweepRow, samplerSettingSweep, validSamples } from "./evaluation/sampler-sweep.js";
export { type OptionValue, type OptionValues, type OptionSpec, type OptionSchema, checkOptions, optionFlag, optionHelpLines } from "./options-schema.js";
// For new families: the checkpoint format, request checks, guidance, training bookkeeping, type decoding, cell repair.
export { type Checkpoint, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, checkpointFamily, readCheckpoint, writeCheckpoint } from "./common/checkpoint-format.js";
export { type ResolvedRequest, checkSampleRequest, checkSpecies, deNovoSpecies, drawAtomCounts } from "./common/sample-request.js";
export { checkConditionColumn, fitConditionStats, conditionTrainingInput, conditionSamplingInputs, guidedMix } from "./common/guidance.js";
export {
  type RunStart, DEFAULT_TRAIN_SETTINGS, namedTrainingData, resolveTrainSettings, describeTrainingData, checkSameModel, fineTuneLineage, runTraining,
} from "./common/training-run.js";
export { allowedElements, decodeTypes } from "./common/type-decoding.js";
export { type PredictorTarget, checkPredictable, refuseSampling, targetColumn, targetStats } from "./common/property-predictor.js";
export { wrapUnit, repairDegenerateCells } from "./common/cell-repair.js";
export {
  type TrainTask, type TrainSettings, type StepInfo, type ParamMap, type OptimizerState, type BatchShard, type WorkerMemory, trainLoop, initOptimizerState, disposeOptimizerState, saveState, loadWeights,
  loadTrainState, WORKERS_ENV, ReplicaFailedError,
} from "./training/index.js";
// Stability: matgl's pretrained M3GNet potential and formation-energy model.
export { M3gnetPotential, M3gnetFormationEnergy, loadM3gnetPotential, loadM3gnetFormationEnergy } from "./m3gnet/index.js";
// The mathematics the diffusion and flow tutorials plot.
export { cosineBetaSchedule, sigmaSchedule, wrappedNormalDensity } from "./diffcsp/schedules.js";
export { torusDifference } from "./flowmm/flowmm.js";

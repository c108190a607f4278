// The shared training machinery: schedule, Adam with clipping and EMA, array checkpoints, the loop, weight state IO,
// data-parallel ranks.
export { type LrSchedule, learningRateAt, mixSeed } from "./schedule.js";
export { type ParamMap, type AdamOptions, type OptimizerState, ADAM_DEFAULTS, initOptimizerState, disposeOptimizerState, globalNorm, adamUpdate } from "./optimizer.js";
export { type TensorEntry, type ArrayFileManifest, fnv1a, writeFileAtomic, writeArrays, readArrays, readCheckpointJson } from "./checkpoint.js";
export { type TrainTask, type StepOutcome, type Descend, type TrainSettings, type StepInfo, type LoopHooks, type BatchShard, stepsPerEpoch, batchIndicesAt, shardRange, batchShard, trainLoop } from "./loop.js";
export { type Collective, type CollectiveMemory, ReplicaAbortedError, collectiveMemory, sharedCollective } from "./collective.js";
export { type ReplicaRecipe, type WorkerMemory, ReplicaFailedError, trainingRanks } from "./data-parallel.js";
export { WORKERS_ENV } from "../../metrics/parallel/pool.js";
export { type StateManifests, saveState, loadWeights, loadFreshWeights, loadTrainState, disposeParams } from "./state-io.js";

// The GFlowNet family (Crystal-GFN): environment, policy, trajectory balance, reward, model.
export { type CrystalEnvironmentSpec, type CrystalState, type ActionLayout, INITIAL_STATE, CrystalEnvironment } from "./environment.js";
export { type RewardKind, type GflowNetFamilyConfig, DEFAULT_PREDICTOR } from "./config.js";
export { type LogRewardFunction, type RewardedCrystal, clampedLogReward, energyLogReward } from "./reward.js";
export { type Spread, type RewardDistribution, spread, rewardDistribution, distinctAmongTop } from "./reward-report.js";
export { GflowNetModel, describeState } from "./model.js";
export { GFLOWNET_FAMILY } from "./family.js";

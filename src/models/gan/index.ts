// The GAN family: WGAN-GP generator and critic of fixed-size crystals, its losses and its training diagnostics.
export { GAN_FAMILY } from "./family.js";
export { type GanFamilyConfig, GAN_CREATE_OPTIONS } from "./config.js";
export { type GanShape, type CrystalTensors, type GeneratedCrystals, initGanParams, playerParams, generatorForward, criticForward, pairGeometry } from "./networks.js";
export { type Critic, type CriticLoss, interpolate, gradientPenalty, criticLoss, generatorLoss } from "./wgan-gp.js";
export { type GanDiagnostics, type GanDiagnosticsRecord, type LossMeans } from "./diagnostics.js";
export { GAN_TRAIN_SETTINGS, DIAGNOSTICS_FILE } from "./gan.js";

// The composition-ridge baseline predictor (reached through the registry; the pure parts are exported for tests).
export { COMPOSITION_RIDGE_FAMILY } from "./family.js";
export { type CompositionRidgeConfig, LAMBDA_GRID } from "./model.js";
export { type LinearFit, type Design, solvePositiveDefinite, ridgeFit, linearPredict, chooseLambda } from "../../util/ridge.js";
export { type FeatureScaling, rawFingerprints, fitScaling, scaleFingerprints } from "./features.js";

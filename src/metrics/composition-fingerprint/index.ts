// Magpie composition fingerprints (matminer ElementProperty "magpie") and CDVAE's CompScaler.
export {
  CompositionFingerprintError, MAGPIE_FEATURE_COUNT, MAGPIE_FEATURE_LABELS, magpieFingerprint, magpieFingerprintOfComposition,
  scaleCompositionFingerprint,
} from "./magpie.js";

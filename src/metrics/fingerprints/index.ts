// CrystalNN structure fingerprints (matminer "ops" preset) and their errors.
export { FingerprintError } from "./errors.js";
export { CRYSTALNN_FINGERPRINT_LABELS, CRYSTALNN_FINGERPRINT_LENGTH, crystalNNFingerprint, siteFingerprints } from "./structure-fingerprint.js";

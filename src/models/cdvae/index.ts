// The CDVAE family: variational autoencoder with a score-based decoder.
export { CDVAE_FAMILY } from "./family.js";
export { type CdvaeFamilyConfig, cdvaeConfig } from "./config.js";

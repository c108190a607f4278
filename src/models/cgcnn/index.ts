// The CGCNN property-predictor family (reached through the registry; the parts are exported for tests and notebooks).
export { CGCNN_FAMILY } from "./family.js";
export { type CgcnnFamilyConfig, type CgcnnNetwork } from "./config.js";
export { gaussianCentres, gaussianExpansion, elementDescriptorTable } from "./features.js";
export { type CgcnnInput, gatedConvolution, cgcnnForward } from "./forward.js";

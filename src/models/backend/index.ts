export { initBackend, backendInfo, BackendUnavailableError, type BackendInfo } from "./select-backend.js";
export { applyWasmPatches, applyCpuPatches, applyGradientPatches, applyFusedKernels } from "./patches.js";
export { fusedFourierFeatures } from "./kernels/fourier-features.js";

export { initBackend, backendInfo, BackendUnavailableError, type BackendInfo } from "./select-backend.js";
export { applyWasmPatches, applyCpuPatches, applyGradientPatches } from "./patches.js";

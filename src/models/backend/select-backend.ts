// Picks the fastest TF.js backend available at run time: tfjs-node-gpu → tfjs-node → wasm (patched) → cpu (patched).
// The optional native packages are imported through a variable specifier so neither TypeScript nor a bundler resolves them.
import { CrystalError } from "../../crystal/errors.js";
import * as tf from "@tensorflow/tfjs";
import { applyCpuPatches, applyFusedKernels, applyGradientPatches, applyWasmPatches } from "./patches.js";

/** Which backend runs the models and where it came from. */
export interface BackendInfo {
  /** TF.js backend name: "tensorflow" (tfjs-node / tfjs-node-gpu), "wasm" or "cpu". */
  name: "tensorflow" | "wasm" | "cpu";
  /** The package that provides it. */
  source: "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node" | "@tensorflow/tfjs-backend-wasm" | "@tensorflow/tfjs";
  /** True when TFJS_BACKEND chose it. */
  forced: boolean;
  /** The kernels replaced by backend/patches.ts. */
  patches: string[];
  /** Wasm SIMD support (wasm only). */
  simd?: boolean;
  /** TF.js version. */
  tfjsVersion: string;
}

/** Thrown when TFJS_BACKEND names a backend that cannot be loaded. */
export class BackendUnavailableError extends CrystalError {
  override name = "BackendUnavailableError";
}

const CHOICES = ["tensorflow", "node-gpu", "node", "wasm", "cpu"] as const;

async function optionalImport(specifier: string): Promise<unknown | null> {
  try {
    return await import(specifier);
  } catch {
    return null;
  }
}

async function tryNative(pkg: "@tensorflow/tfjs-node-gpu" | "@tensorflow/tfjs-node"): Promise<boolean> {
  const mod = await optionalImport(pkg);
  if (!mod || !tf.findBackendFactory("tensorflow")) return false;
  try {
    return await tf.setBackend("tensorflow");
  } catch {
    return false;
  }
}

async function tryWasm(patches: string[]): Promise<boolean> {
  const mod = await optionalImport("@tensorflow/tfjs-backend-wasm");
  if (!mod || !tf.findBackendFactory("wasm")) return false;
  patches.push(...applyWasmPatches());
  try {
    return await tf.setBackend("wasm");
  } catch {
    return false;
  }
}

async function selectBackend(): Promise<BackendInfo> {
  tf.enableProdMode();
  const patches = [...applyGradientPatches(), ...applyCpuPatches(), ...applyFusedKernels()];
  const env = (process.env["TFJS_BACKEND"] ?? "").trim().toLowerCase();
  if (env && !(CHOICES as readonly string[]).includes(env))
    throw new BackendUnavailableError(`TFJS_BACKEND=${env} is not one of ${CHOICES.join(", ")}`);
  const forced = env !== "";
  const done = (name: BackendInfo["name"], source: BackendInfo["source"]): BackendInfo => ({
    name, source, forced, patches: [...patches], tfjsVersion: tf.version.tfjs,
    ...(name === "wasm" ? { simd: Boolean(tf.env().getBool("WASM_HAS_SIMD_SUPPORT")) } : {}),
  });
  const want = (n: string) => !forced || env === n;
  if (want("node-gpu") || env === "tensorflow")
    if (await tryNative("@tensorflow/tfjs-node-gpu")) return done("tensorflow", "@tensorflow/tfjs-node-gpu");
  if (want("node") || env === "tensorflow")
    if (await tryNative("@tensorflow/tfjs-node")) return done("tensorflow", "@tensorflow/tfjs-node");
  if (want("wasm") && (await tryWasm(patches))) return done("wasm", "@tensorflow/tfjs-backend-wasm");
  if (want("cpu") && (await tf.setBackend("cpu"))) return done("cpu", "@tensorflow/tfjs");
  throw new BackendUnavailableError(`TFJS_BACKEND=${env}: that backend could not be loaded (is its package installed?)`);
}

let chosen: Promise<BackendInfo> | null = null;
let chosenInfo: BackendInfo | null = null;

/**
 * Chooses, patches and activates the TF.js backend once per process (memoised; later calls return the same result).
 * Order: env TFJS_BACKEND (tensorflow | node-gpu | node | wasm | cpu), else tfjs-node-gpu → tfjs-node → wasm → cpu.
 */
export function initBackend(): Promise<BackendInfo> {
  if (!chosen) {
    chosen = selectBackend().then((info) => (chosenInfo = info));
    chosen.catch(() => { chosen = null; });
  }
  return chosen;
}

/** The active backend, or null before initBackend() has resolved. */
export function backendInfo(): BackendInfo | null {
  return chosenInfo;
}

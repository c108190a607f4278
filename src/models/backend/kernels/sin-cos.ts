// Wasm Sin and Cos through Math.sin / Math.cos (what the stock cpu kernels compute); the stock wasm kernels call a
// slow libm per element.
import type { KernelFunc } from "@tensorflow/tfjs";
import { type KernelArgs, type WasmBackendLike, patchWasm } from "./kernel-api.js";

function sinInto(o: Float32Array, x: Float32Array): void {
  for (let i = 0; i < x.length; i++) o[i] = Math.sin(x[i]!);
}
function cosInto(o: Float32Array, x: Float32Array): void {
  for (let i = 0; i < x.length; i++) o[i] = Math.cos(x[i]!);
}

function elementwise(into: (o: Float32Array, x: Float32Array) => void): (stock: KernelFunc) => KernelFunc {
  return (stock) => (args) => {
    const { inputs, backend } = args as unknown as KernelArgs<WasmBackendLike>;
    const x = inputs["x"]!;
    if (x.dtype !== "float32") return stock(args);
    const out = backend.makeOutput(x.shape, "float32");
    into(backend.typedArrayFromHeap(out) as Float32Array, backend.typedArrayFromHeap(x) as Float32Array);
    return out;
  };
}

/** Patches the wasm Sin and Cos kernels. Returns the patched names. */
export function patchWasmSinCos(): string[] {
  return [...patchWasm("Sin", elementwise(sinInto)), ...patchWasm("Cos", elementwise(cosInto))];
}

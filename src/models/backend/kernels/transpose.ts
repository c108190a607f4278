// Wasm Transpose by the identity permutation (the matMul and broadcast gradients make many): the output shares the
// input's buffer instead of the copy the stock kernel makes. Only the identity: the wasm backend caches XNNPACK matMul
// operators by buffer, so a buffer must not reappear under another shape (a transposed size-1 axis) as a matMul operand.
import { type KernelArgs, type WasmBackendLike, patchWasm, shareWasm } from "./kernel-api.js";

/** Patches the wasm Transpose kernel. Returns the patched name. */
export function patchWasmTranspose(): string[] {
  return patchWasm("Transpose", (stock) => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const perm = attrs!["perm"] as number[];
    return perm.every((a, i) => a === i) ? shareWasm(inputs["x"]!, backend) : stock(args);
  });
}

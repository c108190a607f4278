// Wasm Transpose of a permutation that moves only size-1 axes (the matMul and broadcast gradients make many): the
// output shares the input's buffer instead of the copy the stock kernel makes. Real transposes go to the stock kernel.
import { type KernelArgs, type WasmBackendLike, patchWasm, shareWasm } from "./kernel-api.js";

/** True when `perm` keeps the axes of size > 1 in their order (the row-major data is unchanged). */
export function movesOnlyUnitAxes(shape: readonly number[], perm: readonly number[]): boolean {
  const kept = perm.filter((a) => shape[a] !== 1);
  return kept.every((a, i) => i === 0 || a > kept[i - 1]!);
}

/** Patches the wasm Transpose kernel. Returns the patched name. */
export function patchWasmTranspose(): string[] {
  return patchWasm("Transpose", (stock) => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const x = inputs["x"]!;
    const perm = attrs!["perm"] as number[];
    if (!movesOnlyUnitAxes(x.shape, perm)) return stock(args);
    return shareWasm(x, backend, perm.map((a) => x.shape[a]!));
  });
}

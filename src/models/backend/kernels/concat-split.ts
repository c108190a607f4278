// Wasm Concat and SplitV as row-block copies ([outer, width_i] pieces of an [outer, Σ width_i] array): the stock
// kernels make one subarray view per row and piece, which dominates for narrow pieces (M3GNet's [E, 1] × 3 columns).
import * as tf from "@tensorflow/tfjs";
import type { TensorInfo } from "@tensorflow/tfjs";
import { copyBlock } from "./copy-block.js";
import { type KernelArgs, type WasmBackendLike, patchWasm, sizeOf } from "./kernel-api.js";

/** Patches the wasm Concat kernel (every dtype but string). Returns the patched name. */
export function patchWasmConcat(): string[] {
  return patchWasm("Concat", (stock) => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const all = Object.values(inputs) as TensorInfo[];
    if (all.length === 0 || all[0]!.dtype === "string") return stock(args);
    const axis = tf.util.parseAxisParam(attrs!["axis"] as number, all[0]!.shape)[0]!;
    tf.backend_util.assertParamsConsistent(all.map((t) => t.shape), axis);
    const parts = all.filter((t) => sizeOf(t.shape) > 0);
    if (parts.length <= 1) return stock(args);
    const out = backend.makeOutput(tf.backend_util.computeOutShape(all.map((t) => t.shape), axis), all[0]!.dtype);
    const outer = sizeOf(parts[0]!.shape.slice(0, axis));
    const widths = parts.map((t) => sizeOf(t.shape.slice(axis)));
    const total = widths.reduce((a, b) => a + b, 0);
    const ov = backend.typedArrayFromHeap(out);
    let at = 0;
    parts.forEach((t, i) => {
      const v = backend.typedArrayFromHeap(t);
      const w = widths[i]!;
      for (let r = 0; r < outer; r++) copyBlock(ov, r * total + at, v, r * w, w);
      at += w;
    });
    return out;
  });
}

/** Patches the wasm SplitV kernel (every dtype but string). Returns the patched name. */
export function patchWasmSplitV(): string[] {
  return patchWasm("SplitV", (stock) => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const x = inputs["x"]!;
    if (x.dtype === "string") return stock(args);
    const axis = tf.util.parseAxisParam(attrs!["axis"] as number, x.shape)[0]!;
    const sizes = tf.backend_util.prepareSplitSize(x, attrs!["numOrSizeSplits"] as number | number[], axis);
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const total = x.shape[axis]! * inner;
    const outs = sizes.map((s) => backend.makeOutput(x.shape.map((d, i) => (i === axis ? s : d)), x.dtype));
    // Heap views after every allocation: growing the heap detaches older views.
    const xv = backend.typedArrayFromHeap(x);
    let at = 0;
    outs.forEach((out, i) => {
      const w = sizes[i]! * inner;
      const ov = backend.typedArrayFromHeap(out);
      for (let r = 0; r < outer; r++) copyBlock(ov, r * w, xv, r * total + at, w);
      at += w;
    });
    return outs;
  });
}

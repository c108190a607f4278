// Wasm Sum over the leading axes (the bias and broadcast gradients: [rows, …] → […]) as one pass of row additions;
// the stock kernel transposes the input first.
import { type KernelArgs, type WasmBackendLike, patchWasm, sizeOf } from "./kernel-api.js";

/** Adds the `rows` rows of x (rows × inner, row-major) into out (inner), accumulating in float64. */
export function sumRows(out: Float32Array, x: Float32Array, rows: number, inner: number): void {
  const acc = new Float64Array(inner);
  for (let r = 0; r < rows; r++) {
    const o = r * inner;
    for (let k = 0; k < inner; k++) acc[k]! += x[o + k]!;
  }
  out.set(acc);
}

/** The number of leading axes when `axes` (any sign, any order) are exactly 0 … k−1 of a rank-r tensor, else 0. */
export function leadingAxes(axis: number | number[] | null | undefined, rank: number): number {
  const list = axis == null ? Array.from({ length: rank }, (_, i) => i) : Array.isArray(axis) ? axis : [axis];
  const norm = [...new Set(list.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  return norm.every((a, i) => a === i) ? norm.length : 0;
}

/** Patches the wasm Sum kernel (float32 over leading axes; the rest goes to the stock kernel). Returns the patched name. */
export function patchWasmSumLeading(): string[] {
  return patchWasm("Sum", (stock) => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const x = inputs["x"]!;
    const lead = leadingAxes(attrs?.["axis"] as number | number[] | null, x.shape.length);
    // All axes or only the innermost are what the stock kernel does without a transpose.
    if (x.dtype !== "float32" || lead === 0 || lead === x.shape.length) return stock(args);
    const tail = x.shape.slice(lead);
    const shape = attrs?.["keepDims"] ? [...x.shape.slice(0, lead).map(() => 1), ...tail] : tail;
    const out = backend.makeOutput(shape, "float32");
    sumRows(backend.typedArrayFromHeap(out) as Float32Array, backend.typedArrayFromHeap(x) as Float32Array, sizeOf(x.shape.slice(0, lead)), sizeOf(tail));
    return out;
  });
}

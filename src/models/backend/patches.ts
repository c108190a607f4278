// Kernel patches that make TF.js training practical without tfjs-node (platform-notes §2.4):
// the stock wasm backend has no UnsortedSegmentSum (so gather has no gradient), runs transposed matmuls ~15× slower
// than plain ones and gathers rows slowly; the stock cpu UnsortedSegmentSum is O(segments·rows·features).
// Every patch computes exactly what the stock kernel computes (test/models/backend.test.ts checks values and gradients).
import * as tf from "@tensorflow/tfjs";
import type { KernelFunc, TensorInfo, TypedArray } from "@tensorflow/tfjs";
import { type CpuBackendLike, type KernelArgs, type WasmBackendLike, newTypedArray, replaceKernel, shareWasm, sizeOf } from "./kernels/kernel-api.js";
import { patchWasmConcat, patchWasmSplitV } from "./kernels/concat-split.js";
import { copyBlock } from "./kernels/copy-block.js";
import { registerFourierFeatures } from "./kernels/fourier-features.js";
import { patchWasmSinCos } from "./kernels/sin-cos.js";
import { patchWasmSumLeading } from "./kernels/sum-leading.js";
import { patchWasmTranspose } from "./kernels/transpose.js";

/**
 * Scatter-adds rows of x (n × inner, flattened over the segment-id dims) into out (numSegments × inner).
 * Negative or out-of-range ids are dropped, as in TensorFlow.
 */
function segmentSumInto(out: TypedArray, x: ArrayLike<number>, ids: ArrayLike<number>, inner: number, numSegments: number): void {
  out.fill(0);
  for (let r = 0; r < ids.length; r++) {
    const s = ids[r]!;
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const xo = r * inner;
    for (let k = 0; k < inner; k++) out[o + k]! += x[xo + k]!;
  }
}

function segmentSumShape(x: TensorInfo, ids: TensorInfo, numSegments: number): { shape: number[]; inner: number } {
  const tail = x.shape.slice(ids.shape.length);
  return { shape: [numSegments, ...tail], inner: sizeOf(tail) };
}

/** Swaps the last two axes of a rank-r permutation. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return perm;
}

/**
 * Patches the wasm kernels (Transpose, Sum over leading axes, Sin, Cos, Concat, SplitV, BatchMatMul with transposes or
 * a reshaped B, UnsortedSegmentSum, GatherV2 row fast path, Identity and same-dtype Cast without a copy). Returns the
 * patched names.
 */
export function applyWasmPatches(): string[] {
  // Transpose first: the BatchMatMul patch calls the Transpose kernel registered when it is applied.
  const done: string[] = [...patchWasmTranspose(), ...patchWasmSumLeading(), ...patchWasmSinCos(), ...patchWasmConcat(), ...patchWasmSplitV()];
  const transposeKernel = tf.getKernel("Transpose", "wasm");
  if (!transposeKernel) throw new Error("wasm backend kernels are not registered: import @tensorflow/tfjs-backend-wasm first");
  const transpose = transposeKernel.kernelFunc;

  // The stock kernel caches a packed XNNPACK operator per B buffer, keyed by the buffer and not its shape, so a buffer
  // that comes back as B under another shape (Reshape shares buffers) would be multiplied as packed the first time:
  // such a B is copied to a fresh buffer first.
  const bShapes = new WeakMap<object, string>();
  if (replaceKernel("BatchMatMul", "wasm", (stock) => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const transposeA = Boolean(attrs?.["transposeA"]);
    const transposeB = Boolean(attrs?.["transposeB"]);
    const temps: TensorInfo[] = [];
    const flip = (t: TensorInfo): TensorInfo => {
      const out = transpose({ inputs: { x: t }, backend: backend as unknown as tf.KernelBackend, attrs: { perm: swapLastTwo(t.shape.length) } }) as TensorInfo;
      temps.push(out);
      return out;
    };
    const a = transposeA ? flip(inputs["a"]!) : inputs["a"]!;
    let b = transposeB ? flip(inputs["b"]!) : inputs["b"]!;
    const shape = b.shape.join(",");
    const seen = bShapes.get(b.dataId);
    if (seen === undefined) bShapes.set(b.dataId, shape);
    else if (seen !== shape) {
      const copy = backend.makeOutput(b.shape, b.dtype);
      backend.typedArrayFromHeap(copy).set(backend.typedArrayFromHeap(b));
      temps.push(copy);
      bShapes.set(copy.dataId, shape);
      b = copy;
    }
    if (temps.length === 0) return stock(args);
    const out = stock({ inputs: { a, b }, backend: backend as unknown as tf.KernelBackend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temps) backend.disposeData(t.dataId);
    return out;
  })) done.push("wasm:BatchMatMul");

  if (replaceKernel("UnsortedSegmentSum", "wasm", () => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const x = inputs["x"]!;
    const ids = inputs["segmentIds"]!;
    const numSegments = Number(attrs?.["numSegments"]);
    const { shape, inner } = segmentSumShape(x, ids, numSegments);
    const out = backend.makeOutput(shape, x.dtype);
    // Heap views are taken after makeOutput: growing the wasm heap detaches older views.
    segmentSumInto(backend.typedArrayFromHeap(out), backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(ids), inner, numSegments);
    return out;
  })) done.push("wasm:UnsortedSegmentSum");

  if (replaceKernel("GatherV2", "wasm", (stock) => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
    const x = inputs["x"]!;
    const indices = inputs["indices"]!;
    const axis = Number(attrs?.["axis"] ?? 0);
    const batchDims = Number(attrs?.["batchDims"] ?? 0);
    if (!((axis === 0 || axis === -x.shape.length) && batchDims === 0 && x.shape.length >= 1)) return stock(args);
    const rows = x.shape[0]!;
    const inner = sizeOf(x.shape.slice(1));
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    const ov = backend.typedArrayFromHeap(out);
    const xv = backend.typedArrayFromHeap(x);
    const iv = backend.typedArrayFromHeap(indices);
    for (let r = 0; r < iv.length; r++) {
      const i = iv[r]!;
      if (i < 0 || i >= rows) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: index ${i} is not in [0, ${rows - 1}]`);
      }
      copyBlock(ov, r * inner, xv, i * inner, inner);
    }
    return out;
  })) done.push("wasm:GatherV2");

  // Identity and same-dtype Cast (in every Multiply gradient) share the input's buffer by reference count, as the cpu
  // backend's Identity does, instead of copying it: TF.js tensors are immutable.
  const share = (args: Parameters<KernelFunc>[0]): TensorInfo => {
    const { inputs, backend } = args as unknown as KernelArgs<WasmBackendLike>;
    return shareWasm(inputs["x"]!, backend);
  };
  if (replaceKernel("Identity", "wasm", () => share)) done.push("wasm:Identity");
  if (replaceKernel("Cast", "wasm", (stock) => (args) => (args.attrs?.["dtype"] === (args.inputs["x"] as TensorInfo).dtype ? share(args) : stock(args)))) done.push("wasm:Cast");
  return done;
}

/** Patches the cpu backend's UnsortedSegmentSum with a linear scatter-add. Returns the patched names. */
export function applyCpuPatches(): string[] {
  const patched = replaceKernel("UnsortedSegmentSum", "cpu", () => (args) => {
    const { inputs, backend, attrs } = args as unknown as KernelArgs<CpuBackendLike>;
    const x = inputs["x"]!;
    const ids = inputs["segmentIds"]!;
    const numSegments = Number(attrs?.["numSegments"]);
    const { shape, inner } = segmentSumShape(x, ids, numSegments);
    const out = newTypedArray(x.dtype, sizeOf(shape));
    segmentSumInto(out, backend.data.get(x.dataId).values, backend.data.get(ids.dataId).values, inner, numSegments);
    return backend.makeTensorInfo(shape, x.dtype, out);
  });
  return patched ? ["cpu:UnsortedSegmentSum"] : [];
}

let gradientPatched = false;

/**
 * Replaces the UnsortedSegmentSum gradient with a plain gather of dy by the segment ids when no id is negative (the
 * stock gradient's broadcast LogicalAnd dominated wasm training time); with negative ids it computes what the stock
 * gradient computes (zero rows for the dropped ids). Ids ≥ numSegments make the gather throw, as in the stock gradient.
 */
export function applyGradientPatches(): string[] {
  if (gradientPatched) return [];
  tf.registerGradient({
    kernelName: "UnsortedSegmentSum",
    inputsToSave: ["segmentIds"],
    gradFunc: (dy, saved) => {
      const ids = saved[0]!;
      const d = dy as tf.Tensor;
      if (!(ids.dataSync() as Int32Array).some((v) => v < 0)) return { x: () => tf.gather(d, ids) };
      return {
        x: () => {
          const zero = tf.scalar(0, "int32");
          const gathered = tf.gather(d, tf.maximum(ids, zero));
          const keep = tf.greaterEqual(ids, zero).reshape([...ids.shape, ...gathered.shape.slice(ids.rank).map(() => 1)]);
          return tf.where(tf.broadcastTo(keep, gathered.shape), gathered, tf.zerosLike(gathered));
        },
      };
    },
  });
  gradientPatched = true;
  return ["grad:UnsortedSegmentSum"];
}

/** Registers the fused kernels the models call when the active backend has them (wasm and cpu). Returns their names. */
export function applyFusedKernels(): string[] {
  return registerFourierFeatures();
}

// What the kernel patches share: the slices of the wasm and cpu backend APIs they use, and kernel replacement.
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo, TypedArray } from "@tensorflow/tfjs";

/** The slice of the wasm backend API the patches use (typed structurally so nothing imports the wasm package). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  incRef(dataId: object): void;
  typedArrayFromHeap(t: TensorInfo): TypedArray;
  disposeData(dataId: object): boolean;
}

/** The slice of the cpu backend API the patches use. */
export interface CpuBackendLike {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: TypedArray): TensorInfo;
}

/** The arguments of a kernel function, with the backend typed. */
export type KernelArgs<B> = { inputs: NamedTensorInfoMap; backend: B; attrs?: NamedAttrMap };

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A zeroed typed array of a TF.js dtype. */
export function newTypedArray(dtype: tf.DataType, n: number): TypedArray {
  return dtype === "int32" ? new Int32Array(n) : dtype === "bool" ? new Uint8Array(n) : new Float32Array(n);
}

/** Returns x itself as a new tensor sharing its buffer (reference counted; TF.js tensors are immutable). */
export function shareWasm(x: TensorInfo, backend: WasmBackendLike, shape: number[] = x.shape): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/**
 * Replaces the kernel `name` of `backendName`, keeping the stock setupFunc (wasm kernels bind their C functions there).
 * Returns false when it was already replaced.
 */
export function replaceKernel(name: string, backendName: string, make: (stock: KernelFunc) => KernelFunc): boolean {
  const stock = tf.getKernel(name, backendName) as KernelConfig | undefined;
  if (stock && (stock as KernelConfig & { patched?: boolean }).patched) return false;
  if (stock) tf.unregisterKernel(name, backendName);
  const config: KernelConfig & { patched: boolean } = {
    kernelName: name,
    backendName,
    kernelFunc: make(stock ? stock.kernelFunc : () => { throw new Error(`${name} has no stock ${backendName} kernel`); }),
    patched: true,
  };
  if (stock?.setupFunc) config.setupFunc = stock.setupFunc;
  if (stock?.disposeFunc) config.disposeFunc = stock.disposeFunc;
  tf.registerKernel(config);
  return true;
}

/** Registers the wasm patch `make` for kernel `name` and returns ["wasm:name"], or [] when already patched. */
export function patchWasm(name: string, make: (stock: KernelFunc) => KernelFunc): string[] {
  return replaceKernel(name, "wasm", make) ? [`wasm:${name}`] : [];
}

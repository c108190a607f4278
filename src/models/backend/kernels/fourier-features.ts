// A fused kernel for the Fourier features of fractional differences [E, D] → [E, D·2F] (per axis: F sines then F
// cosines of 2πk·x, k = 0 … F−1; CSPNet's layout). It replaces a broadcast Mul, Sin and Cos on [E, D, F], a Concat and
// a Reshape; sin/cos(2πk·x) come from one sin and cos per element by the angle-addition recurrence in float64 (more
// accurate than the composition, which rounds the argument 2πk·x to float32 first: they differ by up to ~3e-5).
import * as tf from "@tensorflow/tfjs";
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import { type CpuBackendLike, type KernelArgs, type WasmBackendLike } from "./kernel-api.js";

/** The kernel name. */
export const FOURIER_FEATURES = "CrystalFourierFeatures";

/** Writes the features of x (rows × D, row-major) into out (rows × D·2F). */
export function fourierInto(out: Float32Array, x: ArrayLike<number>, freqs: number): void {
  for (let i = 0, o = 0; i < x.length; i++, o += 2 * freqs) {
    const t = 2 * Math.PI * x[i]!;
    const s1 = Math.sin(t), c1 = Math.cos(t);
    let s = 0, c = 1;
    for (let k = 0; k < freqs; k++) {
      out[o + k] = s;
      out[o + freqs + k] = c;
      const sNext = s * c1 + c * s1;
      c = c * c1 - s * s1;
      s = sNext;
    }
  }
}

function outShape(x: TensorInfo, freqs: number): number[] {
  return [x.shape[0]!, x.shape[1]! * 2 * freqs];
}

const wasmKernel: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as KernelArgs<WasmBackendLike>;
  const x = inputs["x"]!;
  const freqs = Number(attrs!["freqs"]);
  const out = backend.makeOutput(outShape(x, freqs), "float32");
  fourierInto(backend.typedArrayFromHeap(out) as Float32Array, backend.typedArrayFromHeap(x), freqs);
  return out;
};

const cpuKernel: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as KernelArgs<CpuBackendLike>;
  const x = inputs["x"]!;
  const freqs = Number(attrs!["freqs"]);
  const shape = outShape(x, freqs);
  const out = new Float32Array(shape[0]! * shape[1]!);
  fourierInto(out, backend.data.get(x.dataId).values, freqs);
  return backend.makeTensorInfo(shape, "float32", out);
};

/**
 * Registers the kernel for the wasm and cpu backends and its gradient (d/dx sin 2πkx = 2πk cos 2πkx, d/dx cos 2πkx =
 * −2πk sin 2πkx, read from the saved output). Returns the registered names.
 */
export function registerFourierFeatures(): string[] {
  const done: string[] = [];
  for (const [backendName, kernelFunc] of [["wasm", wasmKernel], ["cpu", cpuKernel]] as const) {
    if (tf.getKernel(FOURIER_FEATURES, backendName)) continue;
    tf.registerKernel({ kernelName: FOURIER_FEATURES, backendName, kernelFunc });
    done.push(`${backendName}:${FOURIER_FEATURES}`);
  }
  if (!tf.getGradient(FOURIER_FEATURES)) {
    tf.registerGradient({
      kernelName: FOURIER_FEATURES,
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs) => {
        const y = saved[0]!;
        const freqs = Number(attrs["freqs"]);
        const [rows, width] = y.shape as [number, number];
        const split = (t: tf.Tensor) => tf.split(t.reshape([rows, width / (2 * freqs), 2, freqs]), 2, 2);
        const [s, c] = split(y);
        const [ds, dc] = split(dy as tf.Tensor);
        const k = tf.tensor1d(Float32Array.from({ length: freqs }, (_, i) => 2 * Math.PI * i));
        return { x: () => ds!.mul(c!).sub(dc!.mul(s!)).mul(k).sum([2, 3]) };
      },
    });
    done.push(`grad:${FOURIER_FEATURES}`);
  }
  return done;
}

/** The features of diff [E, D] by the fused kernel, or null when the active backend has no such kernel. */
export function fusedFourierFeatures(diff: tf.Tensor2D, freqs: number): tf.Tensor2D | null {
  if (!tf.getKernel(FOURIER_FEATURES, tf.getBackend())) return null;
  return tf.engine().runKernel(FOURIER_FEATURES, { x: diff }, { freqs }) as tf.Tensor2D;
}

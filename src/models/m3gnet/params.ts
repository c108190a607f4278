// The weights of a pretrained matgl M3GNet as TF.js tensors, under matgl's own names, with Linear weights transposed
// once to [in, out] so every layer is x·W + b.
import * as tf from "@tensorflow/tfjs";
import type { NamedTensor } from "./safetensors.js";

/** matgl parameter name → tensor (Linear and LSTM weights already transposed to [in, out]). */
export type M3gnetParams = ReadonlyMap<string, tf.Tensor>;

const NOT_TRANSPOSED = new Set(["model.embedding.layer_node_embedding.weight", "element_refs.onehot"]);

function transposed(t: NamedTensor): tf.Tensor {
  const [rows, cols] = t.shape as [number, number];
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = t.data[i * cols + j]!;
  return tf.tensor2d(out, [cols, rows]);
}

/** Tensors of a safetensors state dict; the caller disposes them (see disposeM3gnetParams). */
export function m3gnetParams(state: ReadonlyMap<string, NamedTensor>): M3gnetParams {
  const params = new Map<string, tf.Tensor>();
  for (const [name, t] of state) {
    const isMatrix = t.shape.length === 2 && (name.endsWith(".weight") || /\.weight_(ih|hh)_l\d+$/.test(name)) && !NOT_TRANSPOSED.has(name);
    params.set(name, isMatrix ? transposed(t) : tf.tensor(t.data, [...t.shape]));
  }
  return params;
}

/** Frees the tensors of a parameter map. */
export function disposeM3gnetParams(params: M3gnetParams): void {
  for (const t of params.values()) t.dispose();
}

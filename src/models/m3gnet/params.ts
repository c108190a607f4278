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

/** First layers of the graph convolutions' gated MLPs, whose input is [v_source, v_target, e_bond] per bond. */
const BOND_INPUT_LAYER = /\.conv\.(edge|node)_update_func\.(layers|gates)\.0\.weight$/;

/** The row blocks of a bond-input weight [2·nodeDim + edgeDim, out] that act on v_source, v_target and e_bond. */
const BOND_INPUT_BLOCKS = ["source", "target", "bond"] as const;

/**
 * Tensors of a safetensors state dict; the caller disposes them (see disposeM3gnetParams). A bond-input first layer
 * `W` is also stored as its three row blocks `W:source`, `W:target`, `W:bond` (node terms are then computed once per atom).
 */
export function m3gnetParams(state: ReadonlyMap<string, NamedTensor>): M3gnetParams {
  const params = new Map<string, tf.Tensor>();
  for (const [name, t] of state) {
    const isMatrix = t.shape.length === 2 && (name.endsWith(".weight") || /\.weight_(ih|hh)_l\d+$/.test(name)) && !NOT_TRANSPOSED.has(name);
    const tensor = isMatrix ? transposed(t) : tf.tensor(t.data, [...t.shape]);
    params.set(name, tensor);
    if (BOND_INPUT_LAYER.test(name)) {
      const [rows] = tensor.shape as [number, number];
      const node = state.get("model.embedding.layer_node_embedding.weight")!.shape[1]!;
      const sizes = [node, node, rows - 2 * node];
      tf.split(tensor, sizes, 0).forEach((block, k) => params.set(`${name}:${BOND_INPUT_BLOCKS[k]}`, block));
    }
  }
  return params;
}

/** Frees the tensors of a parameter map. */
export function disposeM3gnetParams(params: M3gnetParams): void {
  for (const t of params.values()) t.dispose();
}

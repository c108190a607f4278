// Reading tensors computed inside tf.tidy. A tidy callback that returns typed arrays (dataSync()) makes tidy walk each
// array element by element, looking for tensors to keep; returning the tensors and reading them afterwards avoids it.
import * as tf from "@tensorflow/tfjs";

/**
 * Runs `f` in tf.tidy and returns the float32 values of the tensor it returns, or of each tensor of the record it
 * returns (copies), freeing the tensors.
 */
export function tidyData(f: () => tf.Tensor): Float32Array;
export function tidyData<K extends string>(f: () => Record<K, tf.Tensor>): Record<K, Float32Array>;
export function tidyData(f: () => tf.Tensor | Record<string, tf.Tensor>): Float32Array | Record<string, Float32Array> {
  const out = tf.tidy(f);
  const read = (t: tf.Tensor) => {
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return values;
  };
  return out instanceof tf.Tensor ? read(out) : Object.fromEntries(Object.entries(out).map(([k, t]) => [k, read(t)]));
}

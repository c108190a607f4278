// Gradient checks shared by the model tests: one element of a variable, autodiff against a central difference.
import * as tf from "@tensorflow/tfjs";

/**
 * The autodiff gradient of the scalar `f` with respect to element `index` of `v`, and the central difference
 * (f(w + h) − f(w − h)) / 2h; `v` is restored afterwards. h = 1e-2 suits float32: rounding ~1e-7/h, truncation ~h².
 */
export function gradientCheck(f: () => tf.Scalar, v: tf.Variable, index: number, h = 1e-2): { analytic: number; numeric: number } {
  const { value, grads } = tf.variableGrads(f, [v]);
  const analytic = Object.values(grads)[0]!.dataSync()[index]!;
  tf.dispose([value, ...Object.values(grads)]);
  const base = v.dataSync().slice();
  const at = (delta: number) => {
    const w = base.slice();
    w[index]! += delta;
    v.assign(tf.tensor(w, v.shape));
    const y = f();
    const out = y.dataSync()[0]!;
    y.dispose();
    return out;
  };
  const numeric = (at(h) - at(-h)) / (2 * h);
  v.assign(tf.tensor(base, v.shape));
  return { analytic, numeric };
}

// exp and the logistic sigmoid with gradients that can be differentiated again. TF.js computes the gradients of its Exp,
// Sigmoid and Tanh kernels from their saved outputs, which are not on the gradient tape, so a second derivative through
// them is wrong (the WGAN-GP penalty's gradient with respect to the critic's weights came out 4× too small). These ops
// recompute the derivative from the saved input instead.
import * as tf from "@tensorflow/tfjs";

/** An elementwise op whose derivative `derivative(x)` is recomputed from the input under the gradient tape. */
function twiceDifferentiable(f: (x: tf.Tensor) => tf.Tensor, derivative: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return { value: f(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, derivative(saved[0]!)) };
  });
  return (x) => op(x);
}

/** e^x, twice differentiable under tf.grad. */
export const expTwice = twiceDifferentiable(tf.exp, tf.exp);

/** σ(x) = 1/(1 + e^−x), twice differentiable under tf.grad. */
export const sigmoidTwice = twiceDifferentiable(tf.sigmoid, (x) => {
  const s = tf.sigmoid(x);
  return tf.mul(s, tf.sub(1, s));
});

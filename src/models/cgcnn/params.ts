// CGCNN's weights as named TF.js variables: one network per ensemble member, names prefixed "m<k>.", each member
// initialised from its own seed (config seed + k).
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../util/random.js";
import type { ParamMap } from "../training/optimizer.js";
import type { CgcnnNetwork } from "./config.js";
import { ELEMENT_DESCRIPTOR_COUNT } from "./features.js";

/** Shapes of one member's weights, by name (without the member prefix), with the fan-in of their Linear. */
export function memberParamShapes(n: CgcnnNetwork): [name: string, shape: number[], fanIn: number][] {
  const H = n.hidden, D = ELEMENT_DESCRIPTOR_COUNT, G = n.gaussians;
  const shapes: [string, number[], number][] = [["embed", [n.numTypes, H], 0], ["desc.W", [D, H], D], ["desc.b", [H], D]];
  // The gate (f) and core (s) Linears act on z = [h_i, h_j, e_ij]; each weight is stored in three row blocks (i, j, e).
  for (let l = 0; l < n.layers; l++) {
    for (const g of ["f", "s"]) shapes.push([`conv${l}.${g}.Wi`, [H, H], 2 * H + G], [`conv${l}.${g}.Wj`, [H, H], 2 * H + G], [`conv${l}.${g}.We`, [G, H], 2 * H + G], [`conv${l}.${g}.b`, [H], 2 * H + G]);
    shapes.push([`conv${l}.norm.gamma`, [H], 0], [`conv${l}.norm.beta`, [H], 0]);
  }
  shapes.push(["head1.W", [H, H], H], ["head1.b", [H], H], ["head2.W", [H, 1], H], ["head2.b", [1], H]);
  return shapes;
}

/**
 * Creates every member's weights: Linears U(−1/√fan_in, 1/√fan_in) (PyTorch's default), the embedding N(0, 1/H),
 * layer-norm γ = 1, β = 0.
 */
export function initCgcnnParams(n: CgcnnNetwork, seed: number): ParamMap {
  const params: ParamMap = new Map();
  for (let m = 0; m < n.members; m++) {
    const r = rng(seed + m);
    for (const [name, shape, fanIn] of memberParamShapes(n)) {
      const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
      if (name === "embed") for (let i = 0; i < v.length; i++) v[i] = r.normal() / Math.sqrt(n.hidden);
      else if (name.endsWith("norm.gamma")) v.fill(1);
      else if (!name.endsWith("norm.beta")) for (let i = 0; i < v.length; i++) v[i] = (2 * r.next() - 1) / Math.sqrt(fanIn);
      const t = tf.tensor(v, shape);
      params.set(`m${m}.${name}`, tf.variable(t, true));
      t.dispose();
    }
  }
  return params;
}

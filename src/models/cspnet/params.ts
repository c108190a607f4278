// Parameters of the CSPNet denoiser as named TF.js variables, initialised like PyTorch's defaults from a seed.
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../util/random.js";
import type { CspnetConfig } from "./config.js";

/** Named trainable weights, in a fixed creation order (save/load and optimisers rely on it). */
export type CspnetParams = Map<string, tf.Variable>;

/** The shape of every parameter, by name, in creation order. */
export function cspnetParamShapes(c: CspnetConfig): [string, number[]][] {
  const H = c.hidden;
  const shapes: [string, number[]][] = [["embed.W", [c.numTypes, H]], ["input.W", [H + c.timeDim, H]], ["input.b", [H]]];
  if (c.condition) shapes.push(["cond.W", [c.conditionDim ?? 2, H]], ["cond.b", [H]]);
  for (let l = 0; l < c.layers; l++) {
    // The first edge Linear acts on [h_i, h_j, Gram(9), Fourier(6F)]; its weight is stored in those four row blocks.
    shapes.push(
      [`layer${l}.edge1.Wi`, [H, H]], [`layer${l}.edge1.Wj`, [H, H]], [`layer${l}.edge1.Wg`, [9, H]], [`layer${l}.edge1.Wf`, [6 * c.freqs, H]], [`layer${l}.edge1.b`, [H]],
      [`layer${l}.edge2.W`, [H, H]], [`layer${l}.edge2.b`, [H]],
      [`layer${l}.node1.W`, [2 * H, H]], [`layer${l}.node1.b`, [H]],
      [`layer${l}.node2.W`, [H, H]], [`layer${l}.node2.b`, [H]],
      [`layer${l}.norm.gamma`, [H]], [`layer${l}.norm.beta`, [H]],
    );
    // Local messages: a first Linear on [h_i, h_j, radial basis(R)] in three row blocks, a second Linear, and the
    // node update's weight on their sum.
    if (c.local)
      shapes.push(
        [`layer${l}.local1.Wi`, [H, H]], [`layer${l}.local1.Wj`, [H, H]], [`layer${l}.local1.Wr`, [c.local.basis, H]], [`layer${l}.local1.b`, [H]],
        [`layer${l}.local2.W`, [H, H]], [`layer${l}.local2.b`, [H]], [`layer${l}.node1.Wl`, [H, H]],
      );
  }
  shapes.push(["coord.W", [H, 3]], ["coord.b", [3]], ["lattice.W", [H, 9]], ["lattice.b", [9]]);
  if (c.typeHead) shapes.push(["type.W", [H, c.numTypes]], ["type.b", [c.numTypes]]);
  // The edge weights w_e of the local coordinate output Σ_e w_e · Δf_e: an MLP on [h_i, h_j, radial basis].
  if (c.local)
    shapes.push(["coordEdge1.Wi", [H, H]], ["coordEdge1.Wj", [H, H]], ["coordEdge1.Wr", [c.local.basis, H]], ["coordEdge1.b", [H]], ["coordEdge2.W", [H, 1]], ["coordEdge2.b", [1]]);
  return shapes;
}

/** Total number of scalar parameters. */
export function cspnetParamCount(c: CspnetConfig): number {
  return cspnetParamShapes(c).reduce((s, [, shape]) => s + shape.reduce((a, b) => a * b, 1), 0);
}

/** Fan-in of the Linear a parameter belongs to (the split edge1 blocks share the full input width). */
function fanIn(name: string, shape: number[], c: CspnetConfig): number {
  if (name.includes(".edge1.")) return 2 * c.hidden + 9 + 6 * c.freqs;
  if (name.includes(".local1.") || name.startsWith("coordEdge1.")) return 2 * c.hidden + c.local!.basis;
  if (name.includes(".node1.")) return (c.local ? 3 : 2) * c.hidden;
  if (name.endsWith(".b")) return fanInOfBias(name, c);
  return shape[0]!;
}
function fanInOfBias(name: string, c: CspnetConfig): number {
  const H = c.hidden;
  if (name === "input.b") return H + c.timeDim;
  if (name === "cond.b") return c.conditionDim ?? 2;
  return H;
}

/**
 * Creates the parameters from a seed: Linear weights and biases U(−1/√fan_in, 1/√fan_in) (PyTorch's default),
 * the embedding N(0, 1), LayerNorm γ = 1 and β = 0.
 */
export function initCspnetParams(c: CspnetConfig, seed: number): CspnetParams {
  const r = rng(seed);
  const params: CspnetParams = new Map();
  for (const [name, shape] of cspnetParamShapes(c)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    if (name === "embed.W") for (let i = 0; i < n; i++) v[i] = r.normal();
    else if (name.endsWith("norm.gamma")) v.fill(1);
    else if (name.endsWith("norm.beta")) v.fill(0);
    else {
      const bound = 1 / Math.sqrt(fanIn(name, shape, c));
      for (let i = 0; i < n; i++) v[i] = (2 * r.next() - 1) * bound;
    }
    const t = tf.tensor(v, shape);
    params.set(name, tf.variable(t, true));
    t.dispose();
  }
  return params;
}

/** Copies parameter values out as plain arrays (name → Float32Array), e.g. for checkpoints. */
export function paramsToArrays(params: CspnetParams): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, v] of params) out.set(name, v.dataSync() as Float32Array);
  return out;
}

/** Assigns values (name → array) to existing parameters; throws naming the first missing or mis-sized one. */
export function assignParams(params: CspnetParams, values: Map<string, Float32Array>): void {
  for (const [name, v] of params) {
    const a = values.get(name);
    if (!a) throw new Error(`parameter ${name} is missing`);
    if (a.length !== v.size) throw new Error(`parameter ${name} has ${a.length} values, expected ${v.size}`);
    const t = tf.tensor(a, v.shape);
    v.assign(t);
    t.dispose();
  }
}

/** Disposes every parameter variable. */
export function disposeParams(params: CspnetParams): void {
  for (const v of params.values()) v.dispose();
}

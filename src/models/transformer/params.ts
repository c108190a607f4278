// The transformer's weights as named TF.js variables, initialised as GPT-2 / nanoGPT do.
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../util/random.js";
import type { TransformerConfig } from "./config.js";

/** Name and shape of every weight: embeddings, then per block `h<l>.…`, then the final LayerNorm. */
export function transformerParamShapes(c: TransformerConfig): [name: string, shape: number[]][] {
  const d = c.dModel, h = c.mlpRatio * d;
  const shapes: [string, number[]][] = [["wte", [c.vocabSize, d]], ["wpe", [c.contextLength, d]]];
  for (let l = 0; l < c.nLayers; l++) {
    shapes.push(
      [`h${l}.ln1.g`, [d]], [`h${l}.ln1.b`, [d]],
      [`h${l}.attn.Wqkv`, [d, 3 * d]], [`h${l}.attn.bqkv`, [3 * d]], [`h${l}.attn.Wo`, [d, d]], [`h${l}.attn.bo`, [d]],
      [`h${l}.ln2.g`, [d]], [`h${l}.ln2.b`, [d]],
      [`h${l}.mlp.W1`, [d, h]], [`h${l}.mlp.b1`, [h]], [`h${l}.mlp.W2`, [h, d]], [`h${l}.mlp.b2`, [d]],
    );
  }
  shapes.push(["lnf.g", [d]], ["lnf.b", [d]]);
  return shapes;
}

/**
 * Seeded initial weights (nanoGPT): matrices and embeddings N(0, 0.02²), the residual output projections (attn.Wo,
 * mlp.W2) N(0, (0.02/√(2·nLayers))²), biases 0, LayerNorm gains 1.
 */
export function initTransformerParams(c: TransformerConfig, seed: number): Record<string, tf.Variable> {
  const r = rng(seed);
  const out: Record<string, tf.Variable> = {};
  for (const [name, shape] of transformerParamShapes(c)) {
    const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name.endsWith(".g")) v.fill(1);
    else if (shape.length === 2) {
      const std = name.endsWith("attn.Wo") || name.endsWith("mlp.W2") ? 0.02 / Math.sqrt(2 * c.nLayers) : 0.02;
      for (let i = 0; i < v.length; i++) v[i] = std * r.normal();
    }
    const t = tf.tensor(v, shape);
    out[name] = tf.variable(t, true);
    t.dispose();
  }
  return out;
}

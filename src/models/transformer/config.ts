// The shape of a decoder-only transformer and its checks.
import { ModelConfigError } from "../errors.js";

/** Sizes of a decoder-only transformer. `dropout` is the rate on embeddings, attention weights and residual branches. */
export interface TransformerConfig {
  vocabSize: number;
  /** Longest sequence (tokens) the learned position table covers. */
  contextLength: number;
  dModel: number;
  nLayers: number;
  nHeads: number;
  /** Hidden width of the MLP as a multiple of dModel. */
  mlpRatio: number;
  dropout: number;
}

/** @throws ModelConfigError when a size is not a positive integer, dModel is not divisible by nHeads, or dropout ∉ [0, 1) */
export function checkTransformerConfig(c: TransformerConfig): TransformerConfig {
  for (const key of ["vocabSize", "contextLength", "dModel", "nLayers", "nHeads"] as const)
    if (!Number.isInteger(c[key]) || c[key] < 1) throw new ModelConfigError(`transformer ${key} must be a positive integer, got ${c[key]}`);
  if (c.dModel % c.nHeads !== 0) throw new ModelConfigError(`transformer dModel ${c.dModel} is not divisible by nHeads ${c.nHeads}`);
  if (!(c.mlpRatio > 0) || !Number.isInteger(c.mlpRatio * c.dModel)) throw new ModelConfigError(`transformer mlpRatio ${c.mlpRatio} must be positive with mlpRatio·dModel an integer`);
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new ModelConfigError(`transformer dropout must be in [0, 1), got ${c.dropout}`);
  return c;
}

/** Number of weights of a transformer of this shape. */
export function transformerParamCount(c: TransformerConfig): number {
  const d = c.dModel, h = c.mlpRatio * d;
  const block = 4 * d + (3 * d * d + 3 * d) + (d * d + d) + (d * h + h) + (h * d + d);
  return c.vocabSize * d + c.contextLength * d + c.nLayers * block + 2 * d;
}

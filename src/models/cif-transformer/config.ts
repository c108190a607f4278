// The CIF transformer's config: create options, the family block (transformer shape, canonical-CIF tolerance, the
// bond-length bounds of the checks, the training text's length statistics) and its checks.
import { CIF_SPECIAL_TOKENS, cifTokenVocabulary } from "../../representations/cif-tokens.js";
import { CANONICAL_CIF_SYMPREC } from "../../representations/cif-canonical.js";
import { ModelConfigError } from "../errors.js";
import type { OptionSchema, OptionValues } from "../options-schema.js";
import { type TransformerConfig, checkTransformerConfig } from "../transformer/config.js";
import type { ModelConfig } from "../types.js";

/** Bounds of the bond-length check: every atom's nearest neighbour at d with minRatio ≤ d / (r_i + r_j) ≤ maxRatio (covalent radii). */
export interface BondLengthBounds {
  minRatio: number;
  maxRatio: number;
}

/** Token lengths of the training text (canonical CIF plus <bos> and <eos>). */
export interface SequenceStats {
  /** Crystals whose text fits the context and was trained on. */
  sequences: number;
  /** Crystals left out because their text is longer than the context. */
  tooLong: number;
  /** Crystals left out because their canonical CIF could not be written (symmetry analysis failed). */
  failed: number;
  maxTokens: number;
  meanTokens: number;
}

/** The CIF transformer's own block of the config. */
export interface CifTransformerFamilyConfig {
  transformer: TransformerConfig;
  /** Symmetry tolerance (Å) of the canonical CIFs and of the space-group check. */
  symprec: number;
  bondLength: BondLengthBounds;
  /** Statistics of the training text; null before training. */
  sequenceStats: SequenceStats | null;
  /** The model's vocabulary (the special tokens and every token of the training text); null before training (the full CIF vocabulary). */
  tokens: string[] | null;
}

/**
 * Default bond-length bounds, chosen on the fit splits: the canonical CIFs of
 * perov_5 fit have nearest-neighbour ratios 0.668–2.460, carbon_24 fit 0.801–1.040, mpts_52 fit 0.675 (0.1 % quantile of
 * the smallest) to 2.726 (99.9 % quantile of the largest); [0.6, 2.5] accepts every perov_5 and carbon_24 fit crystal.
 */
export const DEFAULT_BOND_LENGTH: BondLengthBounds = { minRatio: 0.6, maxRatio: 2.5 };

/** Create options of a CIF transformer. */
export const CIF_TRANSFORMER_CREATE_OPTIONS: OptionSchema = {
  seed: { type: "integer", default: 0, help: "seed of the weight initialisation (and of training)" },
  maxAtoms: { type: "integer", min: 1, default: 200, help: "largest number of atoms per crystal of a CSP request" },
  contextLength: { type: "integer", min: 16, default: 352, help: "longest token sequence (canonical CIF + <bos>/<eos>); longer training crystals are left out and counted" },
  dModel: { type: "integer", min: 8, default: 128, help: "width of the transformer" },
  nLayers: { type: "integer", min: 1, default: 4, help: "transformer blocks" },
  nHeads: { type: "integer", min: 1, default: 4, help: "attention heads (must divide dModel)" },
  mlpRatio: { type: "integer", min: 1, default: 4, help: "MLP hidden width as a multiple of dModel" },
  dropout: { type: "number", min: 0, max: 0.9, default: 0.1, help: "dropout rate (embeddings, attention, residual branches)" },
};

const num = (o: OptionValues, k: string, d: number) => (o[k] as number | undefined) ?? d;

/** A new, untrained config from checked create options. @throws ModelConfigError for an impossible transformer shape */
export function cifTransformerConfig(o: OptionValues): ModelConfig<CifTransformerFamilyConfig> {
  const c: ModelConfig<CifTransformerFamilyConfig> = {
    format: "crystal-workbench-model", version: 2, family: "cif-transformer", tasks: ["csp", "gen"],
    maxAtoms: num(o, "maxAtoms", 200), seed: num(o, "seed", 0),
    familyConfig: {
      transformer: {
        vocabSize: cifTokenVocabulary().tokens.length, contextLength: num(o, "contextLength", 352), dModel: num(o, "dModel", 128),
        nLayers: num(o, "nLayers", 4), nHeads: num(o, "nHeads", 4), mlpRatio: num(o, "mlpRatio", 4), dropout: num(o, "dropout", 0.1),
      },
      symprec: CANONICAL_CIF_SYMPREC, bondLength: DEFAULT_BOND_LENGTH, sequenceStats: null, tokens: null,
    },
  };
  validateCifTransformerConfig(c);
  return c;
}

/** The create options a config was made with. */
export function cifTransformerOptionsOf(c: ModelConfig): OptionValues {
  const t = (c.familyConfig as CifTransformerFamilyConfig).transformer;
  return { maxAtoms: c.maxAtoms, contextLength: t.contextLength, dModel: t.dModel, nLayers: t.nLayers, nHeads: t.nHeads, mlpRatio: t.mlpRatio, dropout: t.dropout };
}

/** @throws ModelConfigError when the config cannot describe a CIF transformer */
export function validateCifTransformerConfig(c: ModelConfig<CifTransformerFamilyConfig>): void {
  const f = c.familyConfig;
  if (!f || !f.transformer) throw new ModelConfigError("cif-transformer config: no transformer block");
  checkTransformerConfig(f.transformer);
  const full = cifTokenVocabulary();
  const vocab = f.tokens ? f.tokens.length : full.tokens.length;
  if (f.transformer.vocabSize !== vocab) throw new ModelConfigError(`cif-transformer config: vocabSize ${f.transformer.vocabSize} differs from the model vocabulary's ${vocab} tokens`);
  if (f.tokens && (f.tokens.some((t) => !full.ids.has(t)) || CIF_SPECIAL_TOKENS.some((t, i) => f.tokens![i] !== t)))
    throw new ModelConfigError("cif-transformer config: tokens must start with the special tokens and hold CIF-vocabulary tokens only");
  if (!(f.symprec > 0)) throw new ModelConfigError(`cif-transformer config: symprec must be a positive distance (Å), got ${f.symprec}`);
  if (!(f.bondLength && f.bondLength.minRatio > 0 && f.bondLength.maxRatio > f.bondLength.minRatio))
    throw new ModelConfigError(`cif-transformer config: bondLength needs 0 < minRatio < maxRatio (got ${JSON.stringify(f.bondLength)})`);
  if (c.tasks.some((t) => t !== "csp" && t !== "gen")) throw new ModelConfigError(`a cif-transformer model does csp and gen (got ${c.tasks.join(", ")})`);
}

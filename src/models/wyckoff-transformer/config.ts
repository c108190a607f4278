// The Wyckoff transformer's config: create options, the family block (transformer sizes, lattice bins, what training
// kept) and its checks.
import { ModelConfigError } from "../errors.js";
import type { OptionSchema, OptionValues } from "../options-schema.js";
import type { TransformerConfig } from "../transformer/index.js";
import type { ModelConfig, ModelTask } from "../types.js";
import { DEFAULT_BINNING, type LatticeBinning, VOCAB_SIZE } from "./vocabulary.js";

/** The family's own block of the config. */
export interface WyckoffFamilyConfig {
  /** The decoder's sizes (vocabSize is the Wyckoff vocabulary's). */
  transformer: TransformerConfig;
  /** Ranges of the lattice-length and lattice-angle bins (fitted to the training data). */
  binning: LatticeBinning;
  /** Distance tolerance (Å) of the symmetry analysis that turns training crystals into sequences. */
  symprec: number;
  /** Largest number of atoms in a conventional cell the grammar allows (the training maximum); null before training. */
  maxCellAtoms: number | null;
  /** Training crystals left out: their sequence is longer than the context, or their symmetry analysis failed. */
  skipped: number;
}

/** The create options of a Wyckoff transformer. */
export const WYCKOFF_CREATE_OPTIONS: OptionSchema = {
  task: { type: "string", choices: ["gen", "csp"], default: "gen", help: "gen: de novo (optionally prompted with a space group); csp: a composition prompt (the same network; the grammar holds the composition)" },
  seed: { type: "integer", default: 0, help: "seed of the weight initialisation (and of training)" },
  maxAtoms: { type: "integer", min: 1, default: 64, help: "largest number of atoms of a requested composition (CSP)" },
  contextLength: { type: "integer", min: 16, default: 128, help: "longest sequence in tokens; longer training crystals are left out (counted in the config)" },
  dModel: { type: "integer", min: 8, default: 128, help: "transformer width" },
  nLayers: { type: "integer", min: 1, default: 4, help: "transformer blocks" },
  nHeads: { type: "integer", min: 1, default: 4, help: "attention heads (dModel must be a multiple)" },
  mlpRatio: { type: "number", min: 1, default: 4, help: "MLP hidden width / dModel" },
  dropout: { type: "number", min: 0, max: 0.9, default: 0, help: "dropout on embeddings, attention and residual branches in training" },
  symprec: { type: "number", min: 1e-4, max: 0.5, default: 0.01, help: "symmetry tolerance (Å) of the training crystals' Wyckoff analysis" },
};

const num = (o: OptionValues, k: string, d: number) => (o[k] as number | undefined) ?? d;

/** A new, untrained config from checked create options. */
export function wyckoffConfig(o: OptionValues): ModelConfig<WyckoffFamilyConfig> {
  return {
    format: "crystal-workbench-model", version: 2, family: "wyckoff-transformer", tasks: [((o.task as ModelTask | undefined) ?? "gen")],
    maxAtoms: num(o, "maxAtoms", 64), seed: num(o, "seed", 0),
    familyConfig: {
      transformer: {
        vocabSize: VOCAB_SIZE, contextLength: num(o, "contextLength", 128), dModel: num(o, "dModel", 128), nLayers: num(o, "nLayers", 4),
        nHeads: num(o, "nHeads", 4), mlpRatio: num(o, "mlpRatio", 4), dropout: num(o, "dropout", 0),
      },
      binning: DEFAULT_BINNING, symprec: num(o, "symprec", 0.01), maxCellAtoms: null, skipped: 0,
    },
  };
}

/** The create options a config was made with. */
export function wyckoffOptionsOf(c: ModelConfig): OptionValues {
  const f = c.familyConfig as WyckoffFamilyConfig;
  const t = f.transformer;
  return { task: c.tasks[0]!, maxAtoms: c.maxAtoms, contextLength: t.contextLength, dModel: t.dModel, nLayers: t.nLayers, nHeads: t.nHeads, mlpRatio: t.mlpRatio, dropout: t.dropout, symprec: f.symprec };
}

/** @throws ModelConfigError when the config cannot describe a Wyckoff transformer */
export function validateWyckoffConfig(c: ModelConfig<WyckoffFamilyConfig>): void {
  const f = c.familyConfig;
  if (!f || !f.transformer || !f.binning) throw new ModelConfigError("wyckoff-transformer config: familyConfig needs transformer and binning");
  if (f.transformer.vocabSize !== VOCAB_SIZE) throw new ModelConfigError(`wyckoff-transformer config: vocabSize must be ${VOCAB_SIZE} (got ${f.transformer.vocabSize})`);
  if (c.tasks.length !== 1 || !["gen", "csp"].includes(c.tasks[0]!)) throw new ModelConfigError(`a wyckoff-transformer model does one task, gen or csp (got ${c.tasks.join(", ")})`);
  const [lo, hi] = f.binning.lengthRange, [alo, ahi] = f.binning.angleRange;
  if (!(lo > 0 && hi > lo && alo > 0 && ahi > alo && ahi < 180)) throw new ModelConfigError(`wyckoff-transformer config: bad lattice bins ${JSON.stringify(f.binning)}`);
  if ((f.maxCellAtoms === null) !== (c.elements === undefined)) throw new ModelConfigError("wyckoff-transformer config: maxCellAtoms and elements are fitted together (both set after training, or neither)");
}

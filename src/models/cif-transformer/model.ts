// The CIF transformer (CrystaLLM style): a decoder-only transformer over the tokens of canonical CIF text. Trained with
// the shared loop on whole CIFs (padded batches, loss on every token after <bos>); samples by prompting `data_<formula>`
// (CSP, optionally with the space-group line) or `data_` (de novo), decoding, reading the CIF back and running
// CrystaLLM's consistency checks, re-drawing a rejected crystal up to maxAttempts times (default 1: every draw counts, as
// in CrystaLLM's benchmarks) and counting every rejection by reason. Opt-in: the formula lines written for the model
// from its data_ line and the atom sites kept to its elements (formulaGrammar, formula-grammar.ts).
import * as tf from "@tensorflow/tfjs";
import { elementSymbol } from "../../crystal/elements.js";
import { FormulaError } from "../../crystal/errors.js";
import { speciesFromFormula } from "../../crystal/formula.js";
import { latticeFromParameters } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { initSymmetry } from "../../crystal/symmetry/index.js";
import { canonicalCif } from "../../representations/cif-canonical.js";
import { cifTokenVocabulary } from "../../representations/cif-tokens.js";
import { initBackend } from "../backend/index.js";
import { readCheckpoint, writeCheckpoint } from "../common/checkpoint-format.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { namedTrainingData, resolveTrainSettings, runTraining, resumedStart, savedRun } from "../common/training-run.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { DecodedTokens, GenerationStep, TokenGenerativeModel, TokenPrompt, TokenSamplerSettings } from "../token-model.js";
import type { TrainSettings, TrainTask } from "../training/loop.js";
import { ADAM_DEFAULTS, type OptimizerState, initOptimizerState } from "../training/optimizer.js";
import { mixSeed } from "../training/schedule.js";
import { disposeParams, loadTrainState, saveState } from "../training/state-io.js";
import { generate } from "../transformer/generate.js";
import { loadDecoderTransformer } from "../transformer/checkpoint.js";
import { DecoderTransformer } from "../transformer/model.js";
import { type TokenSampling, checkTokenSampling } from "../transformer/sampling.js";
import type { ModelConfig, SampleRequest, TrainOptions, TrainReport, TrainingData, TrainingRecord } from "../types.js";
import { CIF_REJECTIONS, type CifRejection, checkGeneratedCif } from "./checks.js";
import { type CifTransformerFamilyConfig, validateCifTransformerConfig } from "./config.js";
import { formulaGrammar } from "./formula-grammar.js";
import { type PromptSpec, promptIds } from "./prompts.js";
import { idsText, localIds, modelVocabulary, paddedBatch, specialIds, textIds, trainingSequences } from "./sequences.js";

/**
 * Training defaults, after CrystaLLM's small benchmark models (AdamW β₂ 0.99, lr 1e-3 with 100 warm-up steps and cosine
 * decay to 1e-4, gradient clipping at 1): 16 CIFs per step, 10 epochs, EMA 0.999 of the weights for sampling.
 */
export const CIF_TRAIN_SETTINGS: TrainSettings = {
  epochs: 10, batchSize: 16, lr: 1e-3, seed: 0, schedule: { kind: "cosine", warmupSteps: 100, lrMin: 1e-4 },
  adam: { ...ADAM_DEFAULTS, beta2: 0.99, clipNorm: 1, emaDecay: 0.999 },
};

/** Sequences decoded together at most (the key/value cache holds batch × context × width floats per layer). */
const MAX_DECODE_BATCH = 64;

type Batch = { tokens: tf.Tensor2D; mask: tf.Tensor2D };

/** A CIF-text transformer (family `cif-transformer`, tasks csp and gen). */
export class CifTransformer implements TokenGenerativeModel {
  private current: ModelConfig<CifTransformerFamilyConfig>;
  private net: DecoderTransformer;
  private optimizer: OptimizerState | null = null;

  constructor(readonly family: ModelFamily, config: ModelConfig<CifTransformerFamilyConfig>) {
    validateCifTransformerConfig(config);
    this.current = config;
    this.net = new DecoderTransformer(config.familyConfig.transformer, config.seed);
  }

  /** The model's config (replaced, never mutated, by training and loading). */
  get config(): ModelConfig<CifTransformerFamilyConfig> {
    return this.current;
  }

  get vocabulary(): readonly string[] {
    return this.current.familyConfig.tokens ?? cifTokenVocabulary().tokens;
  }

  /** Replaces the config and builds fresh weights of its shape from its seed, freeing the old weights and optimiser. */
  private adopt(config: ModelConfig<CifTransformerFamilyConfig>): void {
    validateCifTransformerConfig(config);
    this.dispose();
    this.current = config;
    this.net = new DecoderTransformer(config.familyConfig.transformer, config.seed);
  }

  get shape(): { nLayers: number; nHeads: number; contextLength: number } {
    const t = this.current.familyConfig.transformer;
    return { nLayers: t.nLayers, nHeads: t.nHeads, contextLength: t.contextLength };
  }

  // ---------------------------------------------------------------------------------------------- training
  async train(data: TrainingData, options: TrainOptions = {}): Promise<TrainReport> {
    const entry = this.current; // the config a data-parallel worker starts from
    const { name, split, structures } = namedTrainingData(data);
    checkOptions(this.family.trainSettings, options.settings, "cif-transformer training setting");
    if (options.initFrom) throw new ModelRequestError("initFrom", "cif-transformer models do not fine-tune yet; continue a run with resume");
    if (structures.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    const backend = (await initBackend()).name;
    await initSymmetry();
    const f = this.current.familyConfig;
    const { sequences: full, source, stats } = trainingSequences(structures, f.transformer.contextLength, f.symprec);
    if (full.length === 0) throw new ModelRequestError("contextLength", `dataset ${name}: no crystal's canonical CIF fits the context of ${f.transformer.contextLength} tokens (longest ${stats.maxTokens})`);
    const run = resolveTrainSettings(options, CIF_TRAIN_SETTINGS, this.current.seed, full.length);
    let start = { startStep: 0, priorSeconds: 0, lastLoss: null as number | null };
    if (options.resume) {
      const saved = savedRun(options, this.family, this.current);
      this.adopt(saved.config as ModelConfig<CifTransformerFamilyConfig>);
      this.optimizer = initOptimizerState(this.net.paramMap());
      loadTrainState(saved.dir, saved.state, this.net.paramMap(), this.optimizer);
      start = resumedStart(this.current, run);
    } else {
      const elements = [...new Set(structures.flatMap((s) => Array.from(s.species)))].sort((a, b) => a - b);
      const tokens = modelVocabulary(full);
      this.adopt({ ...this.current, elements, familyConfig: { ...f, sequenceStats: stats, tokens, transformer: { ...f.transformer, vocabSize: tokens.length } } });
      this.optimizer = initOptimizerState(this.net.paramMap());
    }
    const vocabulary = this.vocabulary;
    const sequences = full.map((ids) => localIds(ids, vocabulary, "data"));
    const task: TrainTask<Batch> = {
      params: this.net.paramMap(),
      numExamples: sequences.length,
      prepare: ({ indices: idx }) => {
        const { tokens, mask, T } = paddedBatch(idx.map((i) => sequences[i]!));
        return { tokens: tf.tensor2d(tokens, [idx.length, T], "int32"), mask: tf.tensor2d(mask, [idx.length, T], "int32") };
      },
      loss: (b) => this.net.loss(b.tokens, b.mask, true),
      dispose: (b) => tf.dispose([b.tokens, b.mask]),
      describe: (idx) => idx.map((i) => String(structures[source[i]!]!.properties?.["id"] ?? `#${source[i]}`)),
    };
    return runTraining({
      task, optimizer: this.optimizer, settings: run, start, options, backend,
      data: { name, split, count: structures.length },
      record: (training: TrainingRecord) => (this.current = { ...this.current, training }),
      save: (dir) => this.save(dir),
      replica: { family: this.family.name, config: entry, data },
    });
  }

  // ---------------------------------------------------------------------------------------------- sampling
  /** Runs `f` with the network that samples: the EMA weights while training state is held, else the loaded weights. */
  private withSamplingNet<T>(f: (net: DecoderTransformer) => T): T {
    if (!this.optimizer) return f(this.net);
    const net = new DecoderTransformer(this.current.familyConfig.transformer, this.current.seed);
    try {
      net.assignWeights(this.optimizer.ema);
      return f(net);
    } finally {
      net.dispose();
    }
  }

  private checkTrained(): void {
    if (this.current.familyConfig.sequenceStats === null) throw new ModelConfigError("this cif-transformer model has not been trained: it has nothing to sample from");
  }

  /** Prompt ids of a species list, refusing elements the model never saw in training. */
  private prompt(spec: PromptSpec, where: string): Int32Array {
    const seen = this.current.elements;
    if (spec.species && seen) {
      for (const z of Array.from(spec.species)) if (!seen.includes(z)) throw new ModelRequestError("compositions", `${where}: element ${elementSymbol(z)} never appears in this model's training data`);
    }
    return promptIds(spec, this.vocabulary, this.current.familyConfig.transformer.contextLength, where);
  }

  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.current);
    this.checkTrained();
    const s = req.settings;
    const sampling: TokenSampling = {
      temperature: (s.temperature as number | undefined) ?? 1, maxNewTokens: this.current.familyConfig.transformer.contextLength, seed: req.seed,
      ...(s.topK !== undefined ? { topK: s.topK as number } : {}), ...(s.topP !== undefined ? { topP: s.topP as number } : {}),
    };
    checkTokenSampling(sampling);
    const maxAttempts = (s.maxAttempts as number | undefined) ?? 1;
    const specs: PromptSpec[] = req.task === "csp"
      ? req.compositions.map((species) => ({ species, ...(request.spaceGroup !== undefined ? { spaceGroup: request.spaceGroup } : {}) }))
      : Array.from({ length: req.n }, () => ({ species: null, ...(request.spaceGroup !== undefined ? { spaceGroup: request.spaceGroup } : {}) }));
    const prompts = specs.map((p, i) => this.prompt(p, req.task === "csp" ? `composition ${i}` : "de novo prompt"));
    await initBackend();
    await initSymmetry();
    const eos = specialIds().eos;
    const f = this.current.familyConfig;
    const results: (Structure | null)[] = specs.map(() => null);
    const lastParsed: ({ structure: Structure; text: string; spaceGroup?: number } | null)[] = specs.map(() => null);
    const rejected = specs.map(() => Object.fromEntries(CIF_REJECTIONS.map((r) => [r, 0])) as Record<CifRejection, number>);
    const attempts = specs.map(() => 0);
    const lastText = specs.map(() => "");
    let pending = specs.map((_, i) => i);
    for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt++) {
      const cell = s.cellGrammar === true, bond = cell || s.bondGrammar === true, sites = bond || s.siteGrammar === true;
      const grammar = s.formulaGrammar === true || sites
        ? { allowedTokens: formulaGrammar(this.vocabulary, { sites, cell, contextLength: f.transformer.contextLength, ...(bond ? { minBondRatio: f.bondLength.minRatio, clearance: s.clearance === "every" ? "every" as const : "z" as const } : {}) }) }
        : {};
      const out = this.withSamplingNet((net) => generate(net, pending.map((i) => prompts[i]!), { ...sampling, seed: mixSeed(req.seed, attempt) }, { eosId: eos, batchSize: Math.min(req.batchSize, MAX_DECODE_BATCH), streams: pending, ...grammar }));
      pending.forEach((i, k) => {
        attempts[i] = attempt;
        const ids = out[k]!;
        const complete = ids[ids.length - 1] === eos;
        const text = idsText(ids, this.vocabulary);
        lastText[i] = text;
        const checked = checkGeneratedCif(text, complete, { species: specs[i]!.species, symprec: f.symprec, bondLength: f.bondLength });
        const props = (accepted: boolean, spaceGroup: number | undefined) => ({
          cif_text: text, attempts: attempt, accepted, ...(spaceGroup !== undefined ? { spaceGroup } : {}),
          ...Object.fromEntries(CIF_REJECTIONS.map((r) => [`rejected_${r}`, rejected[i]![r]])),
        });
        if (checked.rejection === null) results[i] = { ...checked.structure!, properties: props(true, checked.spaceGroup) };
        else {
          rejected[i]![checked.rejection] += 1;
          // A CSP crystal must keep the prompt's composition: a draw read with another formula is not kept for it.
          if (checked.structure && (checked.rejection !== "formula" || specs[i]!.species === null)) lastParsed[i] = { structure: checked.structure, text, ...(checked.spaceGroup !== undefined ? { spaceGroup: checked.spaceGroup } : {}) };
        }
      });
      pending = pending.filter((i) => results[i] === null);
      request.onProgress?.(specs.length - pending.length, specs.length);
    }
    return results.map((r, i) => {
      if (r) return r;
      const last = lastParsed[i];
      const properties = {
        cif_text: last?.text ?? lastText[i]!, attempts: attempts[i]!, accepted: false, failed: !last, ...(last?.spaceGroup !== undefined ? { spaceGroup: last.spaceGroup } : {}),
        ...Object.fromEntries(CIF_REJECTIONS.map((reason) => [`rejected_${reason}`, rejected[i]![reason]])),
      };
      return last ? { ...last.structure, properties } : failedSampleMarker(specs[i]!.species ?? [this.current.elements![0]!], properties);
    });
  }

  // ---------------------------------------------------------------------------------------------- the token view
  encodeStructure(structure: Structure): Int32Array {
    return localIds(textIds(canonicalCif(structure, this.current.familyConfig.symprec)), this.vocabulary, "structure");
  }

  promptTokens(prompt: TokenPrompt): Int32Array {
    if (prompt.spaceGroup !== undefined && !(Number.isInteger(prompt.spaceGroup) && prompt.spaceGroup >= 1 && prompt.spaceGroup <= 230))
      throw new ModelRequestError("spaceGroup", `spaceGroup must be an integer in 1–230 (got ${prompt.spaceGroup})`);
    return this.prompt({ species: promptSpecies(prompt), ...(prompt.spaceGroup !== undefined ? { spaceGroup: prompt.spaceGroup } : {}) }, "prompt");
  }

  generateTokens(prompts: readonly Int32Array[], settings: TokenSamplerSettings = {}, onStep?: (step: GenerationStep) => void): Int32Array[] {
    this.checkTrained();
    const sampling: TokenSampling = {
      temperature: settings.temperature ?? 1, maxNewTokens: this.current.familyConfig.transformer.contextLength, seed: settings.seed ?? 0,
      ...(settings.topK !== undefined ? { topK: settings.topK } : {}), ...(settings.topP !== undefined ? { topP: settings.topP } : {}),
    };
    return this.withSamplingNet((net) => generate(net, prompts, sampling, { eosId: specialIds().eos, batchSize: MAX_DECODE_BATCH, ...(onStep ? { onStep } : {}) }));
  }

  decodeTokens(tokens: Int32Array, prompt: TokenPrompt = {}): DecodedTokens {
    const f = this.current.familyConfig;
    const text = idsText(tokens, this.vocabulary);
    const checked = checkGeneratedCif(text, tokens[tokens.length - 1] === specialIds().eos, { species: promptSpecies(prompt), symprec: f.symprec, bondLength: f.bondLength });
    return { text, structure: checked.structure, rejection: checked.rejection };
  }

  attention(tokens: Int32Array, layer: number, head: number): Float32Array {
    return this.withSamplingNet((net) => net.attention(tokens, layer, head));
  }

  // ---------------------------------------------------------------------------------------------- checkpoints
  async save(dir: string): Promise<void> {
    const state = saveState(dir, this.net.paramMap(), this.optimizer);
    writeCheckpoint(dir, this.current, state);
  }

  async load(dir: string): Promise<void> {
    const saved = readCheckpoint(dir, this.family);
    if (!saved.state) throw new ModelConfigError(`checkpoint ${dir}: saved without weights`);
    const config = saved.config as ModelConfig<CifTransformerFamilyConfig>;
    validateCifTransformerConfig(config);
    const net = loadDecoderTransformer(dir, saved.state, config.familyConfig.transformer, config.seed);
    this.dispose();
    this.net = net;
    this.current = config;
  }

  dispose(): void {
    if (this.optimizer) disposeParams(new Map(), this.optimizer);
    this.optimizer = null;
    this.net.dispose();
  }
}

/**
 * The crystal returned for a request none of whose draws could be read (or, for CSP, read with the prompt's formula):
 * the species all at the origin of a cubic cell of edge 0.1 Å, property `failed: true` (`cif_text`: the last draw). Its cell is implausible and its
 * atoms overlap, so CSP evaluation counts it unmatched (implausible-cell gate) and de novo evaluation structurally
 * invalid: a failed draw stays a failure in every metric.
 */
function failedSampleMarker(species: ArrayLike<number>, properties: Record<string, string | number | boolean>): Structure {
  return makeStructure({ lattice: latticeFromParameters(0.1, 0.1, 0.1, 90, 90, 90), species: Array.from(species), fracCoords: new Array<number>(3 * species.length).fill(0), properties });
}

/** The species of a token prompt's composition (null without one). @throws ModelRequestError for a bad formula */
function promptSpecies(prompt: TokenPrompt): number[] | null {
  if (prompt.composition === undefined) return null;
  if (typeof prompt.composition !== "string") return Array.from(prompt.composition);
  try {
    return speciesFromFormula(prompt.composition);
  } catch (e) {
    if (e instanceof FormulaError) throw new ModelRequestError("compositions", e.message);
    throw e;
  }
}

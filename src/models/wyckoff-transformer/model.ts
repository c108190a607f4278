// The Wyckoff transformer (WyFormer / CrystalFormer style): a decoder-only transformer over Wyckoff sequences, trained
// by next-token cross-entropy through the shared loop and sampled under the grammar mask; every sample is built by the
// structure-from-Wyckoff builder, so it has its space group's symmetry by construction.
import * as tf from "@tensorflow/tfjs";
import { primitiveCell } from "../../crystal/primitive.js";
import { type Structure, withStructure, wrapFracCoords } from "../../crystal/structure.js";
import { wyckoffRepresentation, type WyckoffRepresentation } from "../../representations/wyckoff.js";
import { initBackend } from "../backend/index.js";
import { readCheckpoint, writeCheckpoint } from "../common/checkpoint-format.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { DEFAULT_TRAIN_SETTINGS, describeTrainingData, namedTrainingData, resolveTrainSettings, runTraining, resumedStart, savedRun } from "../common/training-run.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { TrainSettings, TrainTask } from "../training/loop.js";
import { type OptimizerState, initOptimizerState } from "../training/optimizer.js";
import { disposeParams, loadTrainState, saveState } from "../training/state-io.js";
import { DecoderTransformer, generate, loadDecoderTransformer } from "../transformer/index.js";
import type { GenerativeModel, ModelConfig, SampleRequest, TrainOptions, TrainReport, TrainingData, TrainingRecord } from "../types.js";
import { type WyckoffFamilyConfig, validateWyckoffConfig } from "./config.js";
import { allowedTokens } from "./grammar.js";
import { samplePlan } from "./prompts.js";
import { encodeWyckoff, structureFromSequence } from "./sequence.js";
import { EOS, PAD, fitBinning } from "./vocabulary.js";

/** Training defaults: batches of 32 sequences, Adam 1e-3 with 100 warm-up steps and cosine decay, clip 1, EMA 0.995. */
export const WYCKOFF_TRAIN_SETTINGS: TrainSettings = {
  ...DEFAULT_TRAIN_SETTINGS, batchSize: 32, lr: 1e-3, schedule: { kind: "cosine", warmupSteps: 100, lrMin: 1e-5 }, adam: { ...DEFAULT_TRAIN_SETTINGS.adam, emaDecay: 0.995 },
};

/** One batch: tokens [B, T] (PAD after EOS) and the loss mask over the targets (1 from position 1 to the EOS). */
interface SequenceBatch {
  tokens: tf.Tensor2D;
  mask: tf.Tensor2D;
}

/** The Wyckoff transformer (family `wyckoff-transformer`, task gen or csp). */
export class WyckoffTransformer implements GenerativeModel {
  private current: ModelConfig<WyckoffFamilyConfig>;
  private net: DecoderTransformer | null = null;
  private optimizer: OptimizerState | null = null;

  constructor(readonly family: ModelFamily, config: ModelConfig<WyckoffFamilyConfig>) {
    validateWyckoffConfig(config);
    this.current = config;
  }

  /** The model's config (replaced, never mutated, by training and loading). */
  get config(): ModelConfig<WyckoffFamilyConfig> {
    return this.current;
  }

  // ---------------------------------------------------------------------------------------------- training
  /**
   * Trains on the data's Wyckoff sequences (crystals whose sequence is longer than the context, or whose symmetry
   * analysis fails, are left out and counted in familyConfig.skipped).
   * @throws ModelRequestError for initFrom (not supported) or data with no usable crystal
   */
  async train(data: TrainingData, options: TrainOptions = {}): Promise<TrainReport> {
    const entry = this.current; // the config a data-parallel worker starts from
    const { name, split, structures } = namedTrainingData(data);
    checkOptions(this.family.trainSettings, options.settings, "wyckoff-transformer training setting");
    if (options.initFrom) throw new ModelRequestError("initFrom", "wyckoff-transformer models do not fine-tune; continue a run with resume");
    const backend = (await initBackend()).name;
    const run = resolveTrainSettings(options, WYCKOFF_TRAIN_SETTINGS, this.current.seed, Math.max(1, structures.length));
    let start = { startStep: 0, priorSeconds: 0, lastLoss: null as number | null };
    const reps = structures.map((s) => analysed(s, this.current.familyConfig.symprec));
    if (options.resume) {
      const saved = savedRun(options, this.family, this.current);
      this.adopt(saved.config as ModelConfig<WyckoffFamilyConfig>);
      loadTrainState(saved.dir, saved.state, this.net!.paramMap(), this.optimizer!);
      start = resumedStart(this.current, run);
    } else {
      const ok = reps.filter((r): r is WyckoffRepresentation => r !== null);
      if (ok.length === 0) throw new ModelRequestError("data", `dataset ${name}: no crystal has a Wyckoff representation`);
      const binning = fitBinning(ok.flatMap((r) => [r.lattice.a, r.lattice.b, r.lattice.c]), ok.flatMap((r) => [r.lattice.alpha, r.lattice.beta, r.lattice.gamma]));
      const maxCellAtoms = Math.max(...ok.map((r) => r.sites.reduce((n, s) => n + s.multiplicity, 0)));
      const described = describeTrainingData(structures, Math.max(this.current.maxAtoms, ...structures.map((s) => s.species.length)));
      this.adopt({ ...this.current, ...described, familyConfig: { ...this.current.familyConfig, binning, maxCellAtoms } });
    }
    const context = this.current.familyConfig.transformer.contextLength;
    const sequences = reps.flatMap((r, i) => {
      const t = r && encodeWyckoff(r, this.current.familyConfig.binning);
      return t && t.length <= context ? [{ tokens: t, id: String(structures[i]!.properties?.["id"] ?? `#${i}`) }] : [];
    });
    if (sequences.length === 0) throw new ModelRequestError("data", `dataset ${name}: no crystal's sequence fits the context of ${context} tokens`);
    this.current = { ...this.current, familyConfig: { ...this.current.familyConfig, skipped: structures.length - sequences.length } };
    const task: TrainTask<SequenceBatch> = {
      params: this.net!.paramMap(),
      numExamples: sequences.length,
      prepare: ({ indices }) => sequenceBatch(indices.map((i) => sequences[i]!.tokens)),
      loss: (b) => this.net!.loss(b.tokens, b.mask, true),
      dispose: (b) => tf.dispose([b.tokens, b.mask]),
      describe: (indices) => indices.map((i) => sequences[i]!.id),
    };
    return runTraining({
      task, optimizer: this.optimizer!, settings: run, start, options, backend,
      data: { name, split, count: structures.length },
      record: (training: TrainingRecord) => (this.current = { ...this.current, training }),
      save: (dir) => this.save(dir),
      replica: { family: this.family.name, config: entry, data },
    });
  }

  /** Replaces the config and builds fresh weights and optimiser state from its seed, freeing the old ones. */
  private adopt(config: ModelConfig<WyckoffFamilyConfig>): void {
    validateWyckoffConfig(config);
    this.dispose();
    this.current = config;
    this.net = new DecoderTransformer(config.familyConfig.transformer, config.seed);
    this.optimizer = initOptimizerState(this.net.paramMap());
  }

  // ---------------------------------------------------------------------------------------------- sampling
  /**
   * Crystals drawn token by token under the grammar mask: de novo (n, optionally in `spaceGroup`) or CSP (one per
   * composition, any number of formula units the grammar allows). Each sample is the primitive cell of the built
   * crystal, with properties `spaceGroup` (the generated token) and `wyckoff` (e.g. "Sr:1b Ti:1a O:3d").
   * @throws ModelRequestError before any work for an untrained model, an unknown element, a composition no Wyckoff
   * combination holds, or one whose sequence cannot fit the context
   */
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.current);
    if (!this.net || this.current.familyConfig.maxCellAtoms === null) throw new ModelConfigError("this wyckoff-transformer model has not been trained: it has nothing to sample from");
    const plan = samplePlan(req, request.spaceGroup, this.current);
    await initBackend();
    const s = req.settings;
    const sampling = {
      temperature: (s.temperature as number | undefined) ?? 1, ...(s.topK !== undefined ? { topK: s.topK as number } : {}), ...(s.topP !== undefined ? { topP: s.topP as number } : {}),
      maxNewTokens: this.current.familyConfig.transformer.contextLength, seed: req.seed,
    };
    const net = this.samplingNet();
    let done = 0;
    try {
      const sequences = generate(net, plan.prompts, sampling, {
        eosId: EOS, batchSize: req.batchSize,
        allowedTokens: (i, prefix) => allowedTokens(prefix, plan.constraints[i]!),
        onStep: (step) => {
          if (step.token === EOS) request.onProgress?.(++done, plan.prompts.length);
        },
      });
      return sequences.map((t) => primitiveSample(structureFromSequence(t, this.current.familyConfig.binning)));
    } finally {
      if (net !== this.net) net.dispose();
    }
  }

  /** The network to sample with: the EMA weights (a copy while training state is held; after load, the loaded ones). */
  private samplingNet(): DecoderTransformer {
    if (!this.optimizer) return this.net!;
    const copy = new DecoderTransformer(this.current.familyConfig.transformer, this.current.seed);
    for (const [k, v] of this.optimizer.ema) copy.params[k]!.assign(v);
    return copy;
  }

  // ---------------------------------------------------------------------------------------------- checkpoints
  async save(dir: string): Promise<void> {
    if (!this.net) throw new ModelConfigError("this wyckoff-transformer model has not been trained: there are no weights to save");
    writeCheckpoint(dir, this.current, saveState(dir, this.net.paramMap(), this.optimizer));
  }

  async load(dir: string): Promise<void> {
    const { config, state } = readCheckpoint(dir, this.family);
    const saved = config as ModelConfig<WyckoffFamilyConfig>;
    validateWyckoffConfig(saved);
    if (saved.familyConfig.maxCellAtoms === null) throw new ModelConfigError(`checkpoint ${dir}: saved before training`);
    await initBackend();
    if (!state) throw new ModelConfigError(`checkpoint ${dir}: saved without weights`);
    const net = loadDecoderTransformer(dir, state, saved.familyConfig.transformer, saved.seed);
    this.dispose();
    this.current = saved;
    this.net = net;
  }

  dispose(): void {
    if (this.net) disposeParams(this.net.paramMap(), this.optimizer);
    this.net = null;
    this.optimizer = null;
  }
}

/** The Wyckoff representation of a training crystal, or null when its symmetry analysis fails. */
function analysed(s: Structure, symprec: number): WyckoffRepresentation | null {
  try {
    return wyckoffRepresentation(s, { symprec });
  } catch {
    return null;
  }
}

/** Sequences padded with PAD to the longest, and the loss mask of their targets (positions 1 … EOS). */
function sequenceBatch(sequences: readonly Int32Array[]): SequenceBatch {
  const B = sequences.length, T = Math.max(...sequences.map((s) => s.length));
  const tokens = new Int32Array(B * T).fill(PAD);
  const mask = new Float32Array(B * T);
  sequences.forEach((s, b) => {
    tokens.set(s, b * T);
    mask.fill(1, b * T + 1, b * T + s.length);
  });
  return { tokens: tf.tensor2d(tokens, [B, T], "int32"), mask: tf.tensor2d(mask, [B, T]) };
}

/** The Niggli-reduced primitive cell of a built conventional cell (coordinates in [0, 1)), keeping its properties. */
function primitiveSample(conventional: Structure): Structure {
  const p = primitiveCell(conventional, { tolerance: 0.01 });
  return withStructure(p, { fracCoords: wrapFracCoords(p.fracCoords), properties: { ...conventional.properties } });
}

// The GFlowNet model: a forward policy over the crystal construction trained with trajectory balance against the
// configured reward. Each step of the shared loop draws a batch of trajectories from the current policy (with ε-uniform
// exploration) and computes their rewards (asynchronously: the predictor); with several threads each draws its share.
import { isAbsolute, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { element } from "../../crystal/elements.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { packageRoot } from "../../kernel-helpers/package-root.js";
import { rng } from "../../util/random.js";
import { initBackend } from "../backend/index.js";
import { readCheckpoint, writeCheckpoint } from "../common/checkpoint-format.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { DEFAULT_TRAIN_SETTINGS, type RunStart, namedTrainingData, resolveTrainSettings, resumedStart, runTraining, savedRun } from "../common/training-run.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { loadModel } from "../load-model.js";
import { checkOptions } from "../options-schema.js";
import { fitVolumeFactor } from "../random-symmetric/atomic-volume.js";
import { spaceGroupHistogram } from "../random-symmetric/space-group-histogram.js";
import type { ModelFamily } from "../registry.js";
import { type TrainSettings, type TrainTask, shardRange } from "../training/loop.js";
import { type OptimizerState, type ParamMap, initOptimizerState } from "../training/optimizer.js";
import { mixSeed } from "../training/schedule.js";
import { disposeParams, loadFreshWeights, loadTrainState, saveState } from "../training/state-io.js";
import { type GenerativeModel, type ModelConfig, type PropertyPredictor, type SampleRequest, type TrainOptions, type TrainReport, type TrainingData, type TrainingRecord, isPropertyPredictor } from "../types.js";
import { type GflowNetEnvironmentBlock, type GflowNetFamilyConfig, validateGflowNetConfig } from "./config.js";
import { CrystalEnvironment, type CrystalState, INITIAL_STATE } from "./environment.js";
import { encodingSize } from "./encoding.js";
import { LOG_Z_SCALE, type PolicyShape, initPolicyParams } from "./policy.js";
import { CrystalReward, type LogRewardFunction, type RewardedCrystal } from "./reward.js";
import { type TrajectoryBatch, disposeTrajectoryBatch, trajectoryBalanceLoss, trajectoryBatch, trajectoryLogProbability } from "./trajectory-balance.js";
import { type Trajectory, sampleTrajectories } from "./trajectories.js";

/**
 * Default training: Adam 1e-3, cosine to 1e-5 after 20 warm-up steps, 64 trajectories a step, 10 epochs; the gradient
 * is clipped only at norm 100 (the rare high-reward trajectories carry the largest gradients, and clipping at 1 would
 * shrink exactly those steps) and the EMA decay is 0.99 (the policy moves fast early on).
 */
const GFLOWNET_TRAIN_SETTINGS = {
  ...DEFAULT_TRAIN_SETTINGS, epochs: 10, batchSize: 64, schedule: { kind: "cosine" as const, warmupSteps: 20, lrMin: 1e-5 }, adam: { ...DEFAULT_TRAIN_SETTINGS.adam, clipNorm: 100, emaDecay: 0.99 },
};
/** Default ε of the ε-uniform exploration in training. */
const DEFAULT_EXPLORATION = 0.05;
/** Default trajectories drawn per requested crystal before sampling gives up on realising one. */
const DEFAULT_REDRAWS = 20;

/** A GFlowNet over space group → composition → lattice parameters (Crystal-GFN). */
export class GflowNetModel implements GenerativeModel {
  private current: ModelConfig<GflowNetFamilyConfig>;
  private params: ParamMap | null = null;
  private optimizer: OptimizerState | null = null;
  private predictor: PropertyPredictor | null = null;
  private customReward: LogRewardFunction | null = null;
  private rewardCache: { key: string; reward: CrystalReward } | null = null;

  constructor(readonly family: ModelFamily, config: ModelConfig) {
    validateGflowNetConfig(config);
    this.current = config;
    if (config.familyConfig.environment) this.params = initPolicyParams(policyShape(config), config.seed);
  }

  /** The model's config (replaced, never mutated, by training and loading). */
  get config(): ModelConfig<GflowNetFamilyConfig> {
    return this.current;
  }

  /** The construction environment of the trained model. @throws ModelRequestError before training */
  environment(): CrystalEnvironment {
    const e = this.current.familyConfig.environment;
    if (!e) throw new ModelRequestError("n", "this gflownet model has not been trained: train it on a split (its space groups and elements) first");
    return environmentOf(e, this.current);
  }

  /**
   * Replaces the reward by a user function of terminal states (log R in nats) for training and the `reward` property
   * of samples, in this session only (null restores the configured reward). For tests and notebooks.
   */
  setRewardFunction(fn: LogRewardFunction | null): void {
    this.customReward = fn;
    this.rewardCache = null;
  }

  /**
   * Trains the policy by trajectory balance. The data fix the environment (its space groups, elements, numbers of
   * distinct elements) and the packing factor; an epoch is as many sampled trajectories as there are training crystals.
   * With workers N > 1, each thread draws its share of every batch from its own stream.
   * @throws ModelConfigError for fine-tuning (initFrom), empty data, a predictor that cannot be loaded, or workers > 1
   * with a reward set by setRewardFunction
   */
  async train(data: TrainingData, requested: TrainOptions = {}): Promise<TrainReport> {
    // Each rank draws its own trajectories, so the run depends on the thread count: one thread unless workers is given.
    const options: TrainOptions = { ...requested, workers: requested.workers ?? 1 };
    const entry = this.current; // the config a data-parallel worker starts from
    const { name, split, structures } = namedTrainingData(data);
    const settings = checkOptions(this.family.trainSettings, options.settings, "gflownet training setting");
    if (structures.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    if (options.initFrom) throw new ModelConfigError("gflownet models do not fine-tune (initFrom): train anew or resume");
    if (this.customReward && options.workers! > 1) throw new ModelConfigError("a reward set with setRewardFunction cannot reach worker threads: train with workers 1");
    const backend = (await initBackend()).name;
    const run = resolveTrainSettings(options, GFLOWNET_TRAIN_SETTINGS, this.current.seed, structures.length);
    const start = await this.startRun(structures, options, run, settings.predictorRoot as string | undefined);
    const env = this.environment();
    const reward = await this.reward(env, settings.predictorRoot as string | undefined);
    const exploration = (settings.exploration as number | undefined) ?? DEFAULT_EXPLORATION;
    const layers = this.current.familyConfig.layers;
    if (!options.resume) await this.initialiseLogZ(env, reward, run.batchSize, run.seed);
    let current: Trajectory[] = [];
    const task: TrainTask<TrajectoryBatch & { share: number }> = {
      params: this.params!,
      numExamples: structures.length,
      // A step's trajectories come from the policy as it stands: rank r of R draws its share of the batch from its own
      // stream (one rank: the stream of the step alone).
      prepare: async (shard) => {
        const [from, to] = shardRange(run.batchSize, shard.rank, shard.ranks);
        const random = rng(shard.ranks === 1 ? mixSeed(run.seed, 3, shard.step) : mixSeed(run.seed, 3, shard.step, shard.rank));
        current = sampleTrajectories(env, this.params!, layers, to - from, random, { exploration });
        const logRewards = await reward.logRewards(current.map((t) => t.terminal));
        return { ...trajectoryBatch(current, logRewards), share: (to - from) / run.batchSize };
      },
      // The loss is a mean over trajectories: a shard's mean weighs by its share of the batch.
      exactShards: true,
      loss: (b) => (b.share === 1 ? trajectoryBalanceLoss(this.params!, layers, b) : tf.mul(trajectoryBalanceLoss(this.params!, layers, b), b.share) as tf.Scalar),
      dispose: disposeTrajectoryBatch,
      describe: () => current.map((t) => describeState(env, t.terminal)),
    };
    return runTraining({
      task, optimizer: this.optimizer!, settings: run, start, options, backend,
      data: { name, split, count: structures.length },
      record: (training: TrainingRecord) => (this.current = { ...this.current, training }),
      save: (d) => this.save(d),
      replica: { family: this.family.name, config: entry, data },
    });
  }

  /** Resumes the run in options.checkpointDir (its config, weights, optimiser and settings) or starts anew on the data's environment. */
  private async startRun(structures: readonly Structure[], options: TrainOptions, run: TrainSettings, predictorRoot: string | undefined): Promise<RunStart> {
    if (!options.resume) {
      const environment = this.environmentBlock(structures, await this.loadedPredictor(predictorRoot));
      this.current = { ...this.current, elements: environment.elements, familyConfig: { ...this.current.familyConfig, environment, volumeFactor: fitVolumeFactor(structures) } };
      this.resetWeights();
      return { startStep: 0, priorSeconds: 0, lastLoss: null };
    }
    const saved = savedRun(options, this.family, this.current);
    validateGflowNetConfig(saved.config);
    if (!saved.config.familyConfig.environment) throw new ModelConfigError(`checkpoint ${saved.dir}: saved without its environment`);
    this.current = saved.config;
    this.resetWeights();
    loadTrainState(saved.dir, saved.state, this.params!, this.optimizer!);
    return resumedStart(this.current, run);
  }

  /** Sets log Z to the batch mean of log R − Σ log P_F of a first batch (the value minimising its TB loss). */
  private async initialiseLogZ(env: CrystalEnvironment, reward: CrystalReward, batchSize: number, seed: number): Promise<void> {
    const trajectories = sampleTrajectories(env, this.params!, this.current.familyConfig.layers, batchSize, rng(mixSeed(seed, 4)));
    const batch = trajectoryBatch(trajectories, await reward.logRewards(trajectories.map((t) => t.terminal)));
    tf.tidy(() => {
      const gap = tf.mean(batch.logReward.sub(trajectoryLogProbability(this.params!, this.current.familyConfig.layers, batch)));
      this.params!.get("logZ")!.assign(gap.div(LOG_Z_SCALE).reshape([1]));
    });
    disposeTrajectoryBatch(batch);
  }

  /**
   * n crystals: constructions drawn from the policy (EMA weights), realised; a construction that cannot be realised is
   * replaced by a new draw (at most `redraws` draws per crystal). Properties: `reward`, `log_reward`,
   * `predicted_formation_energy_per_atom` (eV/atom; NaN for the atom-count reward), `spaceGroup`, `wyckoff`,
   * `formulaUnits`, `lattice_bins`. Seeded.
   * @throws ModelRequestError before any work for an untrained model or a space group outside the training groups (or
   * one where no composition fits); ModelConfigError for a missing predictor; ModelRequestError (field "redraws") when too many draws fail to realise
   */
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.current);
    const env = this.environment();
    const groups = env.spec.spaceGroups.filter((_, i) => env.mask(INITIAL_STATE)[i]);
    if (request.spaceGroup !== undefined && !groups.includes(request.spaceGroup))
      throw new ModelRequestError("spaceGroup", `space group ${request.spaceGroup} is not among this model's groups (training groups where a composition of at most ${this.current.maxAtoms} atoms fits: ${groups.slice(0, 12).join(", ")}${groups.length > 12 ? ", …" : ""})`);
    const reward = await this.reward(env, req.settings.predictorRoot as string | undefined);
    const redraws = (req.settings.redraws as number | undefined) ?? DEFAULT_REDRAWS;
    const random = rng(req.seed);
    const out: Structure[] = [];
    let draws = 0;
    while (out.length < req.n) {
      const want = req.n - out.length;
      if (draws + want > req.n * redraws) throw new ModelRequestError("redraws", `only ${out.length} of ${req.n} constructions could be realised after ${draws} draws (redraws ${redraws} per crystal); raise redraws or realiseAttempts`);
      draws += want;
      const states = this.constructions(env, want, random, request.spaceGroup);
      for (const [i, r] of (await reward.evaluate(states)).entries()) if (r.crystal) out.push(sampleCrystal(env, states[i]!, r));
      request.onProgress?.(out.length, req.n);
    }
    return out;
  }

  /**
   * n terminal constructions drawn from the policy (EMA weights), or uniformly over the valid actions at every step
   * (`uniform`: the random-construction baseline of the same environment), with their realised crystals and rewards.
   */
  async sampleConstructions(n: number, seed: number, options: { uniform?: boolean; predictorRoot?: string } = {}): Promise<{ states: CrystalState[]; rewards: RewardedCrystal[] }> {
    const env = this.environment();
    const reward = await this.reward(env, options.predictorRoot);
    const states = options.uniform
      ? sampleTrajectories(env, this.params!, 0, n, rng(seed), { uniform: true }).map((t) => t.terminal)
      : this.constructions(env, n, rng(seed));
    return { states, rewards: await reward.evaluate(states) };
  }

  private constructions(env: CrystalEnvironment, n: number, random: ReturnType<typeof rng>, spaceGroup?: number): CrystalState[] {
    const weights = this.optimizer ? this.optimizer.ema : this.params!;
    return sampleTrajectories(env, weights, this.current.familyConfig.layers, n, random, spaceGroup === undefined ? {} : { spaceGroup }).map((t) => t.terminal);
  }

  /** The reward of the environment, loading the predictor (once) for the energy rewards. */
  private async reward(env: CrystalEnvironment, predictorRoot: string | undefined): Promise<CrystalReward> {
    const b = this.current.familyConfig;
    const key = `${predictorRoot ?? ""}|${JSON.stringify(env.spec)}|${b.volumeFactor}`;
    if (this.rewardCache?.key === key) return this.rewardCache.reward;
    const reward = new CrystalReward(env, b, this.current.seed, await this.loadedPredictor(predictorRoot), this.customReward);
    this.rewardCache = { key, reward };
    return reward;
  }

  /** The predictor of the energy rewards, loaded once (null for the atom-count reward). */
  private async loadedPredictor(root: string | undefined): Promise<PropertyPredictor | null> {
    const b = this.current.familyConfig;
    if (b.reward !== "atom-count" && !this.predictor) this.predictor = await loadPredictor(b.predictor, root);
    return this.predictor;
  }

  /** The environment block of training data: its space groups, elements (with covalent radii and, for the energy rewards, in the predictor's domain) and element counts. */
  private environmentBlock(structures: readonly Structure[], predictor: PropertyPredictor | null): GflowNetEnvironmentBlock {
    const groups = spaceGroupHistogram(structures).map(([g]) => g);
    const elements = new Set<number>();
    const distinct = structures.map((s) => new Set(s.species).size);
    for (const s of structures) s.species.forEach((z) => elements.add(z));
    const known = new Set(predictor?.config.elements ?? elements);
    const usable = [...elements].filter((z) => Number.isFinite(element(z).covalentRadius) && known.has(z)).sort((a, b) => a - b);
    if (groups.length === 0 || usable.length === 0) throw new ModelConfigError("gflownet: the training data has no crystal whose space group is detected or no element with a covalent radius");
    return { spaceGroups: groups, elements: usable, minElements: Math.min(...distinct), maxElements: Math.max(...distinct) };
  }

  /** Fresh weights and optimiser state for the current config. */
  private resetWeights(): void {
    this.disposeWeights();
    this.params = initPolicyParams(policyShape(this.current), this.current.seed);
    this.optimizer = initOptimizerState(this.params);
    this.rewardCache = null;
  }

  async save(dir: string): Promise<void> {
    if (!this.params) throw new ModelConfigError("an untrained gflownet model has no weights to save: train it first");
    writeCheckpoint(dir, this.current, saveState(dir, this.params, this.optimizer));
  }

  async load(dir: string): Promise<void> {
    const { config, state } = readCheckpoint(dir, this.family);
    validateGflowNetConfig(config);
    if (!config.familyConfig.environment) throw new ModelConfigError(`checkpoint ${dir}: saved before training (no environment)`);
    await initBackend();
    const fresh = loadFreshWeights(dir, state, () => initPolicyParams(policyShape(config), config.seed));
    this.disposeWeights();
    this.params = fresh;
    this.current = config;
    this.rewardCache = null;
  }

  private disposeWeights(): void {
    if (this.params) disposeParams(this.params, this.optimizer);
    this.params = null;
    this.optimizer = null;
  }

  dispose(): void {
    this.disposeWeights();
    this.predictor?.dispose();
    this.predictor = null;
    this.rewardCache = null;
  }
}

/** The policy network's shape of a trained config. */
function policyShape(config: ModelConfig<GflowNetFamilyConfig>): PolicyShape {
  const env = environmentOf(config.familyConfig.environment!, config);
  return { inputs: encodingSize(env), hidden: config.familyConfig.hidden, layers: config.familyConfig.layers, actions: env.layout.size };
}

/** The environment of a trained config's block. */
function environmentOf(e: GflowNetEnvironmentBlock, config: ModelConfig<GflowNetFamilyConfig>): CrystalEnvironment {
  const b = config.familyConfig;
  return new CrystalEnvironment({ ...e, maxAtoms: config.maxAtoms, lengths: b.lengths, angles: b.angles });
}

/**
 * The predictor checkpoint: an absolute path as it is, a relative one under `root` (default: the package root).
 * @throws ModelConfigError when it is missing or not a property predictor
 */
async function loadPredictor(path: string, root: string | undefined): Promise<PropertyPredictor> {
  const dir = isAbsolute(path) ? path : join(root ?? packageRoot(), path);
  const model = await loadModel(dir).catch((e: unknown) => {
    throw new ModelConfigError(`gflownet: the reward's predictor ${dir} cannot be loaded (${(e as Error).message}); pass the predictorRoot setting or train with reward atom-count`);
  });
  if (!isPropertyPredictor(model)) {
    model.dispose();
    throw new ModelConfigError(`gflownet: ${dir} holds a ${model.config.family} model, not a property predictor`);
  }
  return model;
}

/** A terminal state as text: group, formula and lattice bins (for messages). */
export function describeState(env: CrystalEnvironment, state: CrystalState): string {
  return `SG${state.spaceGroup} ${env.counts(state).map(([z, n]) => `${element(z).symbol}${n}`).join("")} [${state.latticeBins.join(",")}]`;
}

function sampleCrystal(env: CrystalEnvironment, state: CrystalState, r: RewardedCrystal): Structure {
  const c = r.crystal!;
  return makeStructure({
    ...c,
    properties: { ...c.properties, reward: Math.exp(r.logReward), log_reward: r.logReward, predicted_formation_energy_per_atom: r.energy, spaceGroup: state.spaceGroup!, lattice_bins: state.latticeBins.join(",") },
  });
}

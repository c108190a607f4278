// The interface every generative model family implements (design.md): train, sample, save, load, config.
import type { Structure } from "../crystal/structure.js";
import type { OptionValue } from "./options-schema.js";
import type { WorkerMemory } from "./training/data-parallel.js";
import type { StepInfo, TrainSettings } from "./training/loop.js";

/**
 * What a model is asked to do: "csp" (crystal structure prediction: composition given → lattice + coordinates), "gen"
 * (de novo: atom types generated too), or a family's own task (e.g. "reconstruct").
 */
export type ModelTask = "csp" | "gen" | (string & {});

/** A dataset to train on: a loaded Dataset ({name, split, structures}) or plain structures. */
export type TrainingData = { readonly name: string; readonly split: string; readonly structures: readonly Structure[] } | readonly Structure[];

/** Options of GenerativeModel.train that every family shares; `settings` holds the family's own (its train schema). */
export interface TrainOptions {
  epochs?: number;
  batchSize?: number;
  /** Peak learning rate. */
  lr?: number;
  seed?: number;
  /** Write checkpoints here every `checkpointEvery` steps and at the end (atomic, resumable). */
  checkpointDir?: string;
  checkpointEvery?: number;
  /** Continue the run saved in checkpointDir (same data and settings) instead of starting anew. */
  resume?: boolean;
  /**
   * Fine-tune: start from the weights and data statistics of the checkpoint in this directory — same family, task and
   * architecture — with a fresh optimiser and this call's schedule. Not with `resume`.
   */
  initFrom?: string;
  /** The family's training settings (checked against its train schema), e.g. `{ typeLossWeight: 20 }`. */
  settings?: Readonly<Record<string, OptionValue>>;
  /** Return after this many steps in this call. */
  stopAfterSteps?: number;
  /** Stop after the current step when this returns true (e.g. a wall-clock budget). */
  shouldStop?: () => boolean;
  onStep?: (info: StepInfo) => void;
  onProgress?: (done: number, total: number) => void;
  /**
   * Threads training data-parallel (this one and workers − 1 worker threads, each computing its share of every batch);
   * default: the CRYSTAL_WORKERS environment variable, else the number of cores; at most the batch size. A gan (its
   * critic reads the spread of each thread's share of a batch) and a gflownet (each thread draws its own trajectories)
   * make runs that depend on the thread count: they train on one thread unless workers is given.
   */
  workers?: number;
}

/** What a training call did. */
export interface TrainReport {
  stepsDone: number;
  totalSteps: number;
  /** Loss of each step run in this call. */
  losses: number[];
  /** Wall-clock seconds of this call. */
  wallSeconds: number;
  backend: string;
  /** Memory of each worker thread at the end of a data-parallel call (absent when the call ran on one thread). */
  workers?: readonly WorkerMemory[];
}

/** A property target for classifier-free guidance. */
export interface PropertyTarget {
  property: string;
  value: number;
}

/**
 * Trajectory recording: called with the chunk's current crystals (Å, fractional coordinates wrapped to [0, 1)) at
 * normalised time `time` (0 = the prior, 1 = the data); `first` is the index of the chunk's first crystal in the request.
 */
export type TrajectoryCallback = (time: number, crystals: Structure[], first: number) => void;

/**
 * What to generate: the task, what is fixed (compositions, atom counts, space group) and what is targeted (a property,
 * guidance), plus the family's sampler settings. A model refuses, before any work, a field it cannot honour.
 */
export interface SampleRequest {
  /** Default: "csp" when `compositions` is given, else "gen". */
  task?: ModelTask;
  /** CSP: one crystal per entry, as a formula ("SrTiO3", "Ca(OH)2") or atomic numbers. */
  compositions?: readonly (string | ArrayLike<number>)[];
  /** CSP: the known cell volume (Å³) of each composition, for baselines that use it. */
  cellVolumes?: readonly number[];
  /** De novo: how many crystals. */
  n?: number;
  /** De novo: fix the number of atoms of every crystal (default: drawn from the training distribution). */
  numAtoms?: number;
  /** Space-group number (1–230) every crystal must have (families that generate symmetry first). */
  spaceGroup?: number;
  /** Target property value (the model must be conditioned on it). */
  target?: PropertyTarget;
  /** Classifier-free guidance scale s: ε = ε_uncond + s (ε_cond − ε_uncond); 1 = plain conditional. */
  guidance?: number;
  /** The family's sampler settings (checked against its sample schema), e.g. `{ steps: 100 }`, `{ temperature: 0.8 }`. */
  settings?: Readonly<Record<string, OptionValue>>;
  seed?: number;
  /** Crystals generated together (memory vs speed). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  onTrajectory?: TrajectoryCallback;
}

/** The request fields a family may or may not honour (task, seed, settings and onProgress every model reads). */
export type RequestField = "compositions" | "cellVolumes" | "n" | "numAtoms" | "spaceGroup" | "target" | "guidance" | "batchSize" | "onTrajectory";

/** Training provenance stored in a checkpoint. */
export interface TrainingRecord {
  dataset: string;
  split: string;
  count: number;
  /** The loop's settings (absent for baselines, which do not optimise). */
  settings?: TrainSettings;
  stepsDone: number;
  totalSteps: number;
  wallSeconds: number;
  backend: string;
  lastLoss: number | null;
  /** The run this one fine-tuned (TrainOptions.initFrom): its directory, and the steps and wall time (s) of all runs before this one. */
  initFrom?: { checkpoint: string; stepsDone: number; wallSeconds: number };
}

/** Classifier-free guidance on one scalar property (normalised by the training mean and std). */
export interface ConditionSpec {
  property: string;
  mean: number;
  std: number;
  /** Probability of dropping the condition in training. */
  dropProb: number;
}

/**
 * A model's configuration, stored as config.json in checkpoints: a family-independent part plus one block owned and
 * typed by the family (`familyConfig`). Version 2; version-1 files are migrated on load.
 */
export interface ModelConfig<B = unknown> {
  readonly format: "crystal-workbench-model";
  readonly version: 2;
  /** Name of the registered family. */
  readonly family: string;
  /** The tasks this model can do. */
  readonly tasks: readonly ModelTask[];
  /** Largest number of atoms per crystal accepted. */
  readonly maxAtoms: number;
  /** Seed of the weight initialisation. */
  readonly seed: number;
  /** Atomic numbers seen in training (de novo samples draw only these). */
  readonly elements?: readonly number[];
  /** Histogram of atoms per crystal in the training data (index = number of atoms). */
  readonly numAtomsCounts?: readonly number[];
  readonly condition?: ConditionSpec;
  readonly training?: TrainingRecord;
  /** The family's own block (architecture, schedules, data statistics). */
  readonly familyConfig: B;
}

/** One predicted property value and its uncertainty (the property's unit). */
export interface PropertyPrediction {
  /** Predicted value (ensemble mean). */
  readonly value: number;
  /** Uncertainty: standard deviation over the ensemble members (0 for a single deterministic model). */
  readonly std: number;
}

/** Options of PropertyPredictor.predict. */
export interface PredictOptions {
  /** Crystals per forward pass (memory vs speed). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A trained or trainable generative model of crystals. */
export interface GenerativeModel {
  readonly config: ModelConfig;
  /** Trains on the data (sample-only baselines record it); see TrainOptions. */
  train(data: TrainingData, options?: TrainOptions): Promise<TrainReport>;
  /** Generates crystals; a request field or setting the model cannot honour is refused before work (ModelRequestError). */
  sample(request: SampleRequest): Promise<Structure[]>;
  /** Writes a checkpoint directory (config.json and the family's files), atomically. */
  save(dir: string): Promise<void>;
  /** Replaces this model's state by a checkpoint of the same family. @throws ModelConfigError otherwise */
  load(dir: string): Promise<void>;
  /** Frees the TF.js weights. */
  dispose(): void;
}

/**
 * A model of the "predict" task: a property of given crystals (a crystal-graph network, a composition baseline). It is
 * registered, trained, saved and loaded like every family; `sample` refuses (it generates nothing).
 */
export interface PropertyPredictor extends GenerativeModel {
  /** The dataset column it predicts (e.g. "heat_ref", "formation_energy_per_atom"). */
  readonly property: string;
  /**
   * Predictions in input order.
   * @throws ModelRequestError naming the crystal (index and id) when one has more atoms than the model takes or an
   * element the model never saw in training
   */
  predict(structures: readonly Structure[], options?: PredictOptions): Promise<PropertyPrediction[]>;
}

/** True when a model predicts a property (it has the "predict" task and a `predict` method). */
export function isPropertyPredictor(model: GenerativeModel): model is PropertyPredictor {
  return model.config.tasks.includes("predict") && typeof (model as Partial<PropertyPredictor>).predict === "function";
}

/** A crystal's place in a latent space: the posterior mean and log-variance of q(z | crystal) and the property head's value there. */
export interface LatentEncoding {
  readonly mean: readonly number[];
  readonly logVar: readonly number[];
  /** The property head's prediction at the mean (the property's unit), or null for a model without a property head. */
  readonly property: number | null;
}

/** Options of LatentModel.decode. */
export interface DecodeOptions {
  seed?: number;
  /** The family's sampler settings (checked against its sample schema). */
  settings?: Readonly<Record<string, OptionValue>>;
  /** Fix the number of atoms of every decoded crystal (default: the atom-count head's choice). */
  numAtoms?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A generative model with a latent space (a variational autoencoder): crystals are encoded to latent vectors and latent
 * vectors decoded to crystals; a property head on the latent space gives values and gradients for optimisation.
 */
export interface LatentModel extends GenerativeModel {
  readonly latentDim: number;
  /** The dataset column the property head predicts, or null. */
  readonly latentProperty: string | null;
  /**
   * Encodes crystals (input order).
   * @throws ModelRequestError naming the crystal (index and id) when one has more atoms than the model takes or an
   * element the model never saw in training
   */
  encode(structures: readonly Structure[], options?: PredictOptions): Promise<LatentEncoding[]>;
  /** Decodes latent vectors (each latentDim long) to crystals. @throws ModelRequestError for a vector of another length */
  decode(latents: readonly (readonly number[])[], options?: DecodeOptions): Promise<Structure[]>;
  /**
   * The property head's values (the property's unit) at latent vectors and their gradients with respect to z.
   * @throws ModelRequestError when the model has no property head
   */
  latentPropertyGradient(latents: readonly (readonly number[])[]): { values: number[]; gradients: number[][] };
}

/** True when a model has a latent space (the "reconstruct" task and an `encode` method). */
export function isLatentModel(model: GenerativeModel): model is LatentModel {
  return model.config.tasks.includes("reconstruct") && typeof (model as Partial<LatentModel>).encode === "function";
}

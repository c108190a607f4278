// The interface every generative model family implements (design.md): train, sample, save, load, config.
import type { Structure } from "../crystal/structure.js";
import type { CspnetConfig } from "./cspnet/config.js";
import type { LatticeParamStats } from "./flowmm/lattice-params.js";
import type { StepInfo, TrainSettings } from "./training/loop.js";

/** A dataset to train on: a loaded Dataset ({name, split, structures}) or plain structures. */
export type TrainingData = { readonly name: string; readonly split: string; readonly structures: readonly Structure[] } | readonly Structure[];

/** Options of GenerativeModel.train. Missing values come from the model's defaults. */
export interface ModelTrainOptions {
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
   * Fine-tune: start from the weights (EMA) and data statistics of the checkpoint in this directory — same family, task
   * and architecture — with a fresh optimiser and this call's schedule. Not with `resume`.
   */
  initFrom?: string;
  /**
   * Weight of the atom-type loss for this run (de novo models), overriding the config's. For a fresh run or a fine-tune;
   * a resumed run keeps its own weight.
   */
  typeLossWeight?: number;
  /** Return after this many steps in this call. */
  stopAfterSteps?: number;
  /** Stop after the current step when this returns true (e.g. a wall-clock budget). */
  shouldStop?: () => boolean;
  onStep?: (info: StepInfo) => void;
  onProgress?: (done: number, total: number) => void;
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
}

/** A property target for classifier-free guidance. */
export interface PropertyTarget {
  property: string;
  value: number;
}

/** What to generate: fixed parts (compositions or atom counts) and targets (property, guidance). */
export interface SampleRequest {
  /** Crystal structure prediction: one crystal per entry, as a formula ("SrTiO3", "Sr2Ti2O6") or atomic numbers. */
  compositions?: readonly (string | ArrayLike<number>)[];
  /** De novo: how many crystals. */
  n?: number;
  /** De novo: fix the number of atoms of every crystal (default: drawn from the training distribution). */
  numAtoms?: number;
  /** Target property value (the model must be conditioned on it). */
  target?: PropertyTarget;
  /** Classifier-free guidance scale s: ε = ε_uncond + s (ε_cond − ε_uncond); 1 = plain conditional. */
  guidance?: number;
  /** Sampling steps (diffusion: ≤ timesteps; flow: Euler steps). */
  steps?: number;
  seed?: number;
  /** Crystals denoised together (memory vs speed). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Trajectory recording: called before every denoiser evaluation with the chunk's current noisy crystals (Å, fractional
   * coordinates wrapped to [0, 1)); `time` is the diffusion step t (T … 1) or 1000 × the flow time; `first` is the index
   * of the chunk's first crystal in the request. Costs one device read per evaluation.
   */
  onIntermediate?: (time: number, crystals: Structure[], first: number) => void;
}

/** Training provenance stored in a checkpoint. */
export interface TrainingRecord {
  dataset: string;
  split: string;
  count: number;
  settings: TrainSettings;
  stepsDone: number;
  totalSteps: number;
  wallSeconds: number;
  backend: string;
  lastLoss: number | null;
  /** The run this one fine-tuned (ModelTrainOptions.initFrom): its directory, and the steps and wall time (s) of all runs before this one. */
  initFrom?: { checkpoint: string; stepsDone: number; wallSeconds: number };
}

/** Family-independent model configuration (stored as config.json in checkpoints). */
export interface ModelConfig {
  format: "crystal-workbench-model";
  version: 1;
  family: "diffcsp" | "flowmm";
  /** "csp": composition given → lattice + coordinates; "gen": de novo (atom types generated too). */
  task: "csp" | "gen";
  network: CspnetConfig;
  /** Largest number of atoms per crystal accepted. */
  maxAtoms: number;
  /** Seed of the weight initialisation. */
  seed: number;
  /** DiffCSP: timesteps T, wrapped-normal σ range, corrector step size, type-loss weight, clip of predicted lattice entries (Å; 1.5× the training maximum). */
  diffusion?: { timesteps: number; sigmaBegin: number; sigmaEnd: number; stepLr: number; typeLossWeight: number; latticeClip?: number };
  /**
   * FlowMM: default number of Euler steps, type-loss weight, inference anti-annealing s′ of the coordinate velocity
   * (scaled by 1 + s′t; absent = 0), standardisation of the lattice parameters (lattice-params.ts).
   */
  flow?: { steps: number; typeLossWeight: number; antiAnneal?: number; latticeStats: LatticeParamStats };
  /** Classifier-free guidance on one scalar property (normalised by the training mean and std). */
  condition?: { property: string; mean: number; std: number; dropProb: number };
  /** Histogram of atoms per crystal in the training data (index = number of atoms). */
  numAtomsCounts?: number[];
  /** Atomic numbers seen in training (de novo samples draw only these). */
  elements?: number[];
  training?: TrainingRecord;
}

/** A trained or trainable generative model of crystals. */
export interface GenerativeModel {
  readonly config: ModelConfig;
  train(data: TrainingData, options?: ModelTrainOptions): Promise<TrainReport>;
  sample(request: SampleRequest): Promise<Structure[]>;
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  /** Frees the TF.js weights. */
  dispose(): void;
}

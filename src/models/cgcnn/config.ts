// The CGCNN family's config block: the network's sizes, the graph's cutoff and neighbour limit, the ensemble size, and
// the target (property, unit, training mean and std).
import { ModelConfigError } from "../errors.js";
import type { PredictorTarget } from "../common/property-predictor.js";
import type { OptionSchema, OptionValues } from "../options-schema.js";
import type { ModelConfig } from "../types.js";

/** Sizes of one CGCNN network (every ensemble member has the same). */
export interface CgcnnNetwork {
  /** Width of the atom features. */
  readonly hidden: number;
  /** Gated graph convolutions. */
  readonly layers: number;
  /** Neighbour radius (Å); also the last centre of the Gaussian distance expansion. */
  readonly cutoff: number;
  /** At most this many nearest neighbour images per atom. */
  readonly maxNeighbours: number;
  /** Gaussian centres on [0, cutoff] (their spacing is the Gaussians' width). */
  readonly gaussians: number;
  /** Independently initialised networks of the deep ensemble. */
  readonly members: number;
  /** Embedding rows: atomic numbers 0 … numTypes − 1. */
  readonly numTypes: number;
}

/** The CGCNN config block: the network and the target. */
export interface CgcnnFamilyConfig extends PredictorTarget {
  readonly network: CgcnnNetwork;
}

/** Embedding rows: Z ≤ 103, the elements with Magpie descriptors. */
export const CGCNN_NUM_TYPES = 104;

/** Create options of the cgcnn family. */
export const CGCNN_CREATE_OPTIONS: OptionSchema = {
  property: { type: "string", help: "dataset column to predict (required), e.g. heat_ref, formation_energy_per_atom" },
  hidden: { type: "integer", min: 1, default: 64, help: "atom feature width" },
  layers: { type: "integer", min: 1, default: 3, help: "gated graph convolutions" },
  cutoff: { type: "number", min: 1, default: 8, help: "neighbour radius (Å)" },
  maxNeighbours: { type: "integer", min: 1, default: 12, help: "nearest neighbour images kept per atom" },
  gaussians: { type: "integer", min: 2, default: 41, help: "Gaussian distance centres on [0, cutoff] (width = spacing)" },
  members: { type: "integer", min: 1, default: 3, help: "ensemble members (uncertainty = their std)" },
  maxAtoms: { type: "integer", min: 1, default: 200, help: "largest crystal (atoms) accepted" },
  seed: { type: "integer", default: 0, help: "weight initialisation seed (member m uses seed + m)" },
};

/** A new CGCNN config from checked create options. @throws ModelConfigError without `property` */
export function cgcnnConfig(o: OptionValues): ModelConfig<CgcnnFamilyConfig> {
  if (typeof o.property !== "string" || o.property === "") throw new ModelConfigError("cgcnn: the option property (the dataset column to predict) is required");
  const num = (k: string, d: number) => (o[k] as number | undefined) ?? d;
  return {
    format: "crystal-workbench-model", version: 2, family: "cgcnn", tasks: ["predict"], maxAtoms: num("maxAtoms", 200), seed: num("seed", 0),
    familyConfig: {
      property: o.property, targetMean: 0, targetStd: 1,
      network: { hidden: num("hidden", 64), layers: num("layers", 3), cutoff: num("cutoff", 8), maxNeighbours: num("maxNeighbours", 12), gaussians: num("gaussians", 41), members: num("members", 3), numTypes: CGCNN_NUM_TYPES },
    },
  };
}

/** The create options a config was made with. */
export function cgcnnOptionsOf(config: ModelConfig): OptionValues {
  const b = config.familyConfig as CgcnnFamilyConfig;
  const { numTypes: _n, ...network } = b.network;
  return { property: b.property, ...network, maxAtoms: config.maxAtoms, seed: config.seed };
}

/** @throws ModelConfigError when a config's CGCNN block is incomplete */
export function validateCgcnnConfig(config: ModelConfig): asserts config is ModelConfig<CgcnnFamilyConfig> {
  const b = config.familyConfig as Partial<CgcnnFamilyConfig> | undefined;
  const n = b?.network;
  const ok = b && typeof b.property === "string" && Number.isFinite(b.targetMean) && Number.isFinite(b.targetStd) && n &&
    [n.hidden, n.layers, n.maxNeighbours, n.gaussians, n.members, n.numTypes].every((x) => Number.isInteger(x) && x >= 1) && n.cutoff > 0 && n.gaussians >= 2;
  if (!ok) throw new ModelConfigError(`cgcnn config: familyConfig must hold property, targetMean, targetStd and the network sizes (got ${JSON.stringify(b)})`);
}

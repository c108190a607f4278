// The hyper-parameters of a pretrained matgl M3GNet model, read from matgl's own model.json.
import { readFileSync } from "node:fs";
import { atomicNumber } from "../../crystal/elements.js";
import { ModelConfigError } from "../errors.js";

/** What an M3GNet checkpoint predicts: a total energy (a potential) or an intensive property (formation energy). */
export type M3gnetKind = "potential" | "intensive";

/** Architecture and output scaling of one pretrained M3GNet. */
export interface M3gnetConfig {
  readonly kind: M3gnetKind;
  /** Atomic numbers of the embeddable elements, in matgl's element_types order (row i of the embedding). */
  readonly elements: readonly number[];
  /** Graph cutoff (Å). */
  readonly cutoff: number;
  /** Three-body cutoff (Å). */
  readonly threebodyCutoff: number;
  readonly maxN: number;
  readonly maxL: number;
  readonly nblocks: number;
  readonly units: number;
  /** Output = std · network + mean (eV for a potential, eV/atom for a formation energy). */
  readonly outputMean: number;
  readonly outputStd: number;
  /** Set2set iterations and LSTM layers (intensive models). */
  readonly set2setIterations: number;
  readonly set2setLayers: number;
}

interface MatglInitArgs {
  element_types: string[];
  cutoff: number;
  threebody_cutoff: number;
  max_n: number;
  max_l: number;
  nblocks: number;
  units: number;
  is_intensive: boolean;
  readout_type: string;
  rbf_type: string;
  use_smooth: boolean;
  use_phi: boolean;
  include_state: boolean;
  niters_set2set: number;
  nlayers_set2set: number;
}

function scalarTensor(text: unknown, what: string): number {
  const m = /^tensor\(\s*([-+0-9.eE]+)/.exec(String(text));
  if (!m) throw new ModelConfigError(`model.json: cannot read ${what} from ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/**
 * The config of a matgl M3GNet `Potential` (total energy) or `TransformedTargetModel` (intensive target) model.json.
 * @throws ModelConfigError for another model class or an architecture option this port does not implement.
 */
export function readM3gnetConfig(path: string): M3gnetConfig {
  let json: { "@class"?: string; kwargs?: Record<string, unknown> };
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as typeof json;
  } catch (e) {
    throw new ModelConfigError(`${path}: not a readable model.json (${(e as Error).message})`);
  }
  const kwargs = json.kwargs ?? {};
  const model = kwargs["model"] as { "@class"?: string; init_args?: MatglInitArgs } | undefined;
  if (model?.["@class"] !== "M3GNet" || !model.init_args) throw new ModelConfigError(`${path}: not an M3GNet model`);
  const a = model.init_args;
  const unsupported = [
    a.rbf_type !== "SphericalBessel" && `rbf_type ${a.rbf_type}`, a.use_smooth && "use_smooth", a.use_phi && "use_phi", a.include_state && "include_state",
  ].filter(Boolean);
  if (unsupported.length) throw new ModelConfigError(`${path}: options not implemented: ${unsupported.join(", ")}`);
  const common = {
    elements: a.element_types.map((s) => atomicNumber(s)), cutoff: a.cutoff, threebodyCutoff: a.threebody_cutoff, maxN: a.max_n, maxL: a.max_l,
    nblocks: a.nblocks, units: a.units, set2setIterations: a.niters_set2set, set2setLayers: a.nlayers_set2set,
  };
  if (json["@class"] === "Potential") {
    if (a.is_intensive) throw new ModelConfigError(`${path}: a Potential must be extensive`);
    return { ...common, kind: "potential", outputMean: scalarTensor(kwargs["data_mean"], "data_mean"), outputStd: scalarTensor(kwargs["data_std"], "data_std") };
  }
  if (json["@class"] === "TransformedTargetModel") {
    if (!a.is_intensive || a.readout_type !== "set2set") throw new ModelConfigError(`${path}: only intensive set2set targets are implemented`);
    const m = /Mean=\s*([-+0-9.eE]+),\s*Std:\s*([-+0-9.eE]+)/.exec(String(kwargs["target_transformer"]));
    if (!m) throw new ModelConfigError(`${path}: cannot read the target normaliser ${JSON.stringify(kwargs["target_transformer"])}`);
    return { ...common, kind: "intensive", outputMean: Number(m[1]), outputStd: Number(m[2]) };
  }
  throw new ModelConfigError(`${path}: model class ${json["@class"]} is not supported`);
}

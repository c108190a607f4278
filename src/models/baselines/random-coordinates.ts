// The floor a CSP model must clear: a cubic cell of the target's volume with uniform random fractional coordinates.
import { latticeFromParameters } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import { rng } from "../../util/random.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { ModelRequestError } from "../errors.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig, SampleRequest } from "../types.js";
import { BaselineModel, baselineConfig } from "./baseline-model.js";

/** The random-coordinates baseline: sample-only, needs the targets' cell volumes (`cellVolumes`). */
export class RandomCoordinatesModel extends BaselineModel<Record<string, never>> {
  /** One guess per composition: its species, a cubic cell of its volume (Å³), uniform fractional coordinates. */
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.config);
    const volumes = request.cellVolumes;
    if (!volumes) throw new ModelRequestError("cellVolumes", "the random-coordinates baseline needs cellVolumes: the known cell volume (Å³) of each composition");
    const random = rng(req.seed);
    return req.compositions.map((species, i) => {
      const a = Math.cbrt(volumes[i]!);
      return makeStructure({ lattice: latticeFromParameters(a, a, a, 90, 90, 90), species, fracCoords: Array.from({ length: 3 * species.length }, () => random.next()) });
    });
  }
}

/** The random-coordinates baseline as a registered family (`xtal evaluate --baseline random`). */
export const RANDOM_COORDINATES_FAMILY: ModelFamily = {
  name: "random-coordinates",
  summary: "CSP floor: a cubic cell of the target's volume with uniform random fractional coordinates",
  tasks: ["csp"],
  requestFields: ["compositions", "cellVolumes"],
  createOptions: { seed: { type: "integer", default: 0, help: "recorded in the config (sampling takes the request's seed)" } },
  trainSettings: {},
  sampleSettings: {},
  baselineName: "random",
  create: (options = {}) => new RandomCoordinatesModel(RANDOM_COORDINATES_FAMILY, baselineConfig("random-coordinates", ["csp"], checkOptions(RANDOM_COORDINATES_FAMILY.createOptions, options, "random-coordinates option"), {})),
  fromConfig: (config) => new RandomCoordinatesModel(RANDOM_COORDINATES_FAMILY, config as ModelConfig<Record<string, never>>),
};

// The ceiling a de novo model is measured against: real crystals drawn from a data split, as if a perfect generator made
// them. "Training" keeps the pool; a checkpoint stores it in pool.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { latticeFromMatrix } from "../../crystal/lattice.js";
import { type PropertyValue, type Structure, makeStructure } from "../../crystal/structure.js";
import { rng, sampleIndices } from "../../util/random.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import { writeFileAtomic } from "../training/checkpoint.js";
import type { ModelConfig, SampleRequest } from "../types.js";
import { BaselineModel, baselineConfig } from "./baseline-model.js";

/** The data-draw baseline's config block: the pool's file (empty before training) and size. */
export interface DataDrawFamilyConfig {
  poolFile: string;
  poolSize: number;
}

type SavedCrystal = { lattice: number[]; species: number[]; fracCoords: number[]; properties?: Record<string, PropertyValue> };

/** The data-draw baseline: `train` keeps the pool, `sample({ n, seed })` draws n of its crystals without replacement. */
export class DataDrawModel extends BaselineModel<DataDrawFamilyConfig> {
  private pool: readonly Structure[] = [];

  protected override remember(structures: readonly Structure[]): void {
    this.pool = structures;
    this.current = { ...this.current, familyConfig: { poolFile: "pool.json", poolSize: structures.length } };
  }

  /** n crystals of the pool, uniformly without replacement, seeded. */
  async sample(request: SampleRequest): Promise<Structure[]> {
    const { n, seed } = checkSampleRequest(request, this.family, this.config);
    if (this.pool.length === 0) throw new ModelRequestError("n", "the data baseline has no pool: train it on a split first");
    if (n > this.pool.length) throw new ModelRequestError("n", `the data baseline draws 1–${this.pool.length} crystals from its pool (asked for ${n})`);
    return sampleIndices(this.pool.length, n, rng(seed)).map((i) => this.pool[i]!);
  }

  protected override saveFiles(dir: string): void {
    const crystals: SavedCrystal[] = this.pool.map((s) => ({ lattice: Array.from(s.lattice.matrix), species: Array.from(s.species), fracCoords: Array.from(s.fracCoords), ...(s.properties ? { properties: { ...s.properties } } : {}) }));
    writeFileAtomic(join(dir, "pool.json"), JSON.stringify(crystals));
  }

  protected override loadFiles(dir: string, config: ModelConfig<DataDrawFamilyConfig>): void {
    const { poolFile, poolSize } = config.familyConfig;
    if (!poolFile) {
      this.pool = [];
      return;
    }
    let crystals: SavedCrystal[];
    try {
      crystals = JSON.parse(readFileSync(join(dir, poolFile), "utf8")) as SavedCrystal[];
    } catch (e) {
      throw new ModelConfigError(`checkpoint ${dir}: ${poolFile} is missing or not JSON (${(e as Error).message})`);
    }
    if (crystals.length !== poolSize) throw new ModelConfigError(`checkpoint ${dir}: ${poolFile} holds ${crystals.length} crystals, config.json says ${poolSize}`);
    this.pool = crystals.map((c) => makeStructure({ lattice: latticeFromMatrix(c.lattice), species: c.species, fracCoords: c.fracCoords, ...(c.properties ? { properties: c.properties } : {}) }));
  }
}

/** The data-draw baseline as a registered family (`xtal evaluate --baseline data --from SPLIT`). */
export const DATA_DRAW_FAMILY: ModelFamily = {
  name: "data-draw",
  summary: "de novo ceiling: real crystals drawn from the split it was trained on",
  tasks: ["gen"],
  requestFields: ["n"],
  createOptions: { seed: { type: "integer", default: 0, help: "recorded in the config (sampling takes the request's seed)" } },
  trainSettings: {},
  sampleSettings: {},
  baselineName: "data",
  create: (options = {}) => new DataDrawModel(DATA_DRAW_FAMILY, baselineConfig("data-draw", ["gen"], checkOptions(DATA_DRAW_FAMILY.createOptions, options, "data-draw option"), { poolFile: "", poolSize: 0 })),
  fromConfig: (config) => new DataDrawModel(DATA_DRAW_FAMILY, config as ModelConfig<DataDrawFamilyConfig>),
};

// A property predictor whose answer is known exactly, for tests of code that takes any PropertyPredictor: it
// "predicts" the volume per atom (Å³) with an uncertainty (std) of 1 Å³, for the elements it saw in training.
import { mkdirSync } from "node:fs";
import { latticeVolume } from "../../src/crystal/lattice.js";
import type { Structure } from "../../src/crystal/structure.js";
import {
  type ModelConfig, type ModelFamily, type PropertyPrediction, type PropertyPredictor, type TrainingData, ModelRequestError, readCheckpoint, registerFamily, writeCheckpoint,
} from "../../src/models/index.js";

/** The exact prediction of the test predictor for one crystal. */
export const volumePerAtom = (s: Structure): number => latticeVolume(s.lattice) / s.species.length;

class VolumePredictor implements PropertyPredictor {
  readonly property = "volume_per_atom";
  constructor(public config: ModelConfig) {}
  async train(data: TrainingData) {
    const structures = "structures" in data ? data.structures : data;
    const elements = [...new Set(structures.flatMap((s) => Array.from(s.species)))].sort((a, b) => a - b);
    this.config = { ...this.config, elements };
    return { stepsDone: 0, totalSteps: 0, losses: [], wallSeconds: 0, backend: "none" };
  }
  async sample(): Promise<Structure[]> {
    throw new ModelRequestError("task", "a property predictor generates nothing: call predict()");
  }
  async predict(structures: readonly Structure[]): Promise<PropertyPrediction[]> {
    return structures.map((s, i) => {
      if (s.species.length > this.config.maxAtoms) throw new ModelRequestError("structures", `crystal ${i} has too many atoms`);
      return { value: volumePerAtom(s), std: 1 };
    });
  }
  async save(dir: string) {
    mkdirSync(dir, { recursive: true });
    writeCheckpoint(dir, this.config);
  }
  async load(dir: string) {
    this.config = readCheckpoint(dir, VOLUME_PREDICTOR_FAMILY).config;
  }
  dispose() {}
}

/** The test predictor as a family ("volume-predictor"), registered by registerVolumePredictor(). */
export const VOLUME_PREDICTOR_FAMILY: ModelFamily = {
  name: "volume-predictor",
  summary: "test predictor: volume per atom",
  tasks: ["predict"],
  requestFields: [],
  createOptions: { maxAtoms: { type: "integer", default: 20, help: "largest crystal" } },
  trainSettings: {},
  sampleSettings: {},
  create: (o = {}) => new VolumePredictor({ format: "crystal-workbench-model", version: 2, family: "volume-predictor", tasks: ["predict"], maxAtoms: (o.maxAtoms as number | undefined) ?? 20, seed: 0, familyConfig: {} }),
  fromConfig: (config) => new VolumePredictor(config),
};

/** Registers the test predictor (idempotent within a test file). */
export function registerVolumePredictor(): void {
  registerFamily(VOLUME_PREDICTOR_FAMILY, { replace: true });
}

// The composition-only baseline predictor: ridge regression on the standardised Magpie fingerprint, λ given or chosen
// by k-fold cross-validation on the training data. Deterministic: every prediction's std is 0. A checkpoint is
// config.json plus ridge.json (the feature scaling, weights and intercept).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Structure } from "../../crystal/structure.js";
import { BASELINE_MAX_ATOMS, BaselineModel } from "../baselines/baseline-model.js";
import { checkPredictable, propertyUnit, refuseSampling, targetColumn, targetStats } from "../common/property-predictor.js";
import { describeTrainingData, namedTrainingData } from "../common/training-run.js";
import { ModelConfigError } from "../errors.js";
import { type OptionValues, checkOptions } from "../options-schema.js";
import { writeFileAtomic } from "../training/checkpoint.js";
import type { ModelConfig, PredictOptions, PropertyPrediction, PropertyPredictor, SampleRequest, TrainOptions, TrainReport, TrainingData } from "../types.js";
import type { PredictorTarget } from "../common/property-predictor.js";
import { type FeatureScaling, fitScaling, rawFingerprints, scaleFingerprints } from "./features.js";
import { type LinearFit, chooseLambda, linearPredict, ridgeFit } from "../../util/ridge.js";

/** The λ grid searched by cross-validation when no lambda is given. */
export const LAMBDA_GRID: readonly number[] = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/** The composition-ridge config block. */
export interface CompositionRidgeConfig extends PredictorTarget {
  /** The penalty used (given, or chosen by cross-validation). */
  readonly lambda?: number;
  /** Cross-validation folds when λ is chosen. */
  readonly folds: number;
  /** When λ was chosen: the grid and each value's cross-validated MAE (target unit). */
  readonly lambdaSearch?: { readonly grid: readonly number[]; readonly cvMae: readonly number[] };
  /** The weights file ("" before training). */
  readonly weightsFile: string;
}

type Saved = { scaling: FeatureScaling; weights: number[]; intercept: number };

/** Ridge regression on Magpie composition fingerprints. */
export class CompositionRidgeModel extends BaselineModel<CompositionRidgeConfig> implements PropertyPredictor {
  private fit: LinearFit | null = null;
  private scaling: FeatureScaling | null = null;

  /** The dataset column predicted. */
  get property(): string {
    return this.current.familyConfig.property;
  }

  override async train(data: TrainingData, options: TrainOptions = {}): Promise<TrainReport> {
    const t0 = performance.now();
    const { name, split, structures: given } = namedTrainingData(data);
    const settings = checkOptions(this.family.trainSettings, options.settings, "composition-ridge training setting");
    if (given.length === 0) throw new ModelConfigError(`dataset ${name} has no structures`);
    const block = this.current.familyConfig;
    const column = targetColumn(given, block.property, name, settings.dropMissing === true);
    const raw = rawFingerprints(column.structures);
    this.scaling = fitScaling(raw);
    const X = scaleFingerprints(raw, this.scaling);
    const search = block.lambda === undefined ? chooseLambda(X, column.values, LAMBDA_GRID, block.folds, this.current.seed) : null;
    const lambda = search?.lambda ?? block.lambda!;
    this.fit = ridgeFit(X, column.values, lambda);
    const unit = propertyUnit(name, block.property);
    const wallSeconds = (performance.now() - t0) / 1000;
    this.current = {
      ...this.current, ...describeTrainingData(column.structures, this.current.maxAtoms),
      familyConfig: {
        ...block, ...targetStats(column.values), lambda, weightsFile: "ridge.json", ...(unit ? { unit } : {}), ...(column.dropped ? { dropped: column.dropped } : {}),
        ...(search ? { lambdaSearch: { grid: LAMBDA_GRID, cvMae: search.cvMae } } : {}),
      },
      training: { dataset: name, split, count: column.structures.length, stepsDone: 0, totalSteps: 0, wallSeconds, backend: "none", lastLoss: null },
    };
    if (options.checkpointDir) await this.save(options.checkpointDir);
    return { stepsDone: 0, totalSteps: 0, losses: [], wallSeconds, backend: "none" };
  }

  async predict(structures: readonly Structure[], options: PredictOptions = {}): Promise<PropertyPrediction[]> {
    checkPredictable(structures, this.current);
    if (!this.fit || !this.scaling) throw new ModelConfigError("composition-ridge: the model has no weights (train it or load a checkpoint)");
    const X = scaleFingerprints(rawFingerprints(structures), this.scaling);
    const out = Array.from({ length: X.n }, (_, r) => ({ value: linearPredict(this.fit!, X, r), std: 0 }));
    options.onProgress?.(out.length, out.length);
    return out;
  }

  async sample(_request: SampleRequest): Promise<Structure[]> {
    return refuseSampling();
  }

  protected override saveFiles(dir: string): void {
    if (!this.fit || !this.scaling) return;
    const saved: Saved = { scaling: this.scaling, weights: Array.from(this.fit.weights), intercept: this.fit.intercept };
    writeFileAtomic(join(dir, "ridge.json"), `${JSON.stringify(saved)}\n`);
  }

  protected override loadFiles(dir: string, config: ModelConfig<CompositionRidgeConfig>): void {
    const file = config.familyConfig.weightsFile;
    if (!file) {
      this.fit = this.scaling = null;
      return;
    }
    let saved: Saved;
    try {
      saved = JSON.parse(readFileSync(join(dir, file), "utf8")) as Saved;
    } catch (e) {
      throw new ModelConfigError(`checkpoint ${dir}: ${file} is missing or not JSON (${(e as Error).message})`);
    }
    const d = saved.weights?.length;
    if (!d || saved.scaling?.mean?.length !== d || saved.scaling?.std?.length !== d || !Number.isFinite(saved.intercept))
      throw new ModelConfigError(`checkpoint ${dir}: ${file} must hold the feature scaling, weights and intercept of one length`);
    this.scaling = saved.scaling;
    this.fit = { weights: Float64Array.from(saved.weights), intercept: saved.intercept };
  }
}

/** A new composition-ridge config from checked create options. @throws ModelConfigError without `property` */
export function compositionRidgeConfig(o: OptionValues): ModelConfig<CompositionRidgeConfig> {
  if (typeof o.property !== "string" || o.property === "") throw new ModelConfigError("composition-ridge: the option property (the dataset column to predict) is required");
  return {
    format: "crystal-workbench-model", version: 2, family: "composition-ridge", tasks: ["predict"], maxAtoms: BASELINE_MAX_ATOMS, seed: (o.seed as number | undefined) ?? 0,
    familyConfig: { property: o.property, targetMean: 0, targetStd: 1, folds: (o.folds as number | undefined) ?? 5, weightsFile: "", ...(o.lambda !== undefined ? { lambda: o.lambda as number } : {}) },
  };
}

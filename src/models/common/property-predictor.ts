// What the property-predictor families share: the target column of the training data (missing values refused or
// dropped), target standardisation, the refusal of crystals a model cannot take, the refusal of sampling, and the
// property's unit from the dataset registry.
import type { Structure } from "../../crystal/structure.js";
import { datasetSpec } from "../../datasets/registry.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import type { ModelConfig } from "../types.js";

/** The block every predictor family's config holds: what it predicts and the training statistics of the target. */
export interface PredictorTarget {
  /** The dataset column predicted. */
  readonly property: string;
  /** Its unit when the dataset registry knows it. */
  readonly unit?: string;
  /** Mean and standard deviation of the training targets (the network predicts (y − mean) / std). */
  readonly targetMean: number;
  readonly targetStd: number;
  /** Training crystals dropped because the property was missing (setting dropMissing). */
  readonly dropped?: number;
}

/** The training crystals that have a finite value of the property, with the values. */
export interface TargetColumn {
  readonly structures: Structure[];
  readonly values: Float64Array;
  /** Crystals without a finite value (dropped). */
  readonly dropped: number;
}

const idOf = (s: Structure, i: number) => String(s.properties?.["id"] ?? `#${i}`);

/**
 * The property column of training data. Crystals without a finite value are dropped when `dropMissing`, else refused.
 * @throws ModelConfigError naming the count and the first ids of the crystals without the value, or when none has it
 */
export function targetColumn(structures: readonly Structure[], property: string, dataName: string, dropMissing: boolean): TargetColumn {
  const kept: Structure[] = [];
  const values: number[] = [];
  const missing: string[] = [];
  structures.forEach((s, i) => {
    const v = s.properties?.[property];
    if (typeof v === "number" && Number.isFinite(v)) {
      kept.push(s);
      values.push(v);
    } else missing.push(idOf(s, i));
  });
  if (kept.length === 0) throw new ModelConfigError(`dataset ${dataName}: no crystal has a numeric "${property}" value`);
  if (missing.length > 0 && !dropMissing)
    throw new ModelConfigError(`dataset ${dataName}: ${missing.length} of ${structures.length} crystals have no finite "${property}" (first: ${missing.slice(0, 5).join(", ")}); pass the setting dropMissing to leave them out`);
  return { structures: kept, values: Float64Array.from(values), dropped: missing.length };
}

/** Mean and standard deviation (population; 1 when the values are constant) of training targets. */
export function targetStats(values: ArrayLike<number>): { targetMean: number; targetStd: number } {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]! / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i]! - mean) ** 2 / n;
  const std = Math.sqrt(v);
  return { targetMean: mean, targetStd: std > 1e-12 ? std : 1 };
}

/** The unit of a dataset column from the registry (datasets joined by "+" must agree), or undefined. */
export function propertyUnit(dataName: string, property: string): string | undefined {
  const units = new Set<string | undefined>();
  for (const name of dataName.split("+")) {
    try {
      units.add(datasetSpec(name).columns.find((c) => c.name === property)?.unit);
    } catch {
      units.add(undefined);
    }
  }
  return units.size === 1 ? [...units][0] : undefined;
}

/**
 * Refuses, before any work, crystals a predictor cannot take: more atoms than config.maxAtoms, no atoms, or an element
 * not seen in training (config.elements).
 * @throws ModelRequestError (field "structures") naming the crystal's index and id
 */
export function checkPredictable(structures: readonly Structure[], config: ModelConfig): void {
  const seen = new Set(config.elements ?? []);
  if (seen.size === 0) throw new ModelRequestError("structures", "this predictor has not been trained: train it or load a checkpoint first");
  structures.forEach((s, i) => {
    const where = `crystal ${i} (${idOf(s, i)})`;
    if (s.species.length === 0) throw new ModelRequestError("structures", `${where} has no atoms`);
    if (s.species.length > config.maxAtoms) throw new ModelRequestError("structures", `${where} has ${s.species.length} atoms; this model takes at most ${config.maxAtoms}`);
    const unseen = Array.from(s.species).find((z) => !seen.has(z));
    if (unseen !== undefined) throw new ModelRequestError("structures", `${where}: element Z=${unseen} was not in this model's training data`);
  });
}

/** The refusal of `sample` by a predictor. @throws ModelRequestError always (field "task") */
export function refuseSampling(): never {
  throw new ModelRequestError("task", "a property predictor generates nothing: call predict()");
}

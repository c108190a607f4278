// The plain data the screening pipeline takes and returns.
import type { Structure } from "../crystal/structure.js";

/** A predicted property value and its uncertainty (standard deviation), in the property's unit. */
export interface PredictedValue {
  readonly value: number;
  readonly std: number;
}

/** A property predictor as screening takes it: one prediction per crystal, in input order (e.g. a PropertyPredictor's predict). */
export type PropertyPredictorFn = (structures: readonly Structure[]) => Promise<readonly PredictedValue[]>;

/** The stages of screenCandidates, in order. */
export type ScreeningStage = "validity" | "charge_neutrality" | "prediction" | "criterion" | "uniqueness_novelty";

/**
 * The property criterion: exactly one of `below` / `above` (property unit). With `stdPenalty` k the score is
 * value + k·std for `below` (hit ⇔ score ≤ below) and value − k·std for `above` (hit ⇔ score ≥ above).
 */
export interface PropertyCriterion {
  readonly below?: number;
  readonly above?: number;
  /** k ≥ 0 (default 0). */
  readonly stdPenalty?: number;
}

/** What one stage kept and dropped, why, and its wall time. */
export interface StageReport {
  readonly stage: ScreeningStage;
  /** Candidates that entered the stage. */
  readonly input: number;
  readonly kept: number;
  readonly dropped: number;
  /** Dropped candidates per reason. */
  readonly reasons: Readonly<Record<string, number>>;
  /** Wall time (s). */
  readonly seconds: number;
}

/** One candidate's path through the pipeline (a table row). */
export interface ScreeningRow {
  readonly id: string;
  /** Reduced formula (pymatgen rules). */
  readonly formula: string;
  readonly nsites: number;
  /** The stage that dropped it; null for a hit. */
  readonly droppedAt: ScreeningStage | null;
  /** Why it was dropped (a validity or SMACT reason, "predictor_refused: …", "duplicate", "known" …); null for a hit. */
  readonly reason: string | null;
  /** Predicted value (property unit); null when not predicted. */
  readonly prediction: number | null;
  /** Its standard deviation; null when not predicted. */
  readonly std: number | null;
  /** The criterion's score (value ± k·std); null when not predicted. */
  readonly score: number | null;
  /** No match among the reference crystals; null when it did not reach that stage. */
  readonly novel: boolean | null;
  /** 1 for the best hit; null for a dropped candidate. */
  readonly rank: number | null;
}

/** The screening outcome: a row per candidate in input order, the hits ranked best first, and the stage reports. */
export interface ScreeningResult {
  readonly rows: readonly ScreeningRow[];
  readonly hits: readonly ScreeningRow[];
  /** The hits' crystals, same order as `hits`. */
  readonly hitStructures: readonly Structure[];
  readonly stages: readonly StageReport[];
}

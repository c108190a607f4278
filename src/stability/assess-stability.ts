// The whole stability pipeline for generated crystals: relax with a potential, predict the formation energy of the
// relaxed crystals, place them on the reference hull and judge uniqueness and novelty (the per-structure S.U.N. table).
import type { Structure } from "../crystal/structure.js";
import type { HullReferences } from "./hull-references.js";
import type { FormationEnergyModel, Potential } from "./potential.js";
import { type RelaxOptions, relaxStructures } from "./relax/relax-structures.js";
import type { RelaxResult } from "./relax/relax-result.js";
import { type GeneratedCrystal, type StabilityTable, type StabilityTableOptions, stabilityTable } from "./stability-table.js";

/** The stages of assessStability, in order, as its progress callback names them. */
export type StabilityStage = "relaxing" | "formation energies" | "hull, uniqueness and novelty";

/** Options of assessStability. */
export interface StabilityAssessmentOptions {
  /** Relaxation settings (fmax, maxSteps, fixedCell, batchSize, workers, chunkSize, trajectoryEvery …). */
  relax?: Omit<RelaxOptions, "onProgress">;
  /** Matcher settings of the table. */
  matcher?: StabilityTableOptions["matcher"];
  /** Progress per stage. */
  onProgress?: (stage: StabilityStage, done: number, total: number) => void;
}

/** The relaxations and the table of one assessment, in the order of the input crystals. */
export interface StabilityAssessment {
  readonly relaxations: readonly RelaxResult[];
  readonly table: StabilityTable;
}

/** Crystals formation energies are predicted for per call (progress is reported between calls). */
const PREDICT_CHUNK = 64;

/**
 * Relaxes `crystals` with `potential`, predicts the formation energy (eV/atom) of every relaxed crystal that converged
 * or ran out of steps with `formationEnergy` (refused and exploded crystals get none; a relaxed crystal the predictor
 * refuses gets none), and builds the S.U.N. table against `references` (the hull) and `training` (novelty).
 * @throws RangeError on bad relaxation options; whatever the models throw on evaluation.
 */
export async function assessStability(
  crystals: readonly { id: string; structure: Structure }[],
  potential: Potential,
  formationEnergy: FormationEnergyModel,
  references: HullReferences,
  training: readonly Structure[],
  options: StabilityAssessmentOptions = {},
): Promise<StabilityAssessment> {
  const report = (stage: StabilityStage) => (done: number, total: number) => options.onProgress?.(stage, done, total);
  const relaxations = await relaxStructures(potential, crystals.map((c) => c.structure), { ...options.relax, onProgress: report("relaxing") });
  const energies = new Array<number | null>(crystals.length).fill(null);
  const predictable = relaxations.flatMap((r, i) => ((r.status === "converged" || r.status === "not-converged") && formationEnergy.refusal(r.structure) === null ? [i] : []));
  for (let start = 0; start < predictable.length; start += PREDICT_CHUNK) {
    const idx = predictable.slice(start, start + PREDICT_CHUNK);
    const values = await formationEnergy.predict(idx.map((i) => relaxations[i]!.structure));
    idx.forEach((i, k) => (energies[i] = values[k]!));
    report("formation energies")(Math.min(start + PREDICT_CHUNK, predictable.length), predictable.length);
  }
  const rows: GeneratedCrystal[] = crystals.map((c, i) => {
    const r = relaxations[i]!;
    return { id: c.id, initial: c.structure, relaxed: r.energy === null ? null : r.structure, status: r.status, steps: r.steps, formationEnergyPerAtom: energies[i]! };
  });
  const table = stabilityTable(rows, references, training, { ...(options.matcher ? { matcher: options.matcher } : {}), onProgress: report("hull, uniqueness and novelty") });
  return { relaxations, table };
}

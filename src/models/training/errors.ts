// Error families of the models: bad inputs found before any work starts, and training that diverged.
import { CrystalError } from "../../crystal/errors.js";

/**
 * A model was asked to do something it cannot: a checkpoint of another model or a corrupt one, an unknown element,
 * too many atoms, a property it was not conditioned on, a dataset without the needed column. Thrown before work starts.
 */
export class ModelConfigError extends CrystalError {
  override name = "ModelConfigError";
}

/** Training produced a non-finite loss or gradient; names the step and the crystals of the offending batch. */
export class TrainingDivergedError extends CrystalError {
  override name = "TrainingDivergedError";
  constructor(readonly step: number, readonly batch: readonly string[], readonly what: string) {
    super(`training diverged at step ${step}: ${what} is not finite (batch: ${batch.slice(0, 8).join(", ")}${batch.length > 8 ? ", …" : ""})`);
  }
}

// Error families of the models: bad configs, checkpoints and requests found before any work starts, and training that diverged.
import { CrystalError } from "../crystal/errors.js";

/**
 * A model was asked to do something it cannot: a checkpoint of another model or a corrupt one, an unknown family, an
 * unknown element, too many atoms, a dataset without the needed column. Thrown before work starts; the CLI exits 2.
 */
export class ModelConfigError extends CrystalError {
  override name = "ModelConfigError";
}

/**
 * A sample request or an option the model cannot honour (a field its family does not read, such as `spaceGroup` for
 * DiffCSP, or a value out of range); `field` names it as the request or option spells it.
 */
export class ModelRequestError extends ModelConfigError {
  override name = "ModelRequestError";
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** Training produced a non-finite loss or gradient; names the step and the crystals of the offending batch. */
export class TrainingDivergedError extends CrystalError {
  override name = "TrainingDivergedError";
  constructor(readonly step: number, readonly batch: readonly string[], readonly what: string) {
    super(`training diverged at step ${step}: ${what} is not finite (batch: ${batch.slice(0, 8).join(", ")}${batch.length > 8 ? ", …" : ""})`);
  }
}

/** A chunk of a chunked sample request failed (in a worker thread or in-thread); names the chunk and its first crystal. */
export class SampleChunkError extends CrystalError {
  override name = "SampleChunkError";
  constructor(readonly chunk: number, readonly firstCrystal: number, readonly reason: string) {
    super(`sampling chunk ${chunk} (crystals from ${firstCrystal}) failed: ${reason}`);
  }
}

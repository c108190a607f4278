import { CrystalError } from "../crystal/errors.js";

/** Base class of every error the dataset layer throws (a CrystalError, so the CLI reports it as bad input). */
export class DatasetError extends CrystalError {
  override name = "DatasetError";
}

/** A dataset name that is not in the registry. */
export class UnknownDatasetError extends DatasetError {
  override name = "UnknownDatasetError";
  constructor(readonly dataset: string, readonly known: readonly string[]) {
    super(`unknown dataset "${dataset}" (known: ${known.join(", ")})`);
  }
}

/** A registered dataset without published COV cutoffs, named where COV needs them. */
export class NoCovCutoffsError extends DatasetError {
  override name = "NoCovCutoffsError";
  constructor(readonly dataset: string, readonly withCutoffs: readonly string[]) {
    super(`no COV cutoffs for dataset "${dataset}" (datasets with cutoffs: ${withCutoffs.join(", ")}; or pass the cutoffs as numbers)`);
  }
}

/** A split that the dataset does not have (for example "train" of the bundled prototypes is fine, "dev" is not). */
export class UnknownSplitError extends DatasetError {
  override name = "UnknownSplitError";
  constructor(readonly dataset: string, readonly split: string, readonly known: readonly string[]) {
    super(`dataset ${dataset} has no split "${split}" (splits: ${known.join(", ")})`);
  }
}

/** No file for a dataset split in any place looked, and no download possible (offline or download failed). */
export class DatasetNotFoundError extends DatasetError {
  override name = "DatasetNotFoundError";
  constructor(
    readonly dataset: string,
    readonly split: string,
    /** Every path that was tried, in order. */
    readonly searched: readonly string[],
    /** Why the download did not happen or failed (empty when no download URL is known). */
    readonly downloadProblem: string,
  ) {
    super(
      `dataset ${dataset} split ${split} not found; looked in: ${searched.join(", ")}` +
        (downloadProblem ? `; download: ${downloadProblem}` : "") +
        `. Set CRYSTAL_DATA_DIR to a directory holding ${dataset}/${split}.csv (or .csv.gz), or pass { dataDir }.`,
    );
  }
}

/** A downloaded or local file whose checksum differs from the published one. */
export class DatasetChecksumError extends DatasetError {
  override name = "DatasetChecksumError";
  constructor(readonly file: string, readonly expected: string, readonly actual: string, readonly digest: "sha256" | "git blob" = "sha256") {
    super(`${file}: ${digest} ${actual} does not match the published ${expected}`);
  }
}

/**
 * One bad row of a dataset CSV: wrong field count, unterminated quote, missing or unparsable CIF.
 * `row` is the 1-based data row number (the header is row 0); `line` the 1-based line where the row starts.
 */
export class DatasetRowError extends DatasetError {
  override name = "DatasetRowError";
  constructor(
    readonly file: string,
    readonly row: number,
    readonly line: number,
    readonly reason: string,
    readonly id?: string,
  ) {
    super(`${file}: row ${row} (line ${line}${id !== undefined ? `, id ${id}` : ""}): ${reason}`);
  }
}

// Bad input to the hull tools: a dataset that holds no Materials Project formation energies, a bad entries file.
import { DatasetError } from "../datasets/errors.js";

/** A source that cannot give hull reference entries (no MP-compatible formation energy, or no data at all). */
export class HullSourceError extends DatasetError {
  override name = "HullSourceError";
  constructor(
    /** The dataset name or file. */
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source} cannot be used as hull references: ${reason}`);
  }
}

/**
 * One bad entry of a user entries file. `row` is the 1-based data row of a CSV (header = row 0) or the 1-based
 * position in a JSON array (0 when the problem concerns the whole file); `field` the column or key ("" for the file).
 */
export class EntriesFileError extends DatasetError {
  override name = "EntriesFileError";
  constructor(
    readonly file: string,
    readonly row: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}${row > 0 ? `: row ${row}` : ""}${field ? `, field "${field}"` : ""}: ${reason}`);
  }
}

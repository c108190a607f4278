import { CrystalError } from "../errors.js";

/**
 * Symmetry analysis or construction failed: moyo rejected the cell (for example overlapping atoms, which moyo
 * reports as `PrimitiveSymmetrySearchError`), the space-group number or Hall number is out of range, or a Wyckoff
 * letter / representative coordinate does not exist in the group. `cause` holds moyo's own message when there is one.
 */
export class SymmetryError extends CrystalError {
  override name = "SymmetryError";
  constructor(message: string, readonly moyoMessage?: string) {
    super(moyoMessage ? `${message}: ${moyoMessage}` : message);
  }
}

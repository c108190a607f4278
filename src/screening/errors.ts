import { CrystalError } from "../crystal/errors.js";

/** Bad input to the screening library: an unknown prototype, role or element, a malformed enumeration spec or criterion. */
export class ScreeningInputError extends CrystalError {
  override name = "ScreeningInputError";
}

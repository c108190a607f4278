/** Base class of every error the crystal core throws on bad input. */
export class CrystalError extends Error {
  override name = "CrystalError";
}

/** A structure that cannot exist: mismatched array lengths, non-finite coordinates, unknown element, degenerate cell. */
export class StructureError extends CrystalError {
  override name = "StructureError";
}

/** An element symbol or atomic number outside the periodic table (Z 1–118). */
export class UnknownElementError extends CrystalError {
  override name = "UnknownElementError";
  constructor(readonly element: string | number) {
    super(`unknown element ${JSON.stringify(element)} (expected a symbol or Z in 1–118)`);
  }
}

/** A chemical formula that does not parse; `position` is the 0-based index in `formula` where reading failed. */
export class FormulaError extends CrystalError {
  override name = "FormulaError";
  constructor(
    readonly formula: string,
    readonly position: number,
    readonly reason: string,
  ) {
    super(`formula ${JSON.stringify(formula)}: ${reason} at position ${position}`);
  }
}

/**
 * A text file that does not parse. `file` is the path or a label such as "<string>" or "row 17";
 * `line` is 1-based (0 when the error concerns the whole file).
 */
export class ParseError extends CrystalError {
  override name = "ParseError";
  constructor(
    readonly format: string,
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ""}: ${format} ${reason}`);
  }
}

/** A CIF that does not parse or describes no usable structure. */
export class CifParseError extends ParseError {
  override name = "CifParseError";
  constructor(file: string, line: number, reason: string) {
    super("CIF", file, line, reason);
  }
}

// Class: lenient lexing where pymatgen is lenient. Outside the structure's tags (an unterminated quote in free text,
// a ragged author loop, a repeated formula tag) a warning naming the line; in the atom-site loop a typed error.
import { describe, expect, test } from "vitest";
import { readRealWorld } from "../helpers.js";

describe("lenient lexing", () => {
  test.each([
    ["own-unterminated-quote-free-text.cif", "line 3: unterminated single-quoted string (line ends inside it): read to the end of the line (the structure does not depend on it)"],
    ["own-ragged-loop-outside-atoms.cif", "line 7: loop_ of line 3 has 3 values for 2 tags (not a whole number of rows): the last 1 value ignored (the structure does not depend on it)"],
    ["pyxtal-amcsd-R-3.cif", "line 20: tag _chemical_formula_sum appears twice in data block 'global': the later value used (the structure does not depend on it)"],
  ])("%s is read with the warning '%s'", (file, warning) => {
    const [e] = readRealWorld(file);
    expect(e!.warnings[0]).toBe(warning);
  });
  test("a ragged atom-site loop is a CifParseError with the line", () => {
    expect(() => readRealWorld("own-ragged-atom-loop.cif")).toThrow("own-ragged-atom-loop.cif:17: CIF loop_ of line 10 has 9 values for 5 tags (not a whole number of rows; the file ends here: truncated?)");
  });
});

// Class: '.' reads as 0 in a coordinate (ICSD writes `.5 . .`); '?' in a coordinate is a typed error.
import { describe, expect, test } from "vitest";
import { CifParseError } from "../../../../src/crystal/errors.js";
import { entrySummary, readRealWorld } from "../helpers.js";

describe("'.' and '?' as coordinates", () => {
  test("ICSD's '.' is 0: KMnF3 keeps all 5 sites (the '.' rows used to vanish)", () => {
    const [e] = readRealWorld("pmg-ICSD59959.cif");
    expect(entrySummary(e!)).toEqual({ nsites: 5, formula: "KMnF3", warnings: [] });
  });
  test("'?' is a CifParseError naming the file, line and site", () => {
    expect(() => readRealWorld("own-question-mark-coordinate.cif")).toThrow(CifParseError);
    expect(() => readRealWorld("own-question-mark-coordinate.cif")).toThrow("own-question-mark-coordinate.cif:17: CIF site 'Cl1': coordinate is unknown ('?')");
  });
});

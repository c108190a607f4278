// Class: element symbols in capitals or with decorations map to the element pymatgen reads, with a warning.
import { describe, expect, test } from "vitest";
import { cifElement } from "../../../../src/crystal/io/cif-read.js";
import { entrySummary, readRealWorld } from "../helpers.js";

describe("element symbols as pymatgen's CifParser reads them", () => {
  test("CA, NB, AL are Ca, Nb, Al (never C, N, Al by one letter), each with a warning naming the site and line", () => {
    expect(readRealWorld("own-capital-type-symbols.cif").map(entrySummary)).toEqual([{
      nsites: 6,
      formula: "CaNbAlO3",
      warnings: ["site 'CA1' (line 19): 'CA' read as Ca", "site 'NB1' (line 20): 'NB' read as Nb", "site 'AL1' (line 24): 'AL' read as Al"],
    }]);
  });
  test("decorated symbols and labels (Fe3+, O2-, Ca1, Cl1a) need no warning; OH names no element and is dropped with one", () => {
    expect(readRealWorld("own-label-only-symbols.cif").map(entrySummary)).toEqual([{ nsites: 4, formula: "CaFeClO", warnings: [] }]);
    expect(["Fe3+", "O2-", "Ca1", "CO1", "Ow1", "D1"].map(cifElement)).toEqual([26, 8, 20, 27, 8, 1]);
    expect(readRealWorld("pmg-PF_sd_1601634.cif")[0]!.warnings).toContain("site 'OH' (line 93): no element in 'OH': dropped, as pymatgen does");
  });
});

// Class: occupancies summing above 1 (pymatgen: occupancy_tolerance 1.0, Site() refuses a sum above 1 + 1e-8) are a
// typed error naming the site; so are negative and non-numeric occupancies.
import { describe, expect, test } from "vitest";
import { readRealWorld } from "../helpers.js";

describe("occupancy above 1", () => {
  test("co-located 0.7 + 0.6 (written) and ICSD 107716's symmetry-equivalent 1.166 (pymatgen's bad_occu.cif)", () => {
    expect(() => readRealWorld("own-occupancy-sum-above-one.cif")).toThrow(
      "own-occupancy-sum-above-one.cif:2: CIF site 'Fe1': the occupancies of the sites at (0.0000, 0.0000, 0.0000) sum to 1.3 > 1",
    );
    expect(() => readRealWorld("pmg-bad_occu.cif")).toThrow("pmg-bad_occu.cif:1: CIF site 'Na1': the occupancies of the sites at (0.5000, 0.0000, 0.0000) sum to 1.166 > 1");
  });
});

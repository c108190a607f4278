// Class: co-located partial sites are one site with several species, as pymatgen counts them.
import { describe, expect, test } from "vitest";
import { sharedPositions } from "../../../../src/crystal/shared-positions.js";
import { entrySummary, readRealWorld } from "../helpers.js";

describe("disordered sites", () => {
  test("Pauling File 1601634: Zn/Fe/Pb share 4e; 34 species entries are pymatgen's 26 sites", () => {
    const [e] = readRealWorld("pmg-PF_sd_1601634.cif");
    expect(e!.structure.species.length).toBe(34);
    expect(entrySummary(e!)).toMatchObject({ nsites: 26, formula: "Zn2.58Fe1.38As4Pb2.04O16" });
    const shared = sharedPositions(e!.structure).filter((g) => g.length > 1);
    expect(shared.map((g) => g.map((i) => e!.structure.occupancies![i]))).toEqual(Array(4).fill([0.645, 0.345, 0.01]));
  });
});

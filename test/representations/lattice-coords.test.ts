import { describe, expect, it } from "vitest";
import { latticeCoordsArrays, structureFromLatticeCoords } from "../../src/representations/lattice-coords.js";
import { latticeFromMatrix, latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";

describe("latticeCoordsArrays", () => {
  it("gives a monoclinic cell's lengths (Å), angles (degrees), coordinates and species", () => {
    const s = makeStructure({ lattice: latticeFromParameters(3, 4, 5, 90, 100, 90), species: [8, 26], fracCoords: [0.1, 0.2, 0.3, 0.5, 0.5, 0.5] });
    const r = latticeCoordsArrays(s);
    r.lengths.forEach((x, i) => expect(x).toBeCloseTo([3, 4, 5][i]!, 12));
    r.angles.forEach((x, i) => expect(x).toBeCloseTo([90, 100, 90][i]!, 10));
    expect(Array.from(r.fracCoords)).toEqual([0.1, 0.2, 0.3, 0.5, 0.5, 0.5]);
    expect(Array.from(r.species)).toEqual([8, 26]);
  });

  it("round-trips through structureFromLatticeCoords: same parameters and coordinates, pymatgen orientation", () => {
    // A rotated triclinic cell: the rebuilt lattice has the same parameters but the from_parameters orientation (c ∥ z).
    const s = makeStructure({ lattice: latticeFromMatrix([4, 0.3, 0.1, 0.5, 5, 0.2, 0.7, 0.4, 6]), species: [1, 6, 8], fracCoords: [0, 0, 0, 0.25, 0.5, 0.75, 0.9, 0.1, 0.4] });
    const back = structureFromLatticeCoords(latticeCoordsArrays(s));
    const [r1, r2] = [latticeCoordsArrays(s), latticeCoordsArrays(back)];
    r2.lengths.forEach((x, i) => expect(x).toBeCloseTo(r1.lengths[i]!, 10));
    r2.angles.forEach((x, i) => expect(x).toBeCloseTo(r1.angles[i]!, 10));
    expect(Array.from(back.fracCoords)).toEqual(Array.from(s.fracCoords));
    const m = back.lattice.matrix;
    expect([m[1], m[6], m[7]]).toEqual([0, 0, 0]); // a in the xz plane, c along z
  });
});

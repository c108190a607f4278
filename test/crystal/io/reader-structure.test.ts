// The CIF reader builds its structures without makeStructure's copies; they must be exactly what makeStructure builds.
import { describe, expect, test } from "vitest";
import { StructureError } from "../../../src/crystal/errors.js";
import { readCif, readCifs } from "../../../src/crystal/io/index.js";
import { readerStructure } from "../../../src/crystal/io/reader-structure.js";
import { latticeFromMatrix, latticeFromParameters } from "../../../src/crystal/lattice.js";
import { makeStructure } from "../../../src/crystal/structure.js";
import { datasetCifs } from "./helpers.js";

describe("readerStructure", () => {
  test("gives the same frozen object as makeStructure (fields, order, exact-size arrays, frozen labels)", () => {
    const lattice = latticeFromParameters(4, 4, 4, 90, 90, 90);
    const args = () => [lattice, Uint8Array.of(38, 22, 8), Float64Array.of(0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0), ["Sr0", "Ti1", "O2"]] as const;
    for (const occ of [undefined, Float64Array.of(1, 0.5, 1)]) {
      const [l, species, frac, labels] = args();
      const ours = readerStructure(l, species, frac, [...labels], occ?.slice());
      const theirs = makeStructure({ lattice: l, species, fracCoords: frac, labels, ...(occ ? { occupancies: occ } : {}) });
      expect(ours).toEqual(theirs);
      expect(Object.keys(ours)).toEqual(Object.keys(theirs));
      expect(Object.isFrozen(ours)).toBe(true);
      expect(Object.isFrozen(ours.labels)).toBe(true);
      expect(ours.fracCoords.buffer.byteLength).toBe(9 * 8);
    }
  });
  test("rejects non-finite coordinates and flat cells with makeStructure's own StructureError", () => {
    const cube = latticeFromParameters(4, 4, 4, 90, 90, 90);
    expect(() => readerStructure(cube, Uint8Array.of(1), Float64Array.of(0, Infinity, 0), ["H0"])).toThrow(
      new StructureError("structure: site 0 has a non-finite fractional coordinate"),
    );
    const flat = latticeFromMatrix([1, 0, 0, 0, 1, 0, 1, 1, 0]);
    expect(() => readerStructure(flat, Uint8Array.of(1), Float64Array.of(0, 0, 0), ["H0"])).toThrow(new StructureError("structure: the lattice has zero volume"));
  });
});

describe("readCif output", () => {
  test("equals makeStructure of its own arrays on dataset CIFs (perov_5, mpts_52)", () => {
    for (const { cif } of [...datasetCifs("perov_5/test.csv", 50), ...datasetCifs("mpts_52/test.csv.gz", 50)]) {
      const s = readCif(cif);
      const rebuilt = makeStructure({ lattice: s.lattice, species: s.species, fracCoords: s.fracCoords, labels: s.labels! });
      expect(s).toEqual(rebuilt);
      expect(Object.isFrozen(s)).toBe(true);
    }
  });
  test("a symmetry list read twice (the second time from the operation-list cache) expands the same way", () => {
    const cif = `data_x
_cell_length_a 4
_cell_length_b 4
_cell_length_c 4
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
loop_
_symmetry_equiv_pos_as_xyz
'x, y, z'
'-x, -y, -z'
'x+1/2, y+1/2, z'
'-x+1/2, -y+1/2, -z'
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Na1 0.1 0.2 0.3
Cl1 0 0 0
`;
    const first = readCifs(cif)[0]!;
    const second = readCifs(cif)[0]!;
    expect(second).toEqual(first);
    // C2/m-like group of 4 operations. Na at (0.1, 0.2, 0.3): 4 distinct images; Cl at the origin: x,y,z = -x,-y,-z
    // and x+1/2,y+1/2,z = -x+1/2,-y+1/2,-z, so 2 images.
    expect(Array.from(first.structure.species)).toEqual([11, 11, 11, 11, 17, 17]);
    expect(Array.from(first.structure.fracCoords.subarray(0, 12), (v) => Number(v.toFixed(12)))).toEqual([0.1, 0.2, 0.3, 0.9, 0.8, 0.7, 0.6, 0.7, 0.3, 0.4, 0.3, 0.7]);
    expect(first.structure.labels).toEqual(["Na1", "Na1", "Na1", "Na1", "Cl1", "Cl1"]);
  });
});

import { describe, expect, test } from "vitest";
import { readCif, readCifs } from "../../../src/crystal/io/index.js";
import { CifParseError } from "../../../src/crystal/errors.js";
import { latticeParameters } from "../../../src/crystal/lattice.js";
import { reducedFormula } from "../../../src/crystal/composition.js";

const PEROV = `# generated using pymatgen
data_TiOsNOF
_symmetry_space_group_name_H-M   'P 1'
_cell_length_a   4.05632160
_cell_length_b   4.05632160
_cell_length_c   4.05632160
_cell_angle_alpha   90.00000000
_cell_angle_beta   90.00000000
_cell_angle_gamma   90.00000000
_symmetry_Int_Tables_number   1
_chemical_formula_structural   TiOsNOF
_chemical_formula_sum   'Ti1 Os1 N1 O1 F1'
_cell_volume   66.74168089
_cell_formula_units_Z   1
loop_
 _symmetry_equiv_pos_site_id
 _symmetry_equiv_pos_as_xyz
  1  'x, y, z'
loop_
 _atom_site_type_symbol
 _atom_site_label
 _atom_site_symmetry_multiplicity
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
  Ti  Ti0  1  -0.39078906  0.00000000  0.00000000  1
  Os  Os1  1  0.77619935  0.50000000  0.50000000  1
  F  F2  1  0.41528400  0.00000000  0.50000000  1
  N  N3  1  0.74200080  0.50000000  0.00000000  1
  O  O4  1  0.23143281  0.50000000  0.50000000  1
`;

describe("readCif on a pymatgen-written P1 CIF (perov_5 row)", () => {
  test("reads 5 sites, the cubic cell and wraps negative coordinates into [0, 1)", () => {
    const s = readCif(PEROV, { file: "row 0" });
    // pymatgen's CifParser order (Structure.from_str(PEROV, fmt="cif")): Ti, Os, N, O, F, not the file's Ti, Os, F, N, O.
    expect(Array.from(s.species)).toEqual([22, 76, 7, 8, 9]);
    expect(s.labels).toEqual(["Ti0", "Os1", "N3", "O4", "F2"]);
    expect(s.fracCoords[0]).toBeCloseTo(1 - 0.39078906, 12);
    expect(s.occupancies).toBeUndefined();
    const p = latticeParameters(s.lattice);
    expect(p.a).toBeCloseTo(4.0563216, 10);
    expect(p.gamma).toBeCloseTo(90, 10);
    expect(reducedFormula(s.species)).toBe("TiOsNOF");
  });
  test("reports the declared space group and no disorder", () => {
    const [e] = readCifs(PEROV);
    expect(e!.block).toBe("TiOsNOF");
    expect(e!.spaceGroup).toEqual({ number: 1, symbol: "P 1" });
    expect(e!.disordered).toBe(false);
    expect(e!.warnings).toEqual([]);
  });
  test("a truncated file is a CifParseError naming the file and line", () => {
    const cut = PEROV.slice(0, PEROV.indexOf("  O  O4") + 12);
    expect(() => readCif(cut, { file: "cut.cif" })).toThrow(CifParseError);
    expect(() => readCif(cut, { file: "cut.cif" })).toThrow(/cut\.cif:31: .*truncated/);
  });
});

describe("readCifs warnings for questionable occupancies", () => {
  const cif = (occA: string, occB: string) => `data_x
_cell_length_a 4
_cell_length_b 4
_cell_length_c 4
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
_atom_site_occupancy
Fe1 0 0 0 ${occA}
Ni1 0 0 0 ${occB}
`;
  // pymatgen's CifParser (occupancy_tolerance = 1.0 by default, so nothing is rescaled) builds each site with
  // Site(), which raises "Species occupancies sum to more than 1!" above 1 + Composition.amount_tolerance (1e-8).
  test("two sites on one position whose occupancies sum above 1 are a typed error naming the site", () => {
    expect(() => readCifs(cif("0.7", "0.6"), { file: "o.cif" })).toThrow(/o\.cif:1: CIF site 'Fe1': the occupancies of the sites at \(0\.0000, 0\.0000, 0\.0000\) sum to 1\.3 > 1/);
    expect(Array.from(readCifs(cif("0.5", "0.5"))[0]!.structure.occupancies!)).toEqual([0.5, 0.5]);
  });
  test("occupancy 0 drops the site with a warning; 1.02 and 1.5 are typed errors; a negative or non-numeric one too", () => {
    const [zero] = readCifs(cif("0", "0.5"));
    expect(Array.from(zero!.structure.species)).toEqual([28]);
    expect(zero!.warnings).toContainEqual("site 'Fe1' (line 14) has occupancy 0: dropped, as pymatgen does");
    expect(() => readCifs(cif("1.02", "1"), { file: "o.cif" })).toThrow(/o\.cif:14: CIF site 'Fe1': occupancy 1\.02 is above 1/);
    expect(() => readCifs(cif("1.5", "1"), { file: "o.cif" })).toThrow(/o\.cif:14: CIF site 'Fe1': occupancy 1\.5 is above 1/);
    expect(() => readCifs(cif("-0.1", "1"), { file: "o.cif" })).toThrow(/o\.cif:14: CIF site 'Fe1': occupancy -0\.1 is negative/);
    expect(() => readCifs(cif("x", "1"), { file: "o.cif" })).toThrow(/o\.cif:14: CIF site 'Fe1': occupancy 'x' is not a number/);
  });
});

import { describe, expect, test } from "vitest";
import { ParseError, StructureError } from "../../../src/crystal/errors.js";
import { latticeFromMatrix, latticeParameters, latticeVolume } from "../../../src/crystal/lattice.js";
import {
  readExtxyz, readPoscar, readPymatgenJson, readStructureText, structureFormatFromPath, writeExtxyz, writePoscar,
  writePymatgenJson, writeStructureText,
} from "../../../src/crystal/io/index.js";
import { makeStructure } from "../../../src/crystal/structure.js";

const SRTIO3_VASP5 = `SrTiO3 cubic
1.0
3.905 0 0
0 3.905 0
0 0 3.905
Sr Ti O
1 1 3
Direct
0.5 0.5 0.5
0 0 0
0.5 0 0
0 0.5 0
0 0 0.5
`;

describe("readPoscar", () => {
  test("VASP 5 Direct: species from the species line, counts, lattice", () => {
    const s = readPoscar(SRTIO3_VASP5);
    expect(Array.from(s.species)).toEqual([38, 22, 8, 8, 8]);
    expect(latticeVolume(s.lattice)).toBeCloseTo(3.905 ** 3, 10);
    expect(Array.from(s.fracCoords.subarray(0, 3))).toEqual([0.5, 0.5, 0.5]);
  });
  test("VASP 4 (no species line) takes the species from options.species or the comment line", () => {
    const v4 = SRTIO3_VASP5.replace("Sr Ti O\n", "").replace("SrTiO3 cubic", "Sr Ti O");
    expect(Array.from(readPoscar(v4).species)).toEqual([38, 22, 8, 8, 8]);
    const bare = v4.replace("Sr Ti O", "my perovskite");
    expect(() => readPoscar(bare, { file: "POSCAR" })).toThrow(/POSCAR:6: POSCAR VASP 4 file.*options\.species/);
    expect(Array.from(readPoscar(bare, { species: ["Ba", "Zr", "S"] }).species)).toEqual([56, 40, 16, 16, 16]);
  });
  test("a negative scale factor is the cell volume (Å³); Cartesian coordinates are scaled too", () => {
    const text = `x\n-64\n1 0 0\n0 1 0\n0 0 1\nCu\n1\nCartesian\n0.5 0.5 0.5\n`;
    const s = readPoscar(text);
    expect(latticeParameters(s.lattice).a).toBeCloseTo(4, 12);
    // VASP scales Cartesian positions by the same factor (here 4): (2, 2, 2) Å in a 4 Å cell.
    expect(Array.from(s.fracCoords).map((x) => Number(x.toFixed(12)))).toEqual([0.5, 0.5, 0.5]);
    const scaled = readPoscar(text.replace("-64", "2.0"));
    expect(latticeParameters(scaled.lattice).a).toBe(2);
    expect(Array.from(scaled.fracCoords)).toEqual([0.5, 0.5, 0.5]);
  });
  test("selective dynamics flags and trailing velocities are accepted; coordinates wrap into [0, 1)", () => {
    const text = `Fe\n1\n2.87 0 0\n0 2.87 0\n0 0 2.87\nFe\n2\nSelective dynamics\nDirect\n0 0 -0.25 T T F\n1.5 0.5 0.5 F F F\n\n0 0 0\n0 0 0\n`;
    expect(Array.from(readPoscar(text).fracCoords)).toEqual([0, 0, 0.75, 0.5, 0.5, 0.5]);
  });
  test.each([
    ["truncated coordinates", (t: string) => t.split("\n").slice(0, 10).join("\n"), /POSCAR:11: .*ends early/],
    ["non-numeric lattice", (t: string) => t.replace("0 3.905 0", "0 abc 0"), /POSCAR:4: .*lattice vector b is not numeric/],
    ["unknown element", (t: string) => t.replace("Sr Ti O", "Sr Xx O"), /POSCAR:6: .*'Xx' is not an element/],
    ["bad mode line", (t: string) => t.replace("Direct", "Fractional"), /POSCAR:8: .*'Direct' or 'Cartesian'/],
    ["count mismatch", (t: string) => t.replace("1 1 3", "1 1"), /POSCAR:7: .*3 atom counts/],
  ])("%s is a ParseError with the line", (_, mutate, reason) => {
    expect(() => readPoscar(mutate(SRTIO3_VASP5), { file: "POSCAR" })).toThrow(ParseError);
    expect(() => readPoscar(mutate(SRTIO3_VASP5), { file: "POSCAR" })).toThrow(reason);
  });
  test("writePoscar keeps the site order with runs of species and refuses partial occupancy", () => {
    const s = makeStructure({ lattice: latticeFromMatrix([4, 0, 0, 0, 4, 0, 0, 0, 4]), species: [8, 22, 8], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0, 0] });
    const text = writePoscar(s);
    expect(text.split("\n").slice(5, 8)).toEqual(["O Ti O", "1 1 1", "direct"]);
    expect(Array.from(readPoscar(text).species)).toEqual([8, 22, 8]);
    const partial = makeStructure({ ...s, occupancies: [1, 0.5, 1] });
    expect(() => writePoscar(partial)).toThrow(StructureError);
  });
});

describe("readExtxyz", () => {
  const frame = (n: number, extra = "") =>
    `${n}\nLattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3:forces:R:3 energy=-3.5 config_type=bulk pbc="T T T"${extra}\n` +
    ["Cu 0 0 0 0.1 0.2 0.3", "Cu 2 2 0 0 0 0", "Cu 2 0 2 0 0 0", "Cu 0 2 2 0 0 0"].slice(0, n).join("\n");
  test("multi-frame file with extra per-atom columns and info pairs", () => {
    const frames = readExtxyz(`${frame(4)}\n${frame(1, ' name="two words"')}\n`);
    expect(frames).toHaveLength(2);
    expect(Array.from(frames[0]!.fracCoords)).toEqual([0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5]);
    expect(frames[0]!.properties).toEqual({ energy: -3.5, config_type: "bulk" });
    expect(frames[1]!.properties).toEqual({ energy: -3.5, config_type: "bulk", name: "two words" });
  });
  test("a frame with fewer atom lines than declared names the line; a frame without Lattice is refused", () => {
    expect(() => readExtxyz(frame(4).split("\n").slice(0, 4).join("\n"), { file: "a.xyz" })).toThrow(/a\.xyz:5: extxyz frame 1 declares 4 atoms/);
    expect(() => readExtxyz("1\nProperties=species:S:1:pos:R:3\nH 0 0 0\n", { file: "m.xyz" })).toThrow(/m\.xyz:2: extxyz no Lattice/);
    expect(() => readExtxyz("1\nLattice=\"4 0 0 0 4 0 0 0 4\"\nH 0 zero 0\n", { file: "m.xyz" })).toThrow(/m\.xyz:3: .*'zero' is not a number/);
  });
  test("property names that are not extxyz keys are made safe, values with spaces quoted", () => {
    const s = makeStructure({ lattice: latticeFromMatrix([4, 0, 0, 0, 4, 0, 0, 0, 4]), species: [29], fracCoords: [0, 0, 0], properties: { "band gap (eV)": 1.5, "2d": true, note: 'a "b" c' } });
    const text = writeExtxyz([s]);
    expect(text.split("\n")[1]).toContain('band_gap__eV_=1.5 _2d=T note="a \\"b\\" c"');
    expect(readExtxyz(text)[0]!.properties).toEqual({ band_gap__eV_: 1.5, _2d: true, note: 'a "b" c' });
  });
  test("occupancies travel in an occupancy:R:1 column", () => {
    const s = makeStructure({ lattice: latticeFromMatrix([4, 0, 0, 0, 4, 0, 0, 0, 4]), species: [26, 28], fracCoords: [0, 0, 0, 0, 0, 0], occupancies: [0.5, 0.5] });
    const back = readExtxyz(writeExtxyz([s]))[0]!;
    expect(Array.from(back.occupancies!)).toEqual([0.5, 0.5]);
  });
});

describe("readPymatgenJson", () => {
  const dict = {
    "@module": "pymatgen.core.structure",
    "@class": "Structure",
    lattice: { matrix: [[3, 0, 0], [0, 3, 0], [0, 0, 3]] },
    sites: [
      { species: [{ element: "Fe", occu: 0.5 }, { element: "Ni", occu: 0.5 }], abc: [0, 0, 0], label: "FeNi" },
      { species: [{ element: "Al", occu: 1 }], abc: [0.5, 0.5, -0.5], label: "Al" },
    ],
  };
  test("a site with two species becomes two sites at one position with their occupancies", () => {
    const s = readPymatgenJson(JSON.stringify(dict));
    expect(Array.from(s.species)).toEqual([26, 28, 13]);
    expect(Array.from(s.occupancies!)).toEqual([0.5, 0.5, 1]);
    expect(Array.from(s.fracCoords)).toEqual([0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5]);
    expect(s.labels).toEqual(["FeNi", "FeNi", "Al"]);
    expect(readPymatgenJson(dict).species.length).toBe(3);
  });
  test("errors name the field, and broken JSON names the line", () => {
    expect(() => readPymatgenJson({ ...dict, sites: [{ species: [{ element: "Xq", occu: 1 }], abc: [0, 0, 0] }] }, { file: "s.json" })).toThrow(
      /s\.json: pymatgen JSON sites\[0\]\.species\[0\]: 'Xq' is not an element/,
    );
    expect(() => readPymatgenJson({ ...dict, lattice: { matrix: [[1, 0], [0, 1]] } })).toThrow(/lattice\.matrix/);
    expect(() => readPymatgenJson('{\n"lattice": {\n"matrix": [1,\n', { file: "b.json" })).toThrow(ParseError);
    expect(() => readPymatgenJson({ ...dict, "@class": "Molecule" })).toThrow(/expected 'Structure'/);
  });
  test("writePymatgenJson carries lattice parameters and Cartesian xyz like as_dict()", () => {
    const d = JSON.parse(writePymatgenJson(readPymatgenJson(dict)));
    expect(d["@class"]).toBe("Structure");
    expect(d.lattice.a).toBe(3);
    expect(d.sites[2].xyz).toEqual([1.5, 1.5, 1.5]);
    expect(d.sites[0].species).toEqual([{ element: "Fe", occu: 0.5 }]);
  });
});

describe("format layer", () => {
  test.each([
    ["a/b/NaCl.cif", "cif"], ["x.CIF.gz", "cif"], ["POSCAR", "poscar"], ["run/CONTCAR", "poscar"], ["POSCAR_relaxed", "poscar"],
    ["x.vasp", "poscar"], ["t.xyz", "extxyz"], ["t.extxyz", "extxyz"], ["s.json.gz", "json"], ["notes.txt", undefined],
  ])("%s → %s", (path, format) => expect(structureFormatFromPath(path)).toBe(format));
  test("readStructureText / writeStructureText dispatch by format name", () => {
    const s = readStructureText(SRTIO3_VASP5, "vasp");
    for (const f of ["cif", "poscar", "xyz", "json"]) expect(Array.from(readStructureText(writeStructureText(s, f), f).species).sort((a, b) => a - b)).toEqual([8, 8, 8, 22, 38]);
    expect(() => readStructureText("x", "pdb", "a.pdb")).toThrow(/a\.pdb: structure unknown format 'pdb'/);
  });
});

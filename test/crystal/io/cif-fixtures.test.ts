import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { reducedFormula } from "../../../src/crystal/composition.js";
import { CifParseError } from "../../../src/crystal/errors.js";
import { latticeParameters, latticeVolume } from "../../../src/crystal/lattice.js";
import { readCif, readCifs } from "../../../src/crystal/io/index.js";
import { FIXTURES, sortedSites } from "./helpers.js";

const fixture = (name: string) => readFileSync(FIXTURES + name, "utf8");
const read = (name: string) => readCifs(fixture(name), { file: name });
const only = (name: string) => {
  const e = read(name);
  expect(e).toHaveLength(1);
  return e[0]!;
};

/** Expects a CifParseError whose message names the file and the 1-based line, and matches `reason`. */
function expectCifError(name: string, line: number, reason: RegExp) {
  let err: unknown;
  try {
    readCifs(fixture(name), { file: name });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CifParseError);
  const e = err as CifParseError;
  expect(e.file).toBe(name);
  expect(e.line).toBe(line);
  expect(e.message).toMatch(reason);
}

describe("hand-written CIF fixtures parse to their known structures", () => {
  test("NaCl in Fm-3m: 2 asymmetric sites and 192 operations give 4 Na + 4 Cl on the rock-salt positions", () => {
    const e = only("nacl-fm3m.cif");
    const s = e.structure;
    expect(reducedFormula(s.species)).toBe("NaCl");
    expect(s.species.length).toBe(8);
    expect(sortedSites(s.species, s.fracCoords)).toEqual([
      [11, 0, 0, 0], [11, 0, 0.5, 0.5], [11, 0.5, 0, 0.5], [11, 0.5, 0.5, 0],
      [17, 0, 0, 0.5], [17, 0, 0.5, 0], [17, 0.5, 0, 0], [17, 0.5, 0.5, 0.5],
    ]);
    expect(latticeParameters(s.lattice).a).toBeCloseTo(5.6402, 12); // "5.6402(3)": uncertainty dropped
    expect(e.spaceGroup).toEqual({ number: 225, symbol: "F m -3 m" });
    expect(s.labels!.filter((l) => l === "Na1")).toHaveLength(4);
    expect(e.disordered).toBe(false);
  });

  test("rutile with _space_group_symop_operation_xyz: Ti on 2a, O on 4f (x, x, 0), x = 0.3048", () => {
    const s = only("rutile-p42mnm-newstyle.cif").structure;
    const x = 0.3048;
    expect(sortedSites(s.species, s.fracCoords)).toEqual([
      [8, 1 - x - 0.5, 0.5 + x, 0.5].map((v, i) => (i === 0 ? 8 : Number(v.toFixed(4)))),
      [8, x, x, 0],
      [8, 0.5 + x, 0.5 - x, 0.5].map((v, i) => (i === 0 ? 8 : Number(v.toFixed(4)))),
      [8, 1 - x, 1 - x, 0].map((v, i) => (i === 0 ? 8 : Number(v.toFixed(4)))),
      [22, 0, 0, 0],
      [22, 0.5, 0.5, 0.5],
    ].sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!));
    expect(latticeVolume(s.lattice)).toBeCloseTo(4.5937 * 4.5937 * 2.9587, 10);
    expect(reducedFormula(s.species)).toBe("TiO2");
  });

  test("wurtzite ZnO in P6_3mc: 1/3, 2/3 written as 0.33333 merge under the hexagonal operations to 2 Zn + 2 O", () => {
    const s = only("wurtzite-zno-p63mc.cif").structure;
    expect(s.species.length).toBe(4);
    const rows = sortedSites(s.species, s.fracCoords, 3);
    expect(rows).toEqual([
      [8, 0.333, 0.667, 0.382], [8, 0.667, 0.333, 0.882],
      [30, 0.333, 0.667, 0], [30, 0.667, 0.333, 0.5],
    ]);
    const p = latticeParameters(s.lattice);
    expect(p.gamma).toBeCloseTo(120, 10);
    expect(p.c).toBeCloseTo(5.2069, 12);
  });

  test("partial occupancy is kept exactly, flagged as disordered and warned about", () => {
    const e = only("partial-occupancy-srla.cif");
    expect(e.disordered).toBe(true);
    expect(e.warnings.join(" ")).toMatch(/partial occupancy/);
    expect(Array.from(e.structure.occupancies!)).toEqual([0.5, 0.5, 0.9, 0.1, 1, 1, 1]);
    expect(Array.from(e.structure.species)).toEqual([38, 57, 22, 26, 8, 8, 8]);
  });

  test("CRLF line ends, tabs, comments after values and upper-case tags: SrTiO3 with 48 Pm-3m operations gives 5 atoms", () => {
    const text = fixture("comments-tabs-crlf.cif");
    expect(text).toContain("\r\n");
    const s = readCif(text, { file: "comments-tabs-crlf.cif" });
    expect(sortedSites(s.species, s.fracCoords)).toEqual([
      [8, 0, 0, 0.5], [8, 0, 0.5, 0], [8, 0.5, 0, 0], [22, 0, 0, 0], [38, 0.5, 0.5, 0.5],
    ]);
    expect(latticeParameters(s.lattice).b).toBeCloseTo(3.905, 12);
  });

  test("uncertainties, quoted strings, '?' and '.' values, charged type symbols: CsCl with inversion images merged", () => {
    const e = only("uncertainties-quotes-csc.cif");
    const s = e.structure;
    expect(sortedSites(s.species, s.fracCoords)).toEqual([[17, 0.5, 0.5, 0.5], [55, 0, 0, 0]]);
    expect(s.occupancies).toBeUndefined(); // "1.00(2)" and "." both mean full occupancy
    expect(latticeParameters(s.lattice).c).toBeCloseTo(4.123, 12);
    expect(e.disordered).toBe(false);
  });

  test("text fields hide CIF-looking lines; a metadata-only block is skipped; two structure blocks are read", () => {
    const es = read("text-fields-two-blocks.cif");
    expect(es.map((e) => e.block)).toEqual(["Po_alpha", "Cu_fcc"]);
    expect(es[0]!.structure.species.length).toBe(1);
    expect(sortedSites(es[1]!.structure.species, es[1]!.structure.fracCoords)).toEqual([
      [29, 0, 0, 0], [29, 0, 0.5, 0.5], [29, 0.5, 0, 0.5], [29, 0.5, 0.5, 0],
    ]);
    expect(readCif(fixture("text-fields-two-blocks.cif")).species[0]).toBe(84);
  });

  test("DDLm dotted tags (_cell.length_a, _space_group_symop.operation_xyz) read like the underscore names", () => {
    const s = only("ddlm-dotted-tags-bcc-fe.cif").structure;
    expect(sortedSites(s.species, s.fracCoords)).toEqual([[26, 0, 0, 0], [26, 0.5, 0.5, 0.5]]);
    expect(latticeParameters(s.lattice).a).toBeCloseTo(2.8665, 12);
  });

  test("elements come from labels (Fe1, O2a, Ca1; CO1 is cobalt, as pymatgen reads it, with a warning), coordinates wrap into [0, 1)", () => {
    const e = only("labels-only.cif");
    const s = e.structure;
    // In pymatgen's CifParser order (electronegativity Ca 1.00 < Fe 1.83 < Co 1.88 < O 3.44), not the file's.
    expect(Array.from(s.species)).toEqual([20, 26, 27, 8]);
    expect(Array.from(s.fracCoords.subarray(3, 6))).toEqual([0.75, 0.5, 0]);
    expect(Array.from(s.fracCoords.subarray(9, 12))).toEqual([0.25, 0.5, 0.125]);
    expect(s.labels).toEqual(["Ca1", "Fe1", "CO1", "O2a"]);
    expect(e.warnings).toEqual(["site 'CO1' (line 19): 'CO1' read as Co"]);
    expect(latticeParameters(s.lattice).beta).toBeCloseTo(100, 10);
  });
});

describe("space group given by symbol only: expanded when the symbol fixes the setting", () => {
  test("graphite from 'P 63/m m c' (one setting): C on 2b and 2c give 4 atoms, with a warning that says so", () => {
    const e = only("graphite-symbol-only.cif");
    const s = e.structure;
    expect(sortedSites(s.species, s.fracCoords, 4)).toEqual([
      [6, 0, 0, 0.25], [6, 0, 0, 0.75], [6, 0.3333, 0.6667, 0.25], [6, 0.6667, 0.3333, 0.75],
    ]);
    expect(e.warnings.join(" ")).toMatch(/generated the 24 operations of P 63\/m m c \(space group 194, Hall number 488\) from moyo's space-group tables/);
  });
  test("diamond from 'F d -3 m :2' (origin choice 2): 8a gives the 8 carbon atoms of the diamond cell", () => {
    const s = only("diamond-origin-choice-2.cif").structure;
    const a = 0.125, b = 0.875;
    const expected = [[a, a, a], [b, b, b]].flatMap(([x, y, z]) =>
      [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]].map(([u, v, w]) => [6, ...[x! + u!, y! + v!, z! + w!].map((t) => Number((t % 1).toFixed(4)))]),
    );
    expect(sortedSites(s.species, s.fracCoords, 4)).toEqual(expected.sort((p, q) => p[1]! - q[1]! || p[2]! - q[2]! || p[3]! - q[3]!));
  });
});

describe("broken CIF fixtures throw CifParseError naming file and line", () => {
  test("a missing cell length names the tag and the data_ line", () => expectCifError("missing-cell-c.cif", 1, /no _cell_length_c/));
  test("a file truncated inside an atom row names the last line", () => expectCifError("truncated-in-atom-row.cif", 15, /7 values for 4 tags.*truncated/));
  test("an unclosed text field names the line that opened it", () => expectCifError("unterminated-text-field.cif", 4, /unterminated text field/));
  test("a malformed symmetry operation names its line", () => expectCifError("bad-symmetry-operation.cif", 11, /"-x, -y".*three/));
  test("a symbol with two origin choices and no ':1'/':2' is refused, naming the symbol's line (pymatgen silently gives 16 atoms)", () =>
    expectCifError("diamond-symbol-without-origin.cif", 10, /F d -3 m \(No\. 227\).*two origin choices/));
  test("an IT number alone is refused when the group has several settings (P2_1/c: 9)", () =>
    expectCifError("monoclinic-number-only.cif", 10, /No\. 14.*several settings/));
  test("a CIF without atom sites: readCifs gives no entries, readCif throws", () => {
    const text = "data_meta\n_publ_section_title 'no atoms here'\n";
    expect(readCifs(text)).toEqual([]);
    expect(() => readCif(text, { file: "meta.cif" })).toThrow(/meta\.cif:1: CIF no data block lists usable atom sites/);
  });
  test("text with no data_ block at all", () => {
    expect(() => readCif("# only a comment\n", { file: "x.cif" })).toThrow(CifParseError);
    expect(() => readCif("_cell_length_a 4\n", { file: "x.cif" })).toThrow(/x\.cif:1: .*before the first data_ block/);
  });
});

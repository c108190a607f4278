// The block parser identifies tags through a process-wide table of interned names (cif-blocks.ts); these tests reach
// the paths the dataset CIFs never take: names that are not interned (non-ASCII, or after the table's file quota is
// used up), mixed with interned ones. Vitest runs each test file in its own module context, so filling the table
// here touches no other test.
import { describe, expect, test } from "vitest";
import { CifParseError } from "../../../src/crystal/errors.js";
import { parseCifBlocks, readCif } from "../../../src/crystal/io/index.js";

const CELL = `_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n`;
const SITES = `loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nSr1 0 0 0\nTi1 0.5 0.5 0.5\n`;

/** A block with `n` distinct made-up items `_t<prefix><i>` (values i). */
function manyTags(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `_t${prefix}${i} ${i}\n`).join("");
}

describe("tag table", () => {
  test("upper case and DDLm dots name the same tag, also in duplicates across items and loops", () => {
    expect(() => parseCifBlocks("data_a\n_Cell.Length_A 1\n_cell_length_a 2\n", "d.cif")).toThrow(/d\.cif:3: CIF tag _cell_length_a appears twice in data block 'a'/);
    expect(() => parseCifBlocks("data_a\n_x 1\nloop_\n_y\n_X\n1 2\n", "d.cif")).toThrow(/d\.cif:5: CIF tag _x appears twice in data block 'a'/);
    expect(() => parseCifBlocks("data_a\nloop_\n_y\n_Y\n1 2\n", "d.cif")).toThrow(/d\.cif:4: CIF tag _y appears twice in the loop_ of line 2/);
    // The same tag in two blocks is no duplicate.
    expect(parseCifBlocks("data_a\n_x 1\ndata_b\n_X 2\n").map((b) => b.items.get("_x"))).toEqual([2, 5]);
  });

  test("a name lowered beyond ASCII is not interned and still meets its ASCII twin", () => {
    // "_X\u212A" (Kelvin sign) lowers to "_xk": the table cannot intern it (its ASCII normalisation differs).
    expect(() => parseCifBlocks("data_a\n_X\u212A 1\n_xk 2\n", "d.cif")).toThrow(/d\.cif:3: CIF tag _xk appears twice/);
    expect(() => parseCifBlocks("data_a\n_xk 1\n_X\u212A 2\n", "d.cif")).toThrow(/d\.cif:3: CIF tag _xk appears twice/);
    const [b] = parseCifBlocks("data_a\n_X\u212A 1\n_\u212A 2\n");
    expect([...b!.items.keys()]).toEqual(["_xk", "_\u212A"]);
  });

  test("once the table's quota for file tags is used up, new tags are read (and checked for duplicates) by name", () => {
    const [big] = parseCifBlocks(`data_big\n${manyTags("a", 1500)}`);
    expect(big!.items.size).toBe(1500);
    expect(big!.items.get("_ta1499")).toBe(2 * 1499 + 2);
    // Tags first seen after the quota are not interned: duplicates among them, and with interned ones, are still found.
    expect(() => parseCifBlocks(`data_a\n${manyTags("b", 3)}_TB1 9\n`, "d.cif")).toThrow(/d\.cif:5: CIF tag _tb1 appears twice/);
    expect(() => parseCifBlocks(`data_a\n_tb0 1\n_ta0 2\n_TA0 3\n`, "d.cif")).toThrow(/d\.cif:4: CIF tag _ta0 appears twice/);
    expect(() => parseCifBlocks(`data_a\n_ta0 1\n_tb0 2\nloop_\n_TB0\n1\n`, "d.cif")).toThrow(/d\.cif:5: CIF tag _tb0 appears twice in data block 'a'/);
    // The readers' own tags were interned when they loaded, so they read files as before.
    const s = readCif(`data_x\n${manyTags("c", 20)}${CELL}${SITES}`);
    expect(Array.from(s.species)).toEqual([38, 22]);
    expect(Array.from(s.fracCoords)).toEqual([0, 0, 0, 0.5, 0.5, 0.5]);
  });

  test("the blocks of one text keep their own tags", () => {
    const text = `data_one\n_only_one 1\n${CELL}${SITES}data_two\n_only_two 2\n${CELL}${SITES}`;
    const [one, two] = parseCifBlocks(text);
    expect(one!.items.has("_only_two")).toBe(false);
    expect(two!.items.has("_only_one")).toBe(false);
    expect(two!.looped.get("_atom_site_fract_z")).toEqual([0, 3]);
    expect(() => parseCifBlocks("data_a\n_x 1\n_x 2\n")).toThrow(CifParseError);
  });
});

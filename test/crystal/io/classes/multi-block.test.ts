// Class: multi-block files. Blocks without atoms are skipped; every structure block is returned.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readCif, readCifs } from "../../../../src/crystal/io/index.js";
import { FIXTURES, entrySummary, readRealWorld } from "../helpers.js";

describe("multi-block files", () => {
  test("a global metadata block and two structures: readCifs returns both, readCif the first", () => {
    const text = readFileSync(FIXTURES + "text-fields-two-blocks.cif", "utf8");
    const all = readCifs(text);
    expect(all.map((e) => [e.block, entrySummary(e).nsites, entrySummary(e).formula])).toEqual([["Po_alpha", 1, "Po"], ["Cu_fcc", 4, "Cu"]]);
    expect(readCif(text).species).toEqual(all[0]!.structure.species);
  });
  test("Pauling File: global block and cells whose sites are all '?' are skipped, one structure is read", () => {
    expect(readRealWorld("pmg-PF_sd_1601634.cif").map((e) => e.block)).toEqual(["sm_isp_SD1601634-standardized_unitcell"]);
  });
  test("space group in one block, atoms in another: the atom block alone, as P1 with a warning", () => {
    expect(readRealWorld("own-multiblock-split-symmetry.cif").map(entrySummary)).toEqual([
      { nsites: 2, formula: "NaCl", warnings: ["no symmetry operations and no space group given: assuming P1 (every atom listed)"] },
    ]);
  });
});

// Class: operations generated from moyo's tables for a Hall symbol, an H-M symbol in any setting or an IT number
// alone, with a warning that says so.
import { describe, expect, test } from "vitest";
import { entrySummary, readRealWorld } from "../helpers.js";

const generated = (ops: number, named: string, number: number, hall: number) =>
  `no symmetry operations listed: generated the ${ops} operations of ${named} (space group ${number}, Hall number ${hall}) from moyo's space-group tables`;

describe("space group given only by symbol or number", () => {
  test.each([
    ["own-hall-symbol-only.cif", 6, "TiO2", generated(16, "Hall symbol '-P 4n 2n'", 136, 419)],
    ["own-hm-p21n-setting.cif", 8, "ZnS", generated(4, "P 1 21/n 1", 14, 82)],
    ["own-origin-choice-1.cif", 8, "C", generated(192, "F d -3 m :1", 227, 525)],
    ["own-rhombohedral-hexagonal-axes.cif", 30, "CaCO3", generated(36, "R -3 c :H", 167, 460)],
    ["own-it-number-only.cif", 8, "NaCl", generated(192, "space group 225", 225, 523)],
  ] as const)("%s: %i sites of %s", (file, nsites, formula, warning) => {
    expect(readRealWorld(file).map(entrySummary)).toEqual([{ nsites, formula, warnings: [warning] }]);
  });
});

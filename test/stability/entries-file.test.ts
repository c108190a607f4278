import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { EntriesFileError, buildHullReferences, readHullEntriesFile } from "../../src/stability/index.js";
import { energyAboveHull } from "../../src/metrics/stability/index.js";

const dir = mkdtempSync(join(tmpdir(), "hull-entries-"));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** The typed error a read throws, or fails the test. */
function errorOf(path: string): EntriesFileError {
  try {
    readHullEntriesFile(path);
  } catch (e) {
    if (e instanceof EntriesFileError) return e;
    throw e;
  }
  throw new Error(`${path} was read without error`);
}

describe("readHullEntriesFile", () => {
  it("reads a CSV with a formula column, ids and formation energies (eV/atom)", () => {
    const csv = "material_id,formula,formation_energy_per_atom\nmp-1,Li2O,-2.0\nmp-2, Li2O2 ,-1.75\n\nmp-3,Fe2 O3,-1.7\n";
    const src = readHullEntriesFile(file("good.csv", csv));
    expect(src.source).toBe(join(dir, "good.csv"));
    expect(src.skipped).toBe(0);
    expect(src.entries.map((e) => [e.id, [...(e.composition as Map<number, number>)], e.energyPerAtom])).toEqual([
      ["mp-1", [[3, 2], [8, 1]], -2.0],
      ["mp-2", [[3, 2], [8, 2]], -1.75],
      ["mp-3", [[26, 2], [8, 3]], -1.7],
    ]);
    // The entries work as hull references: LiO3 (x_O = 3/4) lies halfway between Li2O2 (−1.75 eV/atom) and O (0).
    const refs = buildHullReferences([src]);
    expect(energyAboveHull(refs.phaseDiagram, "Li2O", -2.0)).toBeCloseTo(0, 12);
    expect(energyAboveHull(refs.phaseDiagram, "LiO3", -1)).toBeCloseTo(-1 - -1.75 / 2, 12);
  });

  it("reads a Materials Project JSON export (composition as an element → amount object) and a gzipped copy", () => {
    const json = JSON.stringify([
      { material_id: "mp-1960", formula_pretty: "Li2O", composition: { Li: 8.0, O: 4.0 }, formation_energy_per_atom: -2.0617 },
      { composition: "Fe2O3", formation_energy_per_atom: -1.7 },
      { formula: "LiFeO2", formation_energy_per_atom: "-1.9", id: 17 },
    ]);
    for (const path of [file("mp.json", json), file("mp.json.gz", gzipSync(json))]) {
      const src = readHullEntriesFile(path);
      expect(src.entries.map((e) => [e.id, [...(e.composition as Map<number, number>)], e.energyPerAtom])).toEqual([
        ["mp-1960", [[3, 8], [8, 4]], -2.0617],
        [undefined, [[26, 2], [8, 3]], -1.7],
        ["17", [[3, 1], [26, 1], [8, 2]], -1.9],
      ]);
    }
  });

  const bad: [string, string, string, number, string, RegExp][] = [
    ["missing energy column", "no-energy.csv", "formula,energy\nLi2O,-2\n", 0, "formation_energy_per_atom", /missing column/],
    ["missing composition column", "no-comp.csv", "id,formation_energy_per_atom\nx,-2\n", 0, "composition", /missing column/],
    ["non-numeric energy", "text-energy.csv", "formula,formation_energy_per_atom\nLi2O,-2\nFeO,abc\n", 2, "formation_energy_per_atom", /not a finite number: "abc"/],
    ["empty energy", "empty-energy.csv", "formula,formation_energy_per_atom\nLi2O,\n", 1, "formation_energy_per_atom", /missing value/],
    ["unknown element", "unknown-element.csv", "formula,formation_energy_per_atom\nLi2O,-2\nMnO,-1\nXx2O3,-1\n", 3, "formula", /unknown element "Xx"/],
    ["wrong field count", "fields.csv", "formula,formation_energy_per_atom\nLi2O,-2,7\n", 1, "", /3 fields, the header has 2/],
    ["JSON unknown element key", "bad-key.json", '[{"composition": {"Li": 2, "Qq": 1}, "formation_energy_per_atom": -1}]', 1, "composition", /unknown element "Qq"/],
    ["JSON non-numeric energy", "bad-energy.json", '[{"formula": "LiF", "formation_energy_per_atom": -3}, {"formula": "LiCl", "formation_energy_per_atom": [1]}]', 2, "formation_energy_per_atom", /not a finite number/],
    ["JSON missing composition", "no-comp.json", '[{"material_id": "mp-1", "formation_energy_per_atom": -1}]', 1, "composition", /missing/],
    ["JSON missing energy", "no-energy.json", '[{"formula": "LiF"}]', 1, "formation_energy_per_atom", /missing value/],
    ["JSON that is not an array", "object.json", '{"formula": "LiF"}', 0, "", /expected a JSON array/],
    ["invalid JSON", "broken.json", "[{\"formula\": ", 0, "", /not valid JSON/],
  ];
  for (const [what, name, text, row, field, reason] of bad) {
    it(`${what}: EntriesFileError with file, row ${row} and field "${field}"`, () => {
      const path = file(name, text);
      const e = errorOf(path);
      expect(e.name).toBe("EntriesFileError");
      expect([e.file, e.row, e.field]).toEqual([path, row, field]);
      expect(e.reason).toMatch(reason);
      expect(e.message).toContain(path);
      if (row > 0) expect(e.message).toContain(`row ${row}`);
      if (field) expect(e.message).toContain(`field "${field}"`);
    });
  }

  it("an unreadable file is an EntriesFileError too", () => {
    expect(errorOf(join(dir, "absent.csv")).reason).toMatch(/cannot read the file/);
  });
});

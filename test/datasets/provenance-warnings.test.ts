// Dataset provenance counts the rows whose CIF the reader warned about.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStructuresCsv } from "../../src/datasets/load.js";

const REALWORLD = join(import.meta.dirname, "..", "fixtures", "cif-realworld");
const csvField = (text: string) => `"${text.replace(/"/g, '""')}"`;

describe("provenance.rowsWithWarnings", () => {
  it("counts kept rows whose CIF gave warnings, not clean rows or rejected ones", async () => {
    const warned = readFileSync(join(REALWORLD, "own-capital-type-symbols.cif"), "utf8"); // CA, NB, AL read as elements
    const clean = readFileSync(join(REALWORLD, "pmg-K2O2.cif"), "utf8");
    const broken = readFileSync(join(REALWORLD, "own-question-mark-coordinate.cif"), "utf8");
    const file = join(mkdtempSync(join(tmpdir(), "cw-warn-")), "w.csv");
    writeFileSync(file, ["material_id,cif", ...[warned, clean, warned, broken].map((c, i) => `m${i},${csvField(c)}`)].join("\n") + "\n");
    const d = await loadStructuresCsv(file);
    expect(d.structures.length).toBe(3);
    expect(d.provenance.rowsRejected.map((r) => r.row)).toEqual([4]);
    expect(d.provenance.rowsWithWarnings).toBe(2);
  });
});

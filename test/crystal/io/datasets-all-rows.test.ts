import { join } from "node:path";
// Every CIF of every shared test split parses, without warnings, to a structure with wrapped coordinates; where the
// CSV states the reduced formula (mp_20_biternary pretty_formula), ours agrees.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { reducedFormula } from "../../../src/crystal/composition.js";
import { readCifs } from "../../../src/crystal/io/index.js";
import { parseCsvText } from "../../../src/datasets/csv.js";
import { DATA_DIR } from "./helpers.js";

function table(rel: string) {
  const bytes = readFileSync(join(DATA_DIR, rel));
  const [header, ...rows] = parseCsvText((rel.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8"));
  return { col: (name: string) => header!.fields.indexOf(name), rows: rows.map((r) => r.fields) };
}

/** "Li2O2" / "Ba6Ru3(ClO6)2" → sorted [element, amount] pairs (one level of brackets). */
function formulaAmounts(formula: string): [string, number][] {
  const amounts = new Map<string, number>();
  const add = (text: string, factor: number) => {
    for (const m of text.matchAll(/([A-Z][a-z]?)(\d*\.?\d*)/g)) amounts.set(m[1]!, (amounts.get(m[1]!) ?? 0) + factor * (m[2] ? Number(m[2]) : 1));
  };
  add(formula.replace(/\(([^)]*)\)(\d*)/g, (_, inner: string, k: string) => {
    add(inner, k ? Number(k) : 1);
    return "";
  }), 1);
  return [...amounts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe("all rows of the shared test splits", () => {
  test.each([
    ["perov_5/test.csv", 3785],
    ["carbon_24/test.csv", 2030],
    ["mpts_52/test.csv.gz", 8096],
    ["mp_20_biternary/test.csv.gz", 7118],
  ])("%s: %i CIFs parse without warnings, coordinates in [0, 1)", (rel, count) => {
    const t = table(rel);
    expect(t.rows).toHaveLength(count);
    const cif = t.col("cif");
    const formula = t.col("pretty_formula");
    let formulaChecked = 0;
    for (const [i, row] of t.rows.entries()) {
      const entries = readCifs(row[cif]!, { file: `${rel} row ${i + 1}` });
      expect(entries).toHaveLength(1);
      const e = entries[0]!;
      if (e.warnings.length > 0 && !e.warnings.every((w) => /1\/3 or 2\/3/.test(w))) throw new Error(`${rel} row ${i + 1}: ${e.warnings.join("; ")}`);
      expect(e.disordered).toBe(false);
      const f = e.structure.fracCoords;
      for (let k = 0; k < f.length; k++) if (!(f[k]! >= 0 && f[k]! < 1)) throw new Error(`${rel} row ${i + 1}: coordinate ${f[k]} not in [0, 1)`);
      if (formula >= 0) {
        // Compared as element → amount maps: the element order of the formula string is composition.ts's business
        // (it differs from pymatgen for noble gases, whose electronegativity is undefined, e.g. HeSiO2).
        expect(formulaAmounts(reducedFormula(e.structure.species)), `${rel} row ${i + 1}`).toEqual(formulaAmounts(row[formula]!));
        formulaChecked++;
      }
    }
    if (formula >= 0) expect(formulaChecked).toBe(count);
  });
});

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CrystalError, FormulaError } from "../../src/crystal/errors.js";
import { parseFormula, speciesFromFormula } from "../../src/crystal/formula.js";

const entries = (formula: string) => [...parseFormula(formula)];

/** The FormulaError a call throws (fails the test when it does not throw one). */
function formulaError(f: () => unknown): FormulaError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError);
    return e as FormulaError;
  }
  throw new Error("expected a FormulaError");
}

describe("parseFormula", () => {
  it("reads element amounts in order of first appearance (hand-derived)", () => {
    expect(entries("SrTiO3")).toEqual([[38, 1], [22, 1], [8, 3]]);
    expect(entries("LiFePO4")).toEqual([[3, 1], [26, 1], [15, 1], [8, 4]]);
    expect(entries("Sr1 Ti1 O3")).toEqual([[38, 1], [22, 1], [8, 3]]);
    expect(entries("  Sr2 Ti2\tO6 ")).toEqual([[38, 2], [22, 2], [8, 6]]);
    expect(entries("C")).toEqual([[6, 1]]);
  });

  it("multiplies groups in parentheses and brackets, nested, and adds repeated elements", () => {
    expect(entries("Ca(OH)2")).toEqual([[20, 1], [8, 2], [1, 2]]);
    expect(entries("Mg3(PO4)2")).toEqual([[12, 3], [15, 2], [8, 8]]);
    expect(entries("K4[Fe(CN)6]")).toEqual([[19, 4], [26, 1], [6, 6], [7, 6]]);
    expect(entries("Al2(SO4)3")).toEqual([[13, 2], [16, 3], [8, 12]]);
    expect(entries("CH3COOH")).toEqual([[6, 2], [1, 4], [8, 2]]);
    expect(entries("(NH4)2 (SO4)")).toEqual([[7, 2], [1, 8], [16, 1], [8, 4]]);
  });

  it("reads fractional amounts", () => {
    expect(entries("Fe0.5Ni0.5")).toEqual([[26, 0.5], [28, 0.5]]);
    expect(entries("Li.5CoO2")).toEqual([[3, 0.5], [27, 1], [8, 2]]);
    expect(entries("(Fe0.5Ni0.5)2O")).toEqual([[26, 1], [28, 1], [8, 1]]);
  });

  it("throws FormulaError (a CrystalError) naming the formula and the position", () => {
    const cases: [string, number, RegExp][] = [
      ["", 0, /no element/],
      ["   ", 0, /no element/],
      ["Ca(OH", 2, /"\(" is not closed/],
      ["CaOH)2", 4, /unmatched "\)"/],
      ["Ca(OH]2", 5, /unmatched "\]"/],
      ["Xx2O", 0, /unknown element "Xx"/],
      ["SrTiq3", 4, /unexpected "q"/],
      ["2H2O", 0, /amount without an element/],
      ["Fe0O", 2, /amount 0 is not positive/],
      ["Ca()2", 2, /empty group/],
      ["H2O-", 3, /unexpected "-"/],
    ];
    for (const [formula, position, reason] of cases) {
      const e = formulaError(() => parseFormula(formula));
      expect(e, formula).toBeInstanceOf(CrystalError);
      expect([e.formula, e.position], formula).toEqual([formula, position]);
      expect(e.message, formula).toMatch(reason);
      expect(e.message, formula).toContain(JSON.stringify(formula));
    }
  });
});

describe("speciesFromFormula", () => {
  it("lists one atomic number per atom, elements in order of first appearance", () => {
    expect(speciesFromFormula("SrTiO3")).toEqual([38, 22, 8, 8, 8]);
    expect(speciesFromFormula("Sr2 Ti2 O6")).toEqual([38, 38, 22, 22, 8, 8, 8, 8, 8, 8]);
    expect(speciesFromFormula("Sr1 Ti1 O3")).toEqual([38, 22, 8, 8, 8]);
    expect(speciesFromFormula("Ca(OH)2")).toEqual([20, 8, 8, 1, 1]);
    expect(speciesFromFormula("Fe0.5Ni0.5Fe0.5Ni1.5")).toEqual([26, 28, 28]);
  });

  it("refuses amounts that are not whole numbers of atoms, at the element's first position", () => {
    const e = formulaError(() => speciesFromFormula("SrTi0.5O3"));
    expect(e.position).toBe(2);
    expect(e.message).toMatch(/amount 0\.5 of Ti is not a whole number of atoms/);
    expect(() => speciesFromFormula("Ca(OH")).toThrow(FormulaError);
  });
});

describe("parseFormula against pymatgen Composition", () => {
  const formulas = [
    "SrTiO3", "LiFePO4", "Ca(OH)2", "Mg3(PO4)2", "Fe0.5Ni0.5", "Sr1 Ti1 O3", "Al2(SO4)3", "(NH4)2SO4", "CH3COOH",
    "Ca5(PO4)3(OH)", "Ba(NO3)2", "Fe2O3", "Cs2AgBiBr6", "La0.7Sr0.3MnO3", "Cu(NH3)4(OH)2", "NaCl", "Pm2O3", "Li.5CoO2",
    "Fe1.5(OH)2.5", "K3Fe(CN)6", "HfO2", "Y3Al5O12",
  ];
  const reference = JSON.parse(
    execFileSync("/usr/bin/python3", [join(import.meta.dirname, "..", "py", "crystal_formula_amounts.py"), JSON.stringify(formulas)], { encoding: "utf8" }),
  ) as [string, [number, number][]][];

  it(`gives pymatgen's amounts for ${formulas.length} formulas`, () => {
    expect(reference.map(([f]) => f)).toEqual(formulas);
    for (const [formula, want] of reference) {
      const got = parseFormula(formula);
      expect([...got.keys()].sort((a, b) => a - b), formula).toEqual(want.map(([z]) => z).sort((a, b) => a - b));
      for (const [z, amount] of want) expect(got.get(z)!, `${formula} Z=${z}`).toBeCloseTo(amount, 12);
    }
  });
});

import { describe, expect, it } from "vitest";
import { analyzeSymmetry, latticeParameters, latticeVolume } from "../../src/crystal/index.js";
import { ScreeningInputError, enumeratePrototypeCompositions, parseEnumerationSpec, shannonRadius } from "../../src/screening/index.js";

// Shannon (1976) radii: Sr2+ XII 1.44, Ba2+ XII 1.61, Ti4+ VI 0.605, Zr4+ VI 0.72, O2- VI 1.40, S2- VI 1.84,
// Na+ VI 1.02, Mg2+ VI 0.72, Cl- VI 1.81.
const SPACE = { A: ["Sr", "Ba"], B: ["Ti", "Zr"], X: ["O", "S"] };

describe("enumeratePrototypeCompositions: cubic perovskite ABX3", () => {
  it("gives |A|·|B|·|X| rows; SrTiO3 has a = 2(r_B + r_X) = 4.01 Å and t = (r_A + r_X)/(√2 (r_B + r_X)) = 1.00159", () => {
    const { structures, rows } = enumeratePrototypeCompositions("perovskite", SPACE);
    expect(rows).toHaveLength(8);
    expect(structures).toHaveLength(8);
    expect(rows.map((r) => r.id)).toEqual([
      "enum-perovskite-SrTiO3", "enum-perovskite-SrTiS3", "enum-perovskite-SrZrO3", "enum-perovskite-SrZrS3",
      "enum-perovskite-BaTiO3", "enum-perovskite-BaTiS3", "enum-perovskite-BaZrO3", "enum-perovskite-BaZrS3",
    ]);
    const sto = rows[0]!;
    expect(sto.ions).toBe("Sr+2 Ti+4 O-2");
    expect(sto.latticeConstant).toBeCloseTo(4.01, 12);
    expect(sto.factorName).toBe("tolerance_factor");
    expect(sto.factor).toBeCloseTo(2.84 / (Math.SQRT2 * 2.005), 12);
    expect(sto.factor).toBeCloseTo(1.00159, 5);
    const bzs = rows[7]!;
    expect(bzs.latticeConstant).toBeCloseTo(5.12, 12);
    expect(bzs.factor).toBeCloseTo(3.45 / (Math.SQRT2 * 2.56), 12);
  });

  it("builds the 5-atom Pm-3m cell of the prototypes builder: B at (0,0,0), A at (½,½,½), X at the face centres", () => {
    const s = enumeratePrototypeCompositions("perovskite", { A: ["Sr"], B: ["Ti"], X: ["O"] }).structures[0]!;
    expect(Array.from(s.species)).toEqual([22, 38, 8, 8, 8]);
    expect(Array.from(s.fracCoords)).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5]);
    const p = latticeParameters(s.lattice);
    expect([p.a, p.b, p.c, p.alpha, p.beta, p.gamma].map((x) => Number(x.toFixed(10)))).toEqual([4.01, 4.01, 4.01, 90, 90, 90]);
    expect(analyzeSymmetry(s).number).toBe(221);
    expect(s.properties).toMatchObject({ id: "enum-perovskite-SrTiO3", formula: "SrTiO3", ions: "Sr+2 Ti+4 O-2" });
    expect(s.properties!.tolerance_factor).toBeCloseTo(1.00159, 5);
  });

  it("filters on the tolerance factor window and says why each combination was left out", () => {
    // t: SrTiO3 1.0016, SrTiS3 0.9486, SrZrO3 0.9473, SrZrS3 0.9060, BaTiO3 1.0615, BaTiS3 0.9978, BaZrO3 1.0040, BaZrS3 0.9529.
    const { structures, rows } = enumeratePrototypeCompositions("perovskite", SPACE, { window: [0.95, 1.06] });
    expect(rows).toHaveLength(8);
    expect(structures.map((s) => s.properties!.formula)).toEqual(["SrTiO3", "BaTiS3", "BaZrO3", "BaZrS3"]);
    expect(rows.filter((r) => r.rejected === "outside_window").map((r) => r.formula)).toEqual(["SrTiS3", "SrZrO3", "SrZrS3", "BaTiO3"]);
  });

  it("picks charge-balanced ions (La3+ with Ti3+) and rejects repeated elements and combinations without balance", () => {
    const { rows } = enumeratePrototypeCompositions("perovskite", { A: ["La", "Ti", "Na"], B: ["Ti"], X: ["O"] });
    expect(rows.map((r) => [r.formula, r.ions, r.rejected])).toEqual([
      ["LaTiO3", "La+3 Ti+3 O-2", null],
      ["Ti2O3", null, "repeated_element"],
      ["NaTiO3", null, "no_charge_balance"], // Na+ needs B5+; Ti has 3+ and 4+ only
    ]);
    expect(rows[0]!.latticeConstant).toBeCloseTo(2 * (shannonRadius("Ti", 3, "VI")! + 1.4), 12);
    expect(shannonRadius("Ti", 3, "VI")).toBe(0.67);
  });
});

describe("enumeratePrototypeCompositions: rock salt AX", () => {
  it("NaCl and MgO: primitive fcc cells with a = 2(r_A + r_X); NaO and MgCl have no charge balance", () => {
    const { structures, rows } = enumeratePrototypeCompositions("rocksalt", { A: ["Na", "Mg"], X: ["Cl", "O"] });
    expect(rows.map((r) => [r.id, r.rejected])).toEqual([
      ["enum-rocksalt-NaCl", null], ["enum-rocksalt-Na2O2", "no_charge_balance"] /* pymatgen writes NaO as the peroxide */, ["enum-rocksalt-MgCl", "no_charge_balance"], ["enum-rocksalt-MgO", null],
    ]);
    expect(rows[0]!.latticeConstant).toBeCloseTo(5.66, 12);
    expect(rows[0]!.factor).toBeCloseTo(1.02 / 1.81, 12);
    expect(rows[3]!.latticeConstant).toBeCloseTo(4.24, 12);
    const nacl = structures[0]!;
    expect(nacl.species).toHaveLength(2);
    expect(latticeVolume(nacl.lattice)).toBeCloseTo(5.66 ** 3 / 4, 9);
    expect(analyzeSymmetry(nacl).number).toBe(225);
  });
});

describe("bad enumeration input", () => {
  it("names the unknown element, role or prototype", () => {
    expect(() => enumeratePrototypeCompositions("perovskite", { A: ["Sr"], B: ["Qq"], X: ["O"] })).toThrow(/unknown element "Qq" for role B/);
    expect(() => enumeratePrototypeCompositions("perovskite", { A: ["Sr"], X: ["O"] })).toThrow(/role B needs at least one element/);
    expect(() => enumeratePrototypeCompositions("perovskite", { A: ["Sr"], B: ["Ti"], X: ["O"], Y: ["F"] })).toThrow(/unknown role Y/);
    expect(() => enumeratePrototypeCompositions("spinelz", { A: ["Sr"] })).toThrow(ScreeningInputError);
  });
  it("parses PROTOTYPE:ROLE=EL,EL;… and refuses malformed specs", () => {
    expect(parseEnumerationSpec("perovskite:A=Sr,Ba;B=Ti,Zr;X=O,S")).toEqual({ prototype: "perovskite", elements: SPACE });
    expect(() => parseEnumerationSpec("perovskite")).toThrow(ScreeningInputError);
    expect(() => parseEnumerationSpec("perovskite:A=Sr;B")).toThrow(/"B" is not ROLE=EL/);
    expect(() => parseEnumerationSpec("perovskite:A=Sr;A=Ba")).toThrow(/role A given twice/);
    expect(() => parseEnumerationSpec("garnet:A=Sr")).toThrow(/unknown prototype "garnet"/);
  });
});

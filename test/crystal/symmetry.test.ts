import { describe, expect, it } from "vitest";
import {
  SymmetryError,
  analyzeSymmetry,
  applyOperation,
  asymmetricUnit,
  spaceGroupInfo,
  standardConventionalCell,
  standardPrimitiveCell,
  wyckoffPositions,
} from "../../src/crystal/symmetry/index.js";
import { latticeFromMatrix, latticeParameters, latticeVolume } from "../../src/crystal/lattice.js";
import { mul3, transpose3 } from "../../src/crystal/math3.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { batio3Tetragonal, naclConventional, rutile, srtio3, wurtzite } from "./symmetry.fixtures.js";

/** Every operation must map every site onto a site of the same element (up to a lattice translation). */
function expectOperationsAreSymmetries(s: Structure, ops: ReturnType<typeof analyzeSymmetry>["operations"]): void {
  for (const op of ops) {
    const moved = applyOperation(op, s.fracCoords);
    for (let i = 0; i < s.species.length; i++) {
      const hit = [...s.species.keys()].some((j) => {
        if (s.species[j] !== s.species[i]) return false;
        return [0, 1, 2].every((k) => {
          const d = moved[3 * i + k]! - s.fracCoords[3 * j + k]!;
          return Math.abs(d - Math.round(d)) < 1e-6;
        });
      });
      expect(hit, `op ${JSON.stringify(op)} site ${i}`).toBe(true);
    }
  }
}

describe("analyzeSymmetry", () => {
  it("finds Fm-3m (225) with Wyckoff a×4 b×4 for conventional NaCl", () => {
    const d = analyzeSymmetry(naclConventional);
    expect(d.number).toBe(225);
    expect(d.hmSymbol).toBe("F m -3 m");
    expect(d.hallNumber).toBe(523);
    expect(d.pearsonSymbol).toBe("cF8");
    expect(d.operations).toHaveLength(192);
    expect(d.wyckoffs).toEqual(["a", "a", "a", "a", "b", "b", "b", "b"]);
    expect(d.orbits).toEqual([0, 0, 0, 0, 4, 4, 4, 4]);
    expect(d.siteSymmetrySymbols[0]).toBe("m-3m");
    expect(d.primStdCell.species).toHaveLength(2);
    expect(latticeVolume(d.primStdCell.lattice)).toBeCloseTo(5.64 ** 3 / 4, 6);
  });

  it("finds Pm-3m (221) with Sr 1a, Ti 1b, O 3c for cubic SrTiO3", () => {
    const d = analyzeSymmetry(srtio3);
    expect(d.number).toBe(221);
    expect(d.hmSymbol).toBe("P m -3 m");
    expect(d.wyckoffs).toEqual(["a", "b", "c", "c", "c"]);
    expect(d.operations).toHaveLength(48);
  });

  it("finds P4_2/mnm (136) with Ti 2a and O 4f for rutile", () => {
    const d = analyzeSymmetry(rutile);
    expect(d.number).toBe(136);
    expect(d.wyckoffs).toEqual(["a", "a", "f", "f", "f", "f"]);
    expect(d.orbits).toEqual([0, 0, 2, 2, 2, 2]);
    expectOperationsAreSymmetries(rutile, d.operations);
  });

  it("finds P6_3mc (186) with both wurtzite sites on 2b, and its operations (row-major) are symmetries", () => {
    const d = analyzeSymmetry(wurtzite);
    expect(d.number).toBe(186);
    expect(d.hmSymbol).toBe("P 6_3 m c");
    expect(d.wyckoffs).toEqual(["b", "b", "b", "b"]);
    expect(d.operations).toHaveLength(12);
    expectOperationsAreSymmetries(wurtzite, d.operations);
  });

  it("finds P4mm (99) for a tetragonally distorted BaTiO3 at symprec 1e-3 and 0.1 Å", () => {
    for (const symprec of [1e-3, 0.1]) {
      const d = analyzeSymmetry(batio3Tetragonal, { symprec });
      expect(d.number).toBe(99);
      expect(d.wyckoffs).toEqual(["a", "b", "b", "c", "c"]);
    }
  });

  it("keeps the hexagonal standard cell's lattice vectors as rows (a = b, γ = 120°) whatever the input basis order", () => {
    // wurtzite with the basis permuted (c, a, b): the standardised cell must still be a = b ≠ c, γ = 120°.
    const m = wurtzite.lattice.matrix;
    const permuted = makeStructure({
      lattice: latticeFromMatrix([m[6]!, m[7]!, m[8]!, m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!]),
      species: wurtzite.species,
      fracCoords: [0, 1, 2, 3].flatMap((i) => [wurtzite.fracCoords[3 * i + 2]!, wurtzite.fracCoords[3 * i]!, wurtzite.fracCoords[3 * i + 1]!]),
    });
    const d = analyzeSymmetry(permuted);
    expect(d.number).toBe(186);
    const p = latticeParameters(d.stdCell.lattice);
    expect(p.a).toBeCloseTo(3.25, 6);
    expect(p.b).toBeCloseTo(3.25, 6);
    expect(p.c).toBeCloseTo(5.21, 6);
    expect(p.gamma).toBeCloseTo(120, 6);
    expect(p.alpha).toBeCloseTo(90, 6);
  });

  it("reports the origin shift of a shifted cell and standardises it back", () => {
    const shifted = makeStructure({ ...srtio3, fracCoords: srtio3.fracCoords.map((x) => x + 0.1) });
    const d = analyzeSymmetry(shifted);
    expect(d.number).toBe(221);
    const std = standardConventionalCell(shifted);
    expect(latticeParameters(std.lattice).a).toBeCloseTo(3.905, 8);
    expect(std.species).toHaveLength(5);
    expect(standardPrimitiveCell(naclConventional).species).toHaveLength(2);
  });

  it("relates a rotated, shifted primitive NaCl cell to its standard cell by stdRotationMatrix · B · stdLinear and the origin shift", () => {
    const a = 5.64, c = Math.cos(0.3), s = Math.sin(0.3);
    const rotation = [c, -s, 0, s, c, 0, 0, 0, 1];
    const rows = mul3([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0], transpose3(rotation));
    const prim = makeStructure({ lattice: latticeFromMatrix(rows), species: [11, 17], fracCoords: [0.1, 0.1, 0.1, 0.6, 0.6, 0.6] });
    const d = analyzeSymmetry(prim);
    expect(d.number).toBe(225);
    expect(d.stdCell.species).toHaveLength(8);
    const stdColumns = mul3(mul3(d.stdRotationMatrix, transpose3(rows)), d.stdLinear);
    Array.from(transpose3(stdColumns)).forEach((x, i) => expect(x).toBeCloseTo(d.stdCell.lattice.matrix[i]!, 8));
    Array.from(d.stdCell.lattice.matrix).forEach((x, i) => expect(x).toBeCloseTo(i % 4 === 0 ? a : 0, 8));
    d.stdOriginShift.forEach((x) => expect(x).toBeCloseTo(0.1, 8));
  });

  it("follows spglib's pivot tolerance by default: a perovskite with ~0.04–0.08 Å displacements is P4mm, not Pm-3m", () => {
    // Perov-5 test row 107 (NbCdO3). With the mirror x → −x anchored on Cd (spglib's pivot) an O atom is 0.119 Å
    // from its image (> symprec 0.1 Å); moyo alone optimises the translation and finds every atom within 0.085 Å.
    const nbcdo3 = makeStructure({
      lattice: latticeFromMatrix([4.0849947, 0, 0, 0, 4.0849947, 0, 0, 0, 4.0849947]),
      species: [48, 41, 8, 8, 8],
      fracCoords: [0.02066206, 0, 0, 0.50969354, 0.5, 0.5, 0.50614391, 0, 0.5, 0.50614391, 0.5, 0, 0.00849588, 0.5, 0.5],
    });
    expect(analyzeSymmetry(nbcdo3, { symprec: 0.1, tolerance: "moyo" }).number).toBe(221);
    const d = analyzeSymmetry(nbcdo3, { symprec: 0.1 });
    expect(d.number).toBe(99);
    expect(d.symprec).toBeLessThan(0.1);
  });

  it("throws a SymmetryError naming moyo's cause for overlapping atoms", () => {
    const overlapping = makeStructure({ lattice: latticeFromMatrix([3, 0, 0, 0, 3, 0, 0, 0, 3]), species: [1, 1], fracCoords: [0, 0, 0, 0, 0, 0] });
    expect(() => analyzeSymmetry(overlapping)).toThrow(SymmetryError);
    expect(() => analyzeSymmetry(overlapping)).toThrow(/PrimitiveSymmetrySearchError \(atoms closer than symprec/);
  });

  it("rejects a non-positive symprec and disordered structures", () => {
    expect(() => analyzeSymmetry(srtio3, { symprec: 0 })).toThrow(/symprec/);
    const disordered = makeStructure({ ...srtio3, occupancies: [0.5, 1, 1, 1, 1] });
    expect(() => analyzeSymmetry(disordered)).toThrow(/disordered/);
  });
});

describe("space-group tables", () => {
  it("spaceGroupInfo(225) gives F m -3 m, cubic, point group m-3m, Hall number 523", () => {
    const g = spaceGroupInfo(225);
    expect(g).toMatchObject({ number: 225, hmShort: "F m -3 m", crystalSystem: "Cubic", pointGroup: "m-3m", hallNumber: 523, bravaisClass: "cF" });
    expect(g.hallNumbers).toEqual([523]);
  });

  it("spaceGroupInfo(227) lists both origin choices and uses origin choice 2 (ITA standard)", () => {
    const g = spaceGroupInfo(227);
    expect(g.hallNumbers).toEqual([525, 526]);
    expect(g.hallNumber).toBe(526);
  });

  it("wyckoffPositions(hall of 136) lists 4f as x,x,0 with site symmetry m.2m", () => {
    const f = wyckoffPositions(spaceGroupInfo(136).hallNumber).find((w) => w.letter === "f");
    expect(f).toEqual({ letter: "f", multiplicity: 4, siteSymmetry: "m.2m", coordinates: "x,x,0" });
  });

  it("rejects space group 0 and 231 and Hall number 531", () => {
    expect(() => spaceGroupInfo(0)).toThrow(SymmetryError);
    expect(() => spaceGroupInfo(231)).toThrow(/231/);
    expect(() => wyckoffPositions(531)).toThrow(SymmetryError);
  });
});

describe("asymmetricUnit", () => {
  it("keeps one site per orbit of rutile: Ti 2a and O 4f", () => {
    const au = asymmetricUnit(rutile);
    expect(Array.from(au.structure.species)).toEqual([22, 8]);
    expect(au.multiplicities).toEqual([2, 4]);
    expect(au.wyckoffs).toEqual(["a", "f"]);
    expect(au.siteIndices).toEqual([0, 2]);
  });
});

import { describe, expect, it } from "vitest";
import {
  SymmetryError,
  analyzeSymmetry,
  asymmetricUnit,
  fitWyckoffVariables,
  idealLatticeParameters,
  parseWyckoffCoordinates,
  spaceGroupInfo,
  structureFromWyckoff,
  wyckoffPoint,
  wyckoffPositions,
} from "../../src/crystal/symmetry/index.js";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import type { Structure } from "../../src/crystal/structure.js";
import { RUTILE_X, naclConventional, rutile, srtio3 } from "./symmetry.fixtures.js";

/** The sites of a structure as sorted "Z x y z" strings (coordinates wrapped, 6 decimals): equal sets ⇔ same cell content. */
function siteSet(s: Structure): string[] {
  return [...s.species.keys()]
    .map((i) => [s.species[i], ...[0, 1, 2].map((k) => {
      const x = s.fracCoords[3 * i + k]!;
      const w = Math.round((x - Math.floor(x)) * 1e6) / 1e6;
      return (w === 1 ? 0 : w).toFixed(6);
    })].join(" "))
    .sort();
}

describe("parseWyckoffCoordinates", () => {
  it("reads 1/8,y,-y+1/4 as an affine map of y", () => {
    const a = parseWyckoffCoordinates("1/8,y,-y+1/4");
    expect(a.freeVariables).toEqual([1]);
    const p = wyckoffPoint(a, [0, 0.3, 0]);
    [0.125, 0.3, -0.05].forEach((x, i) => expect(p[i]).toBeCloseTo(x, 14));
  });

  it("reads x,2x,z and x-y style terms", () => {
    expect(wyckoffPoint(parseWyckoffCoordinates("x,2x,z"), [0.1, 9, 0.3])).toEqual([0.1, 0.2, 0.3]);
    expect(parseWyckoffCoordinates("x-y,x,z").A).toEqual([1, -1, 0, 1, 0, 0, 0, 0, 1]);
    expect(() => parseWyckoffCoordinates("x,y")).toThrow(SymmetryError);
    expect(() => parseWyckoffCoordinates("x,q,z")).toThrow(SymmetryError);
  });

  it("fits back the variables of a point on every Wyckoff position of all 530 settings", () => {
    const v = [0.1234, 0.3579, 0.2713];
    for (let hall = 1; hall <= 530; hall++)
      for (const w of wyckoffPositions(hall)) {
        const a = parseWyckoffCoordinates(w.coordinates);
        const p = wyckoffPoint(a, v);
        const fit = fitWyckoffVariables(a, p.map((x) => x - Math.floor(x)), (d) => Math.hypot(...d), 1e-9);
        expect(fit, `hall ${hall} ${w.letter} ${w.coordinates}`).not.toBeNull();
        expect(wyckoffPoint(a, fit!).map((x, i) => Math.abs(x - p[i]! - Math.round(x - p[i]!)) < 1e-12)).toEqual([true, true, true]);
      }
  });
});

describe("idealLatticeParameters", () => {
  it("squares monoclinic α, γ, averages tetragonal a, b and makes trigonal cells hexagonal", () => {
    const p = { a: 5.4, b: 5.6, c: 9.4, alpha: 90.04, beta: 125.2, gamma: 89.97 };
    expect(idealLatticeParameters(14, p)).toEqual({ ...p, alpha: 90, gamma: 90 });
    expect(idealLatticeParameters(136, p)).toEqual({ a: 5.5, b: 5.5, c: 9.4, alpha: 90, beta: 90, gamma: 90 });
    expect(idealLatticeParameters(166, p)).toEqual({ a: 5.5, b: 5.5, c: 9.4, alpha: 90, beta: 90, gamma: 120 });
    expect(idealLatticeParameters(225, { a: 4, b: 5, c: 6, alpha: 91, beta: 90, gamma: 90 })).toEqual({ a: 5, b: 5, c: 5, alpha: 90, beta: 90, gamma: 90 });
    expect(idealLatticeParameters(2, p)).toEqual(p);
  });
});

describe("structureFromWyckoff", () => {
  it("rebuilds conventional NaCl from Fm-3m, Na 4a, Cl 4b", () => {
    const s = structureFromWyckoff({ spaceGroup: 225, lattice: { a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90 }, sites: [{ element: "Na", wyckoff: "4a" }, { element: "Cl", wyckoff: "b" }] });
    expect(siteSet(s)).toEqual(siteSet(naclConventional));
  });

  it("rebuilds rutile from P4_2/mnm, Ti 2a, O 4f (x = 0.305)", () => {
    const s = structureFromWyckoff({ spaceGroup: 136, lattice: rutile.lattice, sites: [{ element: 22, wyckoff: "a" }, { element: "O", wyckoff: "f", params: [RUTILE_X, 0, 0] }] });
    expect(siteSet(s)).toEqual(siteSet(rutile));
  });

  it("rebuilds cubic perovskite SrTiO3 from Pm-3m, Sr 1a, Ti 1b, O 3c", () => {
    const s = structureFromWyckoff({ spaceGroup: 221, lattice: srtio3.lattice, sites: [{ element: "Sr", wyckoff: "a" }, { element: "Ti", wyckoff: "b" }, { element: "O", wyckoff: "3c" }] });
    expect(siteSet(s)).toEqual(siteSet(srtio3));
  });

  it("builds spinel MgAl2O4 (Fd-3m, Mg 8a, Al 16d, O 32e) whose asymmetric unit is one site per orbit", () => {
    const spinel = structureFromWyckoff({
      spaceGroup: 227,
      lattice: latticeFromParameters(8.08, 8.08, 8.08, 90, 90, 90),
      sites: [{ element: "Mg", wyckoff: "a" }, { element: "Al", wyckoff: "d" }, { element: "O", wyckoff: "e", params: [0.2624, 0, 0] }],
    });
    expect(spinel.species).toHaveLength(56);
    const d = analyzeSymmetry(spinel);
    expect(d.number).toBe(227);
    const au = asymmetricUnit(spinel);
    expect(Array.from(au.structure.species)).toEqual([12, 13, 8]);
    expect(au.multiplicities).toEqual([8, 16, 32]);
    expect(au.wyckoffs).toEqual(["a", "d", "e"]);
  });

  it("gives each Wyckoff position of every space group exactly its multiplicity for generic parameters", () => {
    for (let n = 1; n <= 230; n++) {
      const info = spaceGroupInfo(n);
      const hex = info.latticeSystem === "Hexagonal" || info.latticeSystem === "Rhombohedral";
      const lattice = latticeFromParameters(10, 10, 12, 90, 90, hex ? 120 : 90);
      for (const w of wyckoffPositions(info.hallNumber)) {
        const s = structureFromWyckoff({ spaceGroup: n, lattice, sites: [{ element: 6, wyckoff: w.letter, params: [0.1234, 0.3579, 0.2713] }] }); // no special relation such as y = 2x
        expect(s.species.length, `group ${n} ${w.multiplicity}${w.letter}`).toBe(w.multiplicity);
      }
    }
  });

  it("names the site, letter and group when a letter does not exist or params are missing", () => {
    const lattice = srtio3.lattice;
    expect(() => structureFromWyckoff({ spaceGroup: 221, lattice, sites: [{ element: "O", wyckoff: "z" }] })).toThrow(/site 0 \(O z\) of space group 221: no Wyckoff position "z"/);
    expect(() => structureFromWyckoff({ spaceGroup: 136, lattice: rutile.lattice, sites: [{ element: "O", wyckoff: "f" }] })).toThrow(/x,x,0 need params/);
    expect(() => structureFromWyckoff({ spaceGroup: 221, lattice, sites: [{ element: "O", wyckoff: "2c" }] })).toThrow(/multiplicity 3/);
    expect(() => structureFromWyckoff({ spaceGroup: 300, lattice, sites: [] })).toThrow(SymmetryError);
  });
});

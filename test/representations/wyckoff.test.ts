import { describe, expect, it } from "vitest";
import { structureFromWyckoffRepresentation, wyckoffRepresentation } from "../../src/representations/wyckoff.js";
import { readCif } from "../../src/crystal/io/index.js";
import { distanceMatrix } from "../../src/crystal/distances.js";
import type { Structure } from "../../src/crystal/structure.js";
import { analyzeSymmetry, standardPrimitiveCell, structureFromWyckoff } from "../../src/crystal/symmetry/index.js";
import { RUTILE_X, rutile, srtio3, wurtzite } from "../crystal/symmetry.fixtures.js";
import { datasetCifs, everyNth } from "./dataset-cifs.js";

/**
 * Largest difference (Å) between the sorted lists of (element pair, periodic distance) of two cells with the same
 * sites in possibly different settings; Infinity when the compositions differ.
 */
function distanceListDifference(a: Structure, b: Structure): number {
  const list = (s: Structure) => {
    const n = s.species.length;
    const D = distanceMatrix(s);
    const out: [string, number][] = [];
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) out.push([[s.species[i], s.species[j]].sort((x, y) => x! - y!).join("-"), D[i * n + j]!]);
    return out.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  };
  if ([...a.species].sort().join() !== [...b.species].sort().join()) return Infinity;
  const [la, lb] = [list(a), list(b)];
  let worst = 0;
  for (let k = 0; k < la.length; k++) {
    if (la[k]![0] !== lb[k]![0]) return Infinity;
    worst = Math.max(worst, Math.abs(la[k]![1] - lb[k]![1]));
  }
  return worst;
}

function expectRoundTrip(s: Structure, symprec: number, label: string): void {
  const rep = wyckoffRepresentation(s, { symprec });
  const rebuilt = structureFromWyckoffRepresentation(rep);
  const std = analyzeSymmetry(s, { symprec }).stdCell;
  expect(rebuilt.species.length, label).toBe(rep.sites.reduce((n, t) => n + t.multiplicity, 0));
  expect(distanceListDifference(rebuilt, std), label).toBeLessThan(4 * symprec);
  expect(analyzeSymmetry(rebuilt, { symprec: 1e-3 }).number, label).toBe(rep.spaceGroup);
}

describe("wyckoffRepresentation", () => {
  it("describes rutile as P4_2/mnm with Ti 2a and O 4f (x = 0.305)", () => {
    const rep = wyckoffRepresentation(rutile);
    expect(rep.spaceGroup).toBe(136);
    expect(rep.sites.map((t) => `${t.element} ${t.multiplicity}${t.wyckoff}`)).toEqual(["Ti 2a", "O 4f"]);
    expect(rep.sites[1]!.params[0]).toBeCloseTo(RUTILE_X, 10); // the smallest of the equivalent choices x, 1 − x
    expect(rep.lattice.a).toBeCloseTo(4.594, 8);
    expect(rep.lattice.c).toBeCloseTo(2.959, 8);
  });

  it("describes SrTiO3 as Pm-3m 1a + 1b + 3c and wurtzite as P6_3mc 2b + 2b with a free z", () => {
    expect(wyckoffRepresentation(srtio3).sites.map((t) => `${t.element}${t.wyckoff}`)).toEqual(["Sr" + "a", "Ti" + "b", "O" + "c"]);
    const w = wyckoffRepresentation(wurtzite);
    expect(w.spaceGroup).toBe(186);
    expect(w.sites.map((t) => `${t.element} ${t.multiplicity}${t.wyckoff}`)).toEqual(["Zn 2b", "O 2b"]);
    expect(Math.abs(w.sites[1]!.params[2] - w.sites[0]!.params[2] - 0.382)).toBeCloseTo(0, 8);
  });

  it("recovers R-3m Bi2Te3 (Bi 6c, Te 3a, Te 6c) in hexagonal axes from its 5-atom rhombohedral primitive cell", () => {
    const conventional = structureFromWyckoff({
      spaceGroup: 166,
      lattice: { a: 4.38, b: 4.38, c: 30.5, alpha: 90, beta: 90, gamma: 120 },
      sites: [{ element: "Bi", wyckoff: "c", params: [0, 0, 0.4] }, { element: "Te", wyckoff: "a" }, { element: "Te", wyckoff: "c", params: [0, 0, 0.788] }],
    });
    expect(conventional.species).toHaveLength(15);
    const primitive = standardPrimitiveCell(conventional);
    expect(primitive.species).toHaveLength(5);
    const rep = wyckoffRepresentation(primitive);
    expect(rep.spaceGroup).toBe(166);
    expect(rep.lattice.gamma).toBe(120);
    expect(rep.lattice.c).toBeCloseTo(30.5, 8);
    // z and −z describe the same 6c orbit: the representation keeps the smaller value.
    const tokens = rep.sites.map((t) => `${t.element} ${t.multiplicity}${t.wyckoff} ${t.params[2].toFixed(3)}`).sort();
    expect(tokens).toEqual(["Bi 6c 0.400", "Te 3a 0.000", "Te 6c 0.212"]);
    expect(distanceListDifference(structureFromWyckoffRepresentation(rep), conventional)).toBeLessThan(1e-8);
  });

  it("round-trips the hand-built crystals exactly", () => {
    for (const [s, name] of [[rutile, "rutile"], [srtio3, "SrTiO3"], [wurtzite, "wurtzite"]] as const) {
      const rebuilt = structureFromWyckoffRepresentation(wyckoffRepresentation(s));
      expect(distanceListDifference(rebuilt, analyzeSymmetry(s).stdCell), name).toBeLessThan(1e-9);
    }
  });

  it("round-trips 1 in 40 Perov-5 and MPTS-52 test structures at symprec 0.1 Å (same sites, same space group)", () => {
    const cifs = [...everyNth(datasetCifs("perov_5/test.csv"), 40), ...everyNth(datasetCifs("mpts_52/test.csv.gz"), 40)];
    expect(cifs.length).toBeGreaterThan(290);
    cifs.forEach((cif, k) => expectRoundTrip(readCif(cif), 0.1, `structure ${k}`));
  }, 120_000);
});

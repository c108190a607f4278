import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  PhaseDiagramError,
  buildPhaseDiagram,
  energyAboveHull,
  hullEnergyPerAtom,
} from "../../src/metrics/stability/index.js";

interface Case {
  elements: string[];
  entries: { composition: Record<string, number>; energyPerAtom: number }[];
  queries: { composition: Record<string, number>; energyPerAtom: number; eAboveHull: number; hull: number }[];
  referenceEAboveHull: number[];
}
const cases = JSON.parse(execFileSync("/usr/bin/python3", ["test/py/metrics_hull.py"], { encoding: "utf8" })) as Case[];

describe("convex hull and energy above hull (vs pymatgen PhaseDiagram)", () => {
  for (const c of cases) {
    it(`agrees with pymatgen on the ${c.elements.join("-")} system (hull energies and e_above_hull to 1e-9 eV/atom)`, () => {
      const pd = buildPhaseDiagram(c.entries);
      for (const q of c.queries) {
        expect(Math.abs(hullEnergyPerAtom(pd, q.composition).energyPerAtom - q.hull)).toBeLessThan(1e-9);
        expect(Math.abs(energyAboveHull(pd, q.composition, q.energyPerAtom) - q.eAboveHull)).toBeLessThan(1e-9);
      }
      c.entries.forEach((e, i) => {
        expect(Math.abs(energyAboveHull(pd, e.composition, e.energyPerAtom) - c.referenceEAboveHull[i]!)).toBeLessThan(1e-9);
      });
    });
  }

  it("decomposes a hand-made Li–O point onto its two neighbouring hull phases", () => {
    const pd = buildPhaseDiagram([
      { composition: "Li", energyPerAtom: -2 },
      { composition: "O2", energyPerAtom: -5 },
      { composition: "Li2O", energyPerAtom: -5 },
    ]);
    // LiO (x_O = 0.5) lies between Li2O (1/3) and O2 (1): hull = ¾·(−5) + ¼·(−5) = −5
    const h = hullEnergyPerAtom(pd, "LiO");
    expect(h.energyPerAtom).toBeCloseTo(-5, 12);
    expect(h.decomposition.map((d) => d.entry.composition).sort()).toEqual(["Li2O", "O2"]);
    // Li3O (x_O = 0.25): between Li (0) and Li2O (1/3): ¼·(−2) + ¾·(−5) = −4.25
    expect(energyAboveHull(pd, { Li: 3, O: 1 }, -4)).toBeCloseTo(0.25, 12);
  });

  it("reports a missing terminal entry as a PhaseDiagramError", () => {
    const pd = buildPhaseDiagram([{ composition: "Li", energyPerAtom: -2 }]);
    expect(() => hullEnergyPerAtom(pd, "Li2O")).toThrow(PhaseDiagramError);
  });
});

import { describe, expect, it } from "vitest";
import { buildHullReferences, hullCoverage } from "../../src/stability/index.js";

// Hand-built references: Li–O and Fe–O binaries, Li–Fe–O ternary; nothing with Li–Fe, nothing with Na–Cl.
const refs = buildHullReferences([
  {
    source: "hand-built",
    skipped: 0,
    entries: [
      { composition: "Li2O", energyPerAtom: -2.07 },
      { composition: "Fe2O3", energyPerAtom: -1.7 },
      { composition: "LiFeO2", energyPerAtom: -1.9 },
      { composition: "Na", energyPerAtom: 0.01 },
    ],
  },
]);
const pd = refs.phaseDiagram;

describe("hullCoverage", () => {
  it("a covered binary: its one subsystem has entries", () => {
    expect(hullCoverage(pd, "Li4O2")).toEqual({ chemicalSystem: "Li-O", subsystems: 1, covered: 1, coveredFraction: 1, missing: [], uncovered: false });
  });

  it("a ternary with a missing binary: 3 of 4 subsystems covered, Fe-Li named", () => {
    expect(hullCoverage(pd, { Li: 1, Fe: 2, O: 4 })).toEqual({ chemicalSystem: "Fe-Li-O", subsystems: 4, covered: 3, coveredFraction: 0.75, missing: ["Fe-Li"], uncovered: false });
  });

  it("an uncovered system: no entry of its own elements, flagged (E_hull only against elements then)", () => {
    expect(hullCoverage(pd, "NaCl")).toEqual({ chemicalSystem: "Cl-Na", subsystems: 1, covered: 0, coveredFraction: 0, missing: ["Cl-Na"], uncovered: true });
    // A quaternary whose full system and two ternaries lack entries: smallest missing systems first.
    const c = hullCoverage(pd, "NaLiFeO3");
    expect(c.chemicalSystem).toBe("Fe-Li-Na-O");
    expect([c.subsystems, c.covered, c.uncovered]).toEqual([11, 3, true]);
    expect(c.missing).toEqual(["Fe-Li", "Fe-Na", "Li-Na", "Na-O", "Fe-Li-Na", "Fe-Na-O", "Li-Na-O", "Fe-Li-Na-O"]);
  });

  it("a single element has no subsystem to cover", () => {
    expect(hullCoverage(pd, "Fe")).toEqual({ chemicalSystem: "Fe", subsystems: 0, covered: 0, coveredFraction: 1, missing: [], uncovered: false });
  });
});

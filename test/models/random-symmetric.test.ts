// The random-symmetric search family: Wyckoff assignments derived by hand, generated crystals checked with spglib and
// pymatgen (/usr/bin/python3), the volume estimate, seeding, and refusals.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { reducedFormula } from "../../src/crystal/composition.js";
import { element } from "../../src/crystal/elements.js";
import { latticeFromParameters, latticeVolume } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { analyzeSymmetry } from "../../src/crystal/symmetry/index.js";
import { ModelRequestError, modelFamily } from "../../src/models/index.js";
import { CLOSE_PACKING_VOLUME_FACTOR, summedSphereVolume } from "../../src/models/random-symmetric/atomic-volume.js";
import { SearchExhaustedError, attemptsSummary } from "../../src/models/random-symmetric/attempts.js";
import { assignmentLabel, feasibleFormulaUnits, wyckoffAssignments } from "../../src/models/random-symmetric/wyckoff-combinations.js";

const NA = 11, CL = 17, SR = 38, TI = 22, O = 8;

/** spglib space group (symprec 0.1 Å) and, per pair of sites (i ≤ j, periodic images included), the shortest distance (Å, pymatgen). */
const PY = `
import json, sys, spglib
from pymatgen.core import Lattice, Structure
out = []
for c in json.load(sys.stdin):
    s = Structure(Lattice(c["lattice"]), c["species"], c["frac"])
    sg = spglib.get_symmetry_dataset((s.lattice.matrix, s.frac_coords, s.atomic_numbers), symprec=0.1)["number"]
    ci, pi, _, d = s.get_neighbor_list(12.0)
    best = {}
    for i, j, x in zip(ci, pi, d):
        k = (int(min(i, j)), int(max(i, j)))
        best[k] = min(best.get(k, 1e9), float(x))
    out.append({"sg": int(sg), "pairs": [[i, j, x] for (i, j), x in best.items()]})
print(json.dumps(out))
`;

function pythonCheck(crystals: readonly Structure[]): { sg: number; pairs: [number, number, number][] }[] {
  const input = JSON.stringify(crystals.map((s) => ({ lattice: [0, 3, 6].map((r) => Array.from(s.lattice.matrix.slice(r, r + 3))), species: Array.from(s.species), frac: [...Array(s.species.length).keys()].map((i) => Array.from(s.fracCoords.slice(3 * i, 3 * i + 3))) })));
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", PY], { input, encoding: "utf8", timeout: 120_000 }));
}

/** An assignment's label with its orbits sorted (the enumeration lists letters in the table's order). */
const canonical = (a: Parameters<typeof assignmentLabel>[0]) => assignmentLabel(a).split(" ").sort().join(" ");
const sortedLabels = (labels: string[]) => new Set(labels.map((l) => l.split(" ").sort().join(" ")));
const cubicPerovskite = (species: number[], a: number, id: string) =>
  makeStructure({ lattice: latticeFromParameters(a, a, a, 90, 90, 90), species, fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id } });
const perovskites = [cubicPerovskite([SR, TI, O, O, O], 3.9, "SrTiO3"), cubicPerovskite([56, 40, O, O, O], 4.2, "BaZrO3"), cubicPerovskite([20, TI, O, O, O], 3.8, "CaTiO3")];

describe("Wyckoff assignments (derived by hand from the ITA tables)", () => {
  it("NaCl in Fm-3m (225), 4 formula units: Na and Cl on 4a and 4b, either way round", () => {
    expect(new Set(wyckoffAssignments([[NA, 4], [CL, 4]], 225).map(canonical))).toEqual(sortedLabels(["Na:4a Cl:4b", "Na:4b Cl:4a"]));
  });

  it("SrTiO3 in Pm-3m (221): Sr and Ti on 1a/1b, O on 3c or 3d — four assignments", () => {
    expect(new Set(wyckoffAssignments([[SR, 1], [TI, 1], [O, 3]], 221).map(canonical))).toEqual(
      sortedLabels(["Sr:1a Ti:1b O:3c", "Sr:1a Ti:1b O:3d", "Sr:1b Ti:1a O:3c", "Sr:1b Ti:1a O:3d"]),
    );
  });

  it("NaCl in Fm-3m at 8 formula units: 8c for one element, 4a + 4b for the other (the fixed letters once each)", () => {
    expect(new Set(wyckoffAssignments([[NA, 8], [CL, 8]], 225).map(canonical))).toEqual(sortedLabels(["Na:8c Cl:4a Cl:4b", "Na:4a Na:4b Cl:8c"]));
  });

  it("a free letter may be used again: Si2 in P1 is 1a twice; the feasible formula units of NaCl in Fm-3m are 4 and 8", () => {
    expect(wyckoffAssignments([[14, 2]], 1).map(assignmentLabel)).toEqual(["Si:1a Si:1a"]);
    expect(feasibleFormulaUnits([[NA, 1], [CL, 1]], 225, 8)).toEqual([4, 8]);
    // Ia-3d (230): smallest multiplicity 16, so 1–8 formula units of NaCl never fit.
    expect(feasibleFormulaUnits([[NA, 1], [CL, 1]], 230, 8)).toEqual([]);
  });
});

describe("random symmetric crystals", () => {
  const cases: [string, number][] = [["NaCl", 225], ["SrTiO3", 99], ["ZnO", 186], ["Al2O3", 167], ["TiO2", 136], ["KNO3", 62], ["CaCO3", 14], ["CuSO4", 2]];

  it("have the requested formula and space group (moyo and spglib), contacts ≥ 0.5 × Σ covalent radii (pymatgen distances) and the estimated volume", async () => {
    const model = modelFamily("random-symmetric").create();
    const crystals: Structure[] = [];
    for (const [formula, group] of cases) crystals.push(...(await model.sample({ compositions: [formula], spaceGroup: group, seed: 7 })));
    const py = pythonCheck(crystals);
    crystals.forEach((s, k) => {
      const [formula, group] = cases[k]!;
      expect(reducedFormula(s.species)).toBe(formula);
      expect(s.properties?.spaceGroup).toBe(group);
      expect(analyzeSymmetry(s, { symprec: 0.1 }).number).toBe(group);
      expect(py[k]!.sg).toBe(group);
      const r = (i: number) => element(s.species[i]!).covalentRadius;
      const ratio = Math.min(...py[k]!.pairs.map(([i, j, d]) => d / (r(i) + r(j))));
      expect(ratio).toBeGreaterThanOrEqual(0.5 - 1e-9);
      // untrained: close packing, V = 3√2/π × Σ 4/3 π r³
      expect(latticeVolume(s.lattice) / summedSphereVolume(s.species)).toBeCloseTo(CLOSE_PACKING_VOLUME_FACTOR, 8);
      expect(Number.isInteger(s.properties?.attempts) && (s.properties!.attempts as number) >= 1).toBe(true);
    });
    const summary = attemptsSummary(crystals);
    expect(summary.crystals).toBe(cases.length);
    expect(summary.totalAttempts).toBe(crystals.reduce((t, s) => t + (s.properties!.attempts as number), 0));
  });

  it("are seeded: the same seed gives the same crystals, another seed others", async () => {
    const model = modelFamily("random-symmetric").create();
    const plain = (s: Structure) => [Array.from(s.lattice.matrix), Array.from(s.species), Array.from(s.fracCoords)];
    const zno = { compositions: ["ZnO", "MgO"], spaceGroup: 186, seed: 3 };
    expect((await model.sample(zno)).map(plain)).toEqual((await model.sample(zno)).map(plain));
    expect((await model.sample({ ...zno, seed: 4 })).map(plain)).not.toEqual((await model.sample(zno)).map(plain));
  });

  it("after training, de novo crystals take the training compositions, space groups and packing factor", async () => {
    const model = modelFamily("random-symmetric").create();
    await model.train(perovskites);
    const fc = model.config.familyConfig as { spaceGroupCounts: [number, number][]; volumeFactor: number };
    expect(fc.spaceGroupCounts).toEqual([[221, 3]]);
    // median of V / Σ sphere volumes over the three training crystals
    const ratios = perovskites.map((s) => latticeVolume(s.lattice) / summedSphereVolume(s.species)).sort((a, b) => a - b);
    expect(fc.volumeFactor).toBeCloseTo(ratios[1]!, 12);
    const out = await model.sample({ n: 6, seed: 1 });
    for (const s of out) {
      expect(["SrTiO3", "BaZrO3", "CaTiO3"]).toContain(reducedFormula(s.species));
      expect(analyzeSymmetry(s, { symprec: 0.1 }).number).toBe(221);
      expect(latticeVolume(s.lattice) / summedSphereVolume(s.species)).toBeCloseTo(ratios[1]!, 8);
    }
  });
});

describe("refusals", () => {
  it("a composition no Wyckoff assignment of the group holds: ModelRequestError naming composition and group, before work", async () => {
    const model = modelFamily("random-symmetric").create();
    const e = await model.sample({ compositions: ["SrTiO3", "NaCl"], spaceGroup: 230, seed: 0 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModelRequestError);
    expect((e as ModelRequestError).field).toBe("spaceGroup");
    expect((e as Error).message).toMatch(/SrTiO3.*space group 230 \(I a -3 d\)|SrTiO3.*space group 230/);
  });

  it("the attempt cap: one or two atoms of one element in P1 always show P-1 (inversion through an atom or the midpoint) → SearchExhaustedError naming it", async () => {
    const model = modelFamily("random-symmetric").create();
    const e = await model.sample({ compositions: ["Si"], spaceGroup: 1, seed: 0, settings: { maxFormulaUnits: 2, maxAttempts: 40 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SearchExhaustedError);
    expect((e as SearchExhaustedError).field).toBe("maxAttempts");
    expect((e as Error).message).toMatch(/Si in space group 1 .*after 40 attempts/);
  });

  it("de novo: a (composition, group) pair that cannot be realised is redrawn instead of ending the run", async () => {
    // Training: one Si atom in a triclinic cell (P-1 at best) and a triclinic NaCl pair at a general position (P1).
    // Si drawn with P1 always shows P-1 (the cap above), so it must be redrawn; NaCl in P1 is realisable.
    const tri = latticeFromParameters(3.1, 3.7, 4.3, 81, 97, 104);
    const si = makeStructure({ lattice: tri, species: [14], fracCoords: [0, 0, 0], properties: { id: "Si" } });
    const nacl = makeStructure({ lattice: tri, species: [NA, CL], fracCoords: [0, 0, 0, 0.37, 0.21, 0.44], properties: { id: "NaCl" } });
    expect([si, nacl].map((s) => analyzeSymmetry(s, { symprec: 0.1 }).number)).toEqual([2, 1]);
    const model = modelFamily("random-symmetric").create();
    await model.train([si, nacl, nacl]);
    const out = await model.sample({ n: 12, seed: 3, settings: { maxFormulaUnits: 2, maxAttempts: 30 } });
    expect(out).toHaveLength(12);
    const redrawn = out.filter((s) => typeof s.properties?.redraws === "number");
    expect(redrawn.length).toBeGreaterThan(0);
    // Every crystal has the space group it records; every Si crystal ended in P-1 (P1 was redrawn away).
    for (const s of out) expect(analyzeSymmetry(s, { symprec: 0.1 }).number).toBe(s.properties!.spaceGroup);
    for (const s of out.filter((c) => reducedFormula(c.species) === "Si")) expect(s.properties!.spaceGroup).toBe(2);
  });

  it("an untrained model without spaceGroup, or asked for de novo crystals, says to train", async () => {
    const model = modelFamily("random-symmetric").create();
    await expect(model.sample({ compositions: ["NaCl"] })).rejects.toThrow(/no space-group distribution/);
    await expect(model.sample({ n: 2 })).rejects.toThrow(/no training compositions/);
  });
});

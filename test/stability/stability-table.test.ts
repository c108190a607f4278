import { describe, expect, it } from "vitest";
import { type Structure, latticeFromMatrix, makeStructure } from "../../src/crystal/index.js";
import { parseCsvText } from "../../src/datasets/csv.js";
import {
  type GeneratedCrystal, buildHullReferences, stabilitySummaryRows, stabilityTable, stabilityTableToCsv,
} from "../../src/stability/index.js";
import { plain, pymatgenAnswers } from "../metrics/structure-matcher/pairs.js";

const NA = 11, CL = 17, K = 19, LI = 3, F = 9;

/** Two-site crystal on the fcc primitive cell of conventional edge a (Å): A at 0, B at `b` (rock salt ½½½, zinc blende ¼¼¼). */
const fcc = (a: number, A: number, B: number, b: number[], shift = 0) =>
  makeStructure({
    lattice: latticeFromMatrix([0, a / 2, a / 2, a / 2, 0, a / 2, a / 2, a / 2, 0]),
    species: [A, B],
    fracCoords: [0, 0, 0, ...b].map((x) => x + shift),
  });
/** Two sites on a simple cubic cell of edge a (Å): CsCl type, or bcc when both are the same element. */
const cubic = (a: number, A: number, B: number) => makeStructure({ lattice: latticeFromMatrix([a, 0, 0, 0, a, 0, 0, 0, a]), species: [A, B], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
const RS = [0.5, 0.5, 0.5];

// References: NaCl at −2.0, KCl at −2.2, LiF at −3.0 eV/atom; nothing in Li–Cl.
const refs = buildHullReferences([
  {
    source: "hand-built",
    skipped: 0,
    entries: [
      { composition: "NaCl", energyPerAtom: -2.0 },
      { composition: "KCl", energyPerAtom: -2.2 },
      { composition: "LiF", energyPerAtom: -3.0 },
    ],
  },
]);
// Training crystals: KCl rock salt.
const training: Structure[] = [fcc(6.3, K, CL, RS)];

const row = (id: string, initial: Structure, relaxed: Structure | null, status: GeneratedCrystal["status"], formationEnergyPerAtom: number | null, steps = 120): GeneratedCrystal => ({
  id, initial, relaxed, status, steps, formationEnergyPerAtom,
});
const crystals: GeneratedCrystal[] = [
  // g1 NaCl rock salt, relaxed with Cl moved off its site: stable at 0 and 0.1, unique, novel.
  row("g1", fcc(5.64, NA, CL, RS), fcc(5.6, NA, CL, [0.52, 0.5, 0.49]), "converged", -2.05),
  // g2 the same crystal again (other cell size and origin): a duplicate of g1.
  row("g2", fcc(5.7, NA, CL, RS, 0.1), fcc(5.62, NA, CL, RS, 0.1), "converged", -2.02),
  // g3 KCl rock salt = a training crystal: not novel.
  row("g3", fcc(6.2, K, CL, RS), fcc(6.29, K, CL, RS), "converged", -2.3),
  // g4 NaCl in the CsCl type, 0.05 eV/atom above the hull: stable at 0.1 only.
  row("g4", cubic(3.3, NA, CL), cubic(3.3, NA, CL), "converged", -1.95, 0),
  // g5 NaCl zinc blende whose unfinished relaxation reached rock salt: judged on the generated (zinc blende) crystal.
  row("g5", fcc(5.64, NA, CL, [0.25, 0.25, 0.25]), fcc(5.64, NA, CL, RS), "not-converged", -1.7, 500),
  // g6 LiF that exploded: its energy is not used.
  row("g6", fcc(4.0, LI, F, RS), null, "exploded", -3.5, 37),
  // g7 bcc Na at 0 eV/atom: stable for MatterGen; FlowMM considers only ≥ 2 elements.
  row("g7", cubic(4.23, NA, NA), cubic(4.29, NA, NA), "converged", 0.0),
  // g8 LiCl rock salt: no Li–Cl reference at all (uncovered), E_hull against the elements only.
  row("g8", fcc(5.13, LI, CL, RS), fcc(5.13, LI, CL, [0.5, 0.5, 0.51]), "converged", -1.0),
  // g9 a refused copy of g4: no energy, a later duplicate.
  row("g9", cubic(3.3, NA, CL), null, "refused", null, 0),
];

describe("stabilityTable on a hand-built set with known answers", () => {
  const { records, summary } = stabilityTable(crystals, refs, training);
  const col = <K extends keyof (typeof records)[number]>(k: K) => records.map((r) => r[k]);

  it("E_hull from the references; exploded and refused crystals have none", () => {
    const e = col("eAboveHull");
    const expected = [-0.05, -0.02, -0.1, 0.05, 0.3, null, 0, -1.0, null];
    expected.forEach((x, i) => (x === null ? expect(e[i]).toBeNull() : expect(e[i]).toBeCloseTo(x, 12)));
    expect(col("formula")).toEqual(["NaCl", "NaCl", "KCl", "NaCl", "NaCl", "LiF", "Na", "LiCl", "NaCl"]);
    expect(col("formationEnergyPerAtom")).toEqual([-2.05, -2.02, -2.3, -1.95, -1.7, -3.5, 0, -1.0, null]);
    expect(col("converged")).toEqual([true, true, true, true, false, false, true, true, false]);
    expect(col("steps")).toEqual([120, 120, 120, 0, 500, 37, 120, 120, 0]);
  });

  it("stability at 0 and 0.1 eV/atom", () => {
    expect(col("stableAt0")).toEqual([true, true, true, false, false, false, true, true, false]);
    expect(col("stableAt0p1")).toEqual([true, true, true, true, false, false, true, true, false]);
  });

  it("uniqueness and novelty on the relaxed crystal when converged, else on the generated one", () => {
    expect(col("judged")).toEqual(["relaxed", "relaxed", "relaxed", "relaxed", "initial", "initial", "relaxed", "relaxed", "initial"]);
    // g5 judged on its relaxed (rock salt) structure would be a duplicate of g1; on zinc blende it is unique.
    expect(col("unique")).toEqual([true, false, true, true, true, true, true, true, false]);
    expect(col("novel")).toEqual([true, true, false, true, true, true, true, true, true]);
  });

  it("S.U.N. in both conventions", () => {
    expect(col("sunMatterGen")).toEqual([true, false, false, true, false, false, true, true, false]);
    expect(col("sunFlowMM")).toEqual([true, false, false, false, false, false, false, true, false]);
  });

  it("hull coverage is reported per crystal and the uncovered one is flagged", () => {
    expect(records.map((r) => r.hullCoverage.uncovered)).toEqual([false, false, false, false, false, false, false, true, false]);
    expect(records[7]!.hullCoverage).toEqual({ chemicalSystem: "Cl-Li", subsystems: 1, covered: 0, coveredFraction: 0, missing: ["Cl-Li"], uncovered: true });
  });

  it("RMSD between generated and relaxed agrees with pymatgen get_rms_dist(relaxed, generated) to 1e-9", () => {
    const pairs = crystals.flatMap((c, i) => (c.relaxed ? [{ i, request: { a: plain(c.relaxed), b: plain(c.initial), options: {}, fit: false } }] : []));
    const answers = pymatgenAnswers(pairs.map((p) => p.request));
    pairs.forEach(({ i }, k) => {
      const ours = records[i]!.rmsdToRelaxed, ref = answers[k]!.rms ?? null;
      if (ref === null) expect(ours).toBeNull();
      else expect(Math.abs(ours! - ref)).toBeLessThan(1e-9);
    });
    expect(col("rmsdToRelaxed").map((r) => r === null)).toEqual([false, false, false, false, true, true, false, false, true]);
    expect(records[0]!.rmsdToRelaxed).toBeGreaterThan(0.005);
  });

  it("summary: every crystal in the denominators, counts with Wilson 95 % intervals (scipy binomtest values)", () => {
    expect(summary.n).toBe(9);
    expect(summary.status).toEqual({ converged: 6, "not-converged": 1, exploded: 1, refused: 1 });
    expect([summary.withoutEnergy, summary.uncoveredHull]).toEqual([2, 1]);
    expect(summary.meanEAboveHull).toBeCloseTo((-0.05 - 0.02 - 0.1 + 0.05 + 0.3 + 0 - 1.0) / 7, 12);
    const counts = (c: typeof summary.mattergen) => [c.stable.count, c.unique.count, c.novel.count, c.sun.count];
    expect(counts(summary.mattergen)).toEqual([6, 7, 8, 4]);
    // FlowMM: stable = ≥ 2 elements ∧ E_hull ≤ 0; novel only among crystals with an energy; unique among the stable.
    expect(counts(summary.flowmm)).toEqual([4, 3, 5, 2]);
    expect([summary.mattergen.stabilityThreshold, summary.flowmm.stabilityThreshold]).toEqual([0.1, 0]);
    const close = (a: readonly number[], b: number[]) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 12));
    expect(summary.mattergen.sun.fraction).toBeCloseTo(4 / 9, 15);
    close(summary.mattergen.sun.ci95, [0.18877852109766463, 0.733348706504507]);
    close(summary.flowmm.sun.ci95, [0.06322510711784673, 0.5474110308930111]);
    close(summary.mattergen.stable.ci95, [0.3542021355803963, 0.879416181613089]);
    expect(summary.rmsdToRelaxed.n).toBe(6);
  });

  it("summary rows for the metric report", () => {
    const rows = stabilitySummaryRows(summary);
    const byName = new Map(rows.map((r) => [r.metric, r]));
    expect(byName.get("mattergen_sun")).toMatchObject({ value: 4 / 9, n: 9 });
    expect(byName.get("flowmm_sun")).toMatchObject({ value: 2 / 9, n: 9 });
    expect(byName.get("flowmm_stable")!.ci95_low).toBeCloseTo(summary.flowmm.stable.ci95[0], 15);
    expect(byName.get("relaxation_converged")).toMatchObject({ value: 6 / 9, n: 9 });
    expect(byName.get("hull_uncovered")).toMatchObject({ value: 1 / 9, n: 9 });
    expect(byName.get("rmsd_to_relaxed")!.n).toBe(6);
    expect(byName.get("mattergen_stable")!.notes).toMatch(/^6\/9; .*2 crystals without an energy/);
  });

  it("reports progress over RMSDs and both conventions' novelty checks", () => {
    const calls: [number, number][] = [];
    stabilityTable(crystals, refs, training, { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.at(-1)).toEqual([27, 27]);
    expect(calls.every(([d], k) => k === 0 || d > calls[k - 1]![0])).toBe(true);
  });

  it("table.csv: one row per crystal, empty cells for null, booleans as True/False", () => {
    const [head, ...rows] = parseCsvText(stabilityTableToCsv(records)).map((r) => r.fields);
    expect(head).toEqual([
      "id", "formula", "formation_energy_per_atom", "e_above_hull", "status", "converged", "steps", "judged_structure", "rmsd_to_relaxed", "unique", "novel",
      "stable_0", "stable_0.1", "sun_mattergen", "sun_flowmm", "chemical_system", "hull_coverage", "hull_uncovered", "hull_missing_systems",
    ]);
    expect(rows).toHaveLength(9);
    const cell = (r: number, name: string) => rows[r]![head!.indexOf(name)];
    expect(Number(cell(0, "e_above_hull"))).toBeCloseTo(-0.05, 12);
    expect([cell(5, "e_above_hull"), cell(5, "rmsd_to_relaxed"), cell(5, "status"), cell(5, "converged")]).toEqual(["", "", "exploded", "False"]);
    expect([cell(7, "sun_mattergen"), cell(7, "hull_uncovered"), cell(7, "hull_missing_systems"), cell(7, "hull_coverage")]).toEqual(["True", "True", "Cl-Li", "0"]);
    expect(cell(8, "formation_energy_per_atom")).toBe("");
  });
});

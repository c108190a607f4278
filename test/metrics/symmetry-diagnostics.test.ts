// Symmetry diagnostics (issue #16): detected space groups against spglib run here, the χ² helpers against scipy run
// here and against hand-derived values, W1 over space-group numbers and the P1 / requested-group shares of known mixes.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cartToFrac, fracToCart, latticeFromMatrix, latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure, withStructure } from "../../src/crystal/structure.js";
import { loadDataset } from "../../src/datasets/load.js";
import {
  SYMMETRY_SYMPREC, chiSquareHomogeneity, chiSquareSurvival, detectSpaceGroup, evaluateGeneration, evaluateSymmetry, lnGamma, metricRows,
  symmetryDiagnostics, symmetryRows, wilsonInterval,
} from "../../src/metrics/index.js";
import { rng } from "../../src/util/random.js";
import { batio3Tetragonal, naclConventional, rutile, srtio3, wurtzite } from "../crystal/symmetry.fixtures.js";

function python<T>(script: string, args: string[], input: unknown): T {
  return JSON.parse(execFileSync("/usr/bin/python3", [script, ...args], { input: JSON.stringify(input), encoding: "utf8", maxBuffer: 1 << 26 })) as T;
}

/** Every atom moved by an isotropic normal displacement of σ Å (seeded). */
function jitter(s: Structure, sigma: number, seed: number): Structure {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
  const cart = fracToCart(s.lattice, s.fracCoords).map((x) => x + sigma * normal());
  return withStructure(s, { fracCoords: cartToFrac(s.lattice, cart) });
}

/** A cell of `n` atoms at uniform random positions in a skewed cell (P1 in practice). */
function randomCell(n: number, seed: number): Structure {
  const r = rng(seed);
  return makeStructure({
    lattice: latticeFromParameters(5 + r.next(), 6 + r.next(), 7 + r.next(), 80 + 5 * r.next(), 95 + 5 * r.next(), 100 + 5 * r.next()),
    species: Array.from({ length: n }, (_, i) => [8, 14, 26][i % 3]!),
    fracCoords: Array.from({ length: 3 * n }, () => r.next()),
  });
}

/** One crystal per prototype of the shipped prototypes test split, the textbook fixtures, and random cells. */
async function baseCrystals(): Promise<Structure[]> {
  const ds = await loadDataset("prototypes", "test");
  const seen = new Set<string>();
  const protos = ds.structures.filter((s) => {
    const p = String(s.properties?.["prototype"]);
    return !seen.has(p) && !!seen.add(p);
  });
  return [...protos, naclConventional, srtio3, rutile, wurtzite, batio3Tetragonal, randomCell(6, 1), randomCell(9, 2)];
}

describe("space-group detection of the symmetry diagnostics", () => {
  it("agrees with spglib at symprec 0.1 Å on prototypes, fixtures and jittered copies", async () => {
    const base = await baseCrystals();
    expect(base.length).toBeGreaterThanOrEqual(18);
    // σ 0.005 Å keeps the symmetry at 0.1 Å; σ 0.3 Å destroys it (both far from the tolerance threshold).
    const crystals = [...base, ...base.map((s, i) => jitter(s, 0.005, 100 + i)), ...base.map((s, i) => jitter(s, 0.3, 200 + i))];
    const cells = crystals.map((s) => ({ lattice: Array.from(s.lattice.matrix), frac: Array.from(s.fracCoords), numbers: Array.from(s.species) }));
    const spglib = python<(number | null)[]>("test/py/spacegroups_spglib.py", [String(SYMMETRY_SYMPREC)], cells);
    const ours = crystals.map((s) => detectSpaceGroup(s).number);
    expect(ours).toEqual(spglib);
    // The set is mixed: high symmetry, lowered symmetry, and P1.
    expect(new Set(ours).size).toBeGreaterThanOrEqual(10);
    expect(ours.filter((g) => g === 1).length).toBeGreaterThanOrEqual(base.length - 2);
    expect(ours).toContain(227);
  }, 60000);

  it("counts failures by reason instead of dropping crystals", () => {
    const overlapping = makeStructure({ lattice: latticeFromMatrix([4, 0, 0, 0, 4, 0, 0, 0, 4]), species: [11, 11, 17], fracCoords: [0, 0, 0, 0.001, 0, 0, 0.5, 0.5, 0.5] });
    const disordered = withStructure(srtio3, { occupancies: [0.5, 1, 1, 1, 1] });
    const overlap = detectSpaceGroup(overlapping);
    expect(overlap.number).toBeNull();
    expect(overlap.failure).toMatch(/^moyo: [A-Za-z]+Error$/); // atoms 0.004 Å apart: moyo cannot assign them
    expect(detectSpaceGroup(disordered)).toEqual({ number: null, failure: "disordered" });
    const d = symmetryDiagnostics([overlap, { number: 1 }, { number: 225 }, detectSpaceGroup(disordered)], [{ number: 225 }]);
    expect(d.samples).toMatchObject({ n: 4, detected: 2, failures: { disordered: 1, [overlap.failure!]: 1 } });
    expect(d.samples.p1.value).toBe(0.5);
    const failures = symmetryRows(d).find((r) => r.metric === "sg_detection_failures")!;
    expect(failures).toMatchObject({ value: 2, n: 4 });
    expect(failures.notes).toContain("1 disordered");
  });
});

describe("P1 share, W1 over space-group numbers and the requested-group match", () => {
  it("p1_share of a known mix: 4 random cells and 6 symmetric crystals", async () => {
    const mix = [randomCell(6, 11), naclConventional, randomCell(7, 12), srtio3, rutile, randomCell(8, 13), wurtzite, batio3Tetragonal, randomCell(5, 14), naclConventional];
    const d = await evaluateSymmetry(mix, [srtio3, naclConventional], { parallel: false });
    expect(d.samples.histogram).toEqual([[1, 4], [99, 1], [136, 1], [186, 1], [221, 1], [225, 2]]);
    expect(d.samples.p1).toEqual({ value: 0.4, count: 4, n: 10, ci95: wilsonInterval(4, 10) });
    expect(d.reference.p1.value).toBe(0);
    const p1 = symmetryRows(d).find((r) => r.metric === "p1_share")!;
    expect(p1).toMatchObject({ value: 0.4, n: 10, ci95_low: wilsonInterval(4, 10)[0], ci95_high: wilsonInterval(4, 10)[1] });
    expect(d.symprec).toBe(0.1);
    expect(d.sgMatch).toBeNull();
  });

  it("evaluateGeneration reports the symmetry rows with the P1 share's interval", async () => {
    const mix = [randomCell(6, 21), naclConventional, srtio3, randomCell(5, 22)];
    const rows = metricRows(await evaluateGeneration(mix, [srtio3, rutile], { structFingerprint: "none", parallel: false }));
    const [low, high] = wilsonInterval(2, 4);
    expect(rows.find((r) => r.metric === "p1_share")).toMatchObject({ value: 0.5, n: 4, ci95_low: low, ci95_high: high });
    expect(rows.find((r) => r.metric === "sg_detection_failures")).toMatchObject({ value: 0, n: 4 });
    expect(rows.some((r) => r.metric === "sg_match_share")).toBe(false); // no sample carries a requested group
  });

  it("W1 of two small space-group histograms (hand-derived: 220 · (½ − ¼) = 55)", () => {
    const g = (...n: number[]) => n.map((number) => ({ number }));
    // Samples {P1: 2, Fm-3m: 2}, reference {P1: 1, Pm-3m: 1, Fm-3m: 2}: the CDFs differ by ¼ on [1, 221).
    expect(symmetryDiagnostics(g(1, 1, 225, 225), g(1, 221, 225, 225)).sgW1).toBeCloseTo(55, 12);
    // Identical distributions: 0; all mass moved from 1 to 2: 1.
    expect(symmetryDiagnostics(g(1, 225), g(225, 1)).sgW1).toBe(0);
    expect(symmetryDiagnostics(g(1, 1), g(2)).sgW1).toBe(1);
  });

  it("sg_match_share over the samples that carry a requested group (property spaceGroup)", async () => {
    const asked = (s: Structure, g: number) => withStructure(s, { properties: { spaceGroup: g } });
    const samples = [asked(naclConventional, 225), asked(srtio3, 225), rutile, asked(randomCell(6, 3), 1)];
    const d = await evaluateSymmetry(samples, [srtio3], { parallel: false });
    expect(d.sgMatch).toEqual({ value: 2 / 3, count: 2, n: 3, ci95: wilsonInterval(2, 3) });
    expect(symmetryRows(d).find((r) => r.metric === "sg_match_share")).toMatchObject({ value: 2 / 3, n: 3 });
  });
});

describe("χ² helpers", () => {
  it("lnGamma at known values", () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 12); // ln Γ(0.1), Γ(0.1) = 9.513507698668732
  });

  it("the statistic, dof and p-value of a small hand table; dof 2 has p = exp(−χ²/2)", () => {
    // Rows (30, 20, 10) and (20, 20, 20): expected (25, 20, 15) each; χ² = 1 + 1 + 5/3 + 5/3.
    const r = chiSquareHomogeneity([[1, 30], [2, 20], [3, 10]], [[1, 20], [2, 20], [3, 20]]);
    expect(r.statistic).toBeCloseTo(16 / 3, 12);
    expect(r.dof).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-8 / 3), 12);
    expect(r.pooled).toEqual([]);
  });

  it("pools bins with an expected count below 5 (hand-derived), merging a still-small pool into the smallest bin", () => {
    // Categories 3 and 4 expect 2 and 1.5 per row: pooled to (5, 2), expected 3.5 < 5, merged into category 2
    // (the smaller kept bin, 95 crystals): table [[50, 50], [48, 52]], χ² = 2/49 + 2/51 with dof 1.
    const r = chiSquareHomogeneity([[1, 50], [2, 45], [3, 3], [4, 2]], [[1, 48], [2, 50], [3, 1], [4, 1]]);
    expect(r.pooled).toEqual([3, 4]);
    expect(r.bins).toBe(2);
    expect(r.dof).toBe(1);
    expect(r.statistic).toBeCloseTo(2 / 49 + 2 / 51, 12);
  });

  it("agrees with scipy.stats (chi2.sf, chi2_contingency without correction)", () => {
    const sf: [number, number][] = [[0.5, 1], [3.841458820694124, 1], [10, 3], [0.1, 10], [25, 10], [100, 50], [300, 229], [1e-3, 4], [50, 2], [700, 150], [230, 200], [0.08003201280512205, 1]];
    const tables = [
      [[30, 20, 10], [20, 20, 20]],
      [[40, 40, 10], [30, 50, 4]], // the pooled form of the case below
      [[50, 50], [48, 52]],
    ];
    const ref = python<{ sf: number[]; tables: [number, number, number][] }>("test/py/chi2_scipy.py", [], { sf, tables });
    sf.forEach(([x, dof], i) => expect(Math.abs(chiSquareSurvival(x, dof) - ref.sf[i]!) / ref.sf[i]!).toBeLessThan(1e-10));
    // Categories 5–7 expect at most 2.1, 2.1 and 3.1 crystals per row: pooled into one bin of (10, 4), which is kept.
    const pooled = chiSquareHomogeneity([[1, 40], [2, 40], [5, 3], [6, 3], [7, 4]], [[1, 30], [2, 50], [5, 1], [6, 1], [7, 2]]);
    expect(pooled.pooled).toEqual([5, 6, 7]);
    const cases = [chiSquareHomogeneity([[1, 30], [2, 20], [3, 10]], [[1, 20], [2, 20], [3, 20]]), pooled, chiSquareHomogeneity([[1, 50], [2, 45], [3, 3], [4, 2]], [[1, 48], [2, 50], [3, 1], [4, 1]])];
    cases.forEach((c, i) => {
      const [stat, dof, p] = ref.tables[i]!;
      expect(c.statistic).toBeCloseTo(stat, 10);
      expect(c.dof).toBe(dof);
      expect(Math.abs(c.pValue - p) / p).toBeLessThan(1e-10);
    });
  });

  it("reports NaN with dof 0 when fewer than two bins remain", () => {
    const r = chiSquareHomogeneity([[225, 3]], [[225, 7]]);
    expect(r.dof).toBe(0);
    expect(r.statistic).toBeNaN();
    expect(r.pValue).toBeNaN();
  });
});

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { latticeFromParameters, makeStructure, type Structure } from "../../src/crystal/index.js";
import { loadDataset } from "../../src/datasets/index.js";
import { CU_K_ALPHA, xrdPattern } from "../../src/analysis/xrd.js";
import { DATA_DIR } from "../shared-paths.js";


interface PymatgenPattern { two_theta: number[]; intensity: number[]; d: number[]; hkls: [number[], number][][] }

function pymatgenPatterns(structures: readonly Structure[], range: [number, number] = [0, 90]): PymatgenPattern[] {
  const input = JSON.stringify(structures.map((s) => ({ lattice: Array.from(s.lattice.matrix), species: Array.from(s.species), frac: Array.from(s.fracCoords), range })));
  const r = spawnSync("/usr/bin/python3", ["test/py/analysis_xrd.py"], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`pymatgen XRD reference failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PymatgenPattern[];
}

const nacl = makeStructure({
  lattice: latticeFromParameters(5.64, 5.64, 5.64, 90, 90, 90),
  species: [11, 11, 11, 11, 17, 17, 17, 17],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0, 0.5, 0, 0.5, 0, 0.5, 0, 0],
});

describe("xrdPattern", () => {
  it("puts rock-salt NaCl peaks at Bragg angles of the allowed fcc reflections, strongest (200)", () => {
    const p = xrdPattern(nacl);
    // Bragg: 2θ = 2 asin(λ / 2d), d_hkl = a / sqrt(h²+k²+l²); fcc allows all-even or all-odd hkl only.
    const expected = [3, 4, 8, 11, 12, 16, 19, 20, 24].map((q) => (2 * Math.asin(CU_K_ALPHA / (2 * (5.64 / Math.sqrt(q)))) * 180) / Math.PI).filter((t) => t <= 90);
    expect(p.twoTheta.length).toBe(expected.length);
    p.twoTheta.forEach((t, i) => expect(t).toBeCloseTo(expected[i]!, 8));
    const strongest = p.intensity.indexOf(100);
    expect(p.hkls[strongest]![0]!.hkl).toEqual([2, 0, 0]);
    expect(p.hkls[strongest]![0]!.multiplicity).toBe(6);
    expect(p.dSpacings[strongest]).toBeCloseTo(2.82, 10);
  });

  it("agrees with pymatgen XRDCalculator on NaCl exactly (positions, intensities, families)", () => {
    const [ref] = pymatgenPatterns([nacl]);
    const p = xrdPattern(nacl);
    expect(p.twoTheta.length).toBe(ref!.two_theta.length);
    p.twoTheta.forEach((t, i) => {
      expect(Math.abs(t - ref!.two_theta[i]!)).toBeLessThan(1e-9);
      expect(Math.abs(p.intensity[i]! - ref!.intensity[i]!)).toBeLessThan(1e-9);
      expect(p.hkls[i]!.map((f) => [f.hkl, f.multiplicity])).toEqual(ref!.hkls[i]);
    });
  });

  it("agrees with pymatgen on ≥ 20 dataset crystals: 2θ within 0.01°, intensities within 1 % of the maximum", async () => {
    const picks: Structure[] = [];
    for (const [name, n] of [["perov_5", 8], ["carbon_24", 6], ["mpts_52", 8], ["mp_20_biternary", 6]] as const) {
      const ds = await loadDataset(name, "test", { dataDir: DATA_DIR, limit: 60, download: false });
      for (let i = 0; i < n; i++) picks.push(ds.structures[(i * 7) % ds.structures.length]!);
    }
    expect(picks.length).toBeGreaterThanOrEqual(20);
    const refs = pymatgenPatterns(picks);
    let peaksCompared = 0;
    picks.forEach((s, k) => {
      const ours = xrdPattern(s);
      const ref = refs[k]!;
      // Every visible peak (≥ 0.5) of either pattern has a partner in the other within 0.01° (in fact 1e-6°) and 1 intensity unit.
      const check = (a: { t: number[]; i: number[] }, b: { t: number[]; i: number[] }) => {
        a.t.forEach((t, j) => {
          if (a.i[j]! < 0.5) return;
          let m = -1;
          b.t.forEach((u, q) => { if (Math.abs(u - t) < 0.01 && (m < 0 || Math.abs(u - t) < Math.abs(b.t[m]! - t))) m = q; });
          expect(m, `structure ${k} peak at ${t}`).toBeGreaterThanOrEqual(0);
          expect(Math.abs(b.t[m]! - t)).toBeLessThan(1e-6);
          expect(Math.abs(b.i[m]! - a.i[j]!), `structure ${k} peak at ${t}`).toBeLessThan(1);
          peaksCompared++;
        });
      };
      check({ t: ours.twoTheta, i: ours.intensity }, { t: ref.two_theta, i: ref.intensity });
      check({ t: ref.two_theta, i: ref.intensity }, { t: ours.twoTheta, i: ours.intensity });
    });
    expect(peaksCompared).toBeGreaterThan(500);
  }, 120_000);

  it("restricts peaks to the 2θ window and rejects elements without coefficients", () => {
    const p = xrdPattern(nacl, { twoThetaRange: [30, 60] });
    expect(Math.min(...p.twoTheta)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...p.twoTheta)).toBeLessThanOrEqual(60);
    expect(p.intensity.some((v) => v === 100)).toBe(true);
    const og = makeStructure({ lattice: latticeFromParameters(4, 4, 4, 90, 90, 90), species: [118], fracCoords: [0, 0, 0] });
    expect(() => xrdPattern(og)).toThrow(/no X-ray scattering coefficients for Og/);
  });
});

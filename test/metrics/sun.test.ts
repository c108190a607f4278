import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/index.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { sunMetrics } from "../../src/metrics/sun.js";
import { DATA_DIR } from "./golden.js";

describe("S.U.N. bookkeeping", async () => {
  const ds = await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 3, download: false });
  const [s0, s1, s2] = ds.structures as [typeof ds.structures[0], typeof ds.structures[0], typeof ds.structures[0]];
  // A copy of s0 with coordinates shifted by 0.002 (same crystal for the matcher).
  const s0b = makeStructure({ ...s0, fracCoords: s0.fracCoords.map((x) => x + 0.002) });
  const gen = [s0, s0b, s1, s2];

  it("MatterGen: stable ≤ 0.1 eV/atom; unique = first of each duplicate class; novel = no match in reference; S.U.N. = all three", () => {
    const r = sunMetrics(gen, [0.05, 0.05, 0.0, 0.2], [s1]);
    expect(r.isStable).toEqual([true, true, true, false]);
    expect(r.isUnique).toEqual([true, false, true, true]);
    expect(r.isNovel).toEqual([true, true, false, true]);
    expect(r.isSun).toEqual([true, false, false, false]);
    expect([r.fracStable, r.fracUnique, r.fracNovel, r.fracSun]).toEqual([0.75, 0.75, 0.75, 0.25]);
    expect(r.avgEAboveHull).toBeCloseTo(0.075, 15);
  });

  it("FlowMM: stable ≤ 0.0 eV/atom, S.U.N. = stable ∧ novel with later duplicates removed; failed energies count in the denominator", () => {
    const r = sunMetrics(gen, [-0.01, -0.01, 0.0, null], [s1], { convention: "flowmm" });
    expect(r.isStable).toEqual([true, true, true, false]);
    expect(r.isNovel).toEqual([true, true, false, false]);
    expect(r.isSun).toEqual([true, false, false, false]);
    expect(r.nSun).toBe(1);
    expect(r.fracSun).toBe(0.25);
  });

  it("the stability threshold is a parameter", () => {
    expect(sunMetrics(gen, [0.05, 0.05, 0.0, 0.2], [s1], { stabilityThreshold: 0.0 }).isStable).toEqual([false, false, true, false]);
    expect(sunMetrics(gen, [-0.01, 0.05, 0.0, 0.2], [s1], { convention: "flowmm", stabilityThreshold: 0.1 }).isStable).toEqual([true, true, true, false]);
  });
});

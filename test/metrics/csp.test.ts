import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/index.js";
import type { Structure } from "../../src/crystal/structure.js";
import { cspRmsTable, matchRate, matchRateMulti, matchRatesFromTable } from "../../src/metrics/csp.js";
import { DATA_DIR, golden } from "./golden.js";

interface Pair { test_row: number; val_row: number; cdvae_rms: number | null }
const perovMatcher = (golden as unknown as { matcher: { perov_5: { pairs: Pair[]; cdvae_match_rate: number; cdvae_mean_rms: number } } }).matcher.perov_5;

describe("CSP match rate and RMSE", async () => {
  const test = await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 40, download: false });
  const s = test.structures;
  const yes = s.map(() => true);

  it("a set against itself matches everything with RMSE ≈ 0", () => {
    const r = matchRate(s.slice(0, 20), s.slice(0, 20), yes, yes);
    expect(r.matchRate).toBe(1);
    expect(r.rmse).toBeLessThan(1e-10);
  });

  it("gating: CDVAE gates on the prediction only, DiffCSP on prediction and target", () => {
    const p = s.slice(0, 4), t = s.slice(0, 4);
    const pv = [true, false, true, true], tv = [true, true, false, true];
    expect(matchRate(p, t, pv, tv, { gating: "cdvae" }).matchRate).toBe(0.75);
    expect(matchRate(p, t, pv, tv, { gating: "diffcsp" }).matchRate).toBe(0.5);
  });

  it("k samples: a target is matched if any valid sample matches, with the minimum RMS", () => {
    // target 0 with samples [wrong crystal, itself]; target 1 with [wrong, wrong]; target 2 with [itself but gated out]
    const preds: Structure[][] = [[s[5]!, s[0]!], [s[6]!, s[7]!], [s[2]!]];
    const valid = [[true, true], [true, true], [false]];
    const r = matchRateMulti(preds, [s[0]!, s[1]!, s[2]!], valid);
    expect(r.rms[0]).toBeLessThan(1e-10);
    expect(r.rms[2]).toBeNull();
    expect(r.matchRate).toBeCloseTo(r.rms.filter((x) => x !== null).length / 3, 15);
  });

  it("a precomputed rms table gives the same rates as the direct functions (gating, k samples, empty sample lists)", async () => {
    const preds: Structure[][] = [[s[5]!, s[0]!], [s[1]!], [s[2]!], []];
    const targets = [s[0]!, s[1]!, s[2]!, s[3]!];
    const valid = [[true, true], [true], [false], []];
    const table = await cspRmsTable(preds, targets, valid, { parallel: false });
    expect(table[2]).toEqual([null]);
    const targetValid = [true, false, true, true];
    const { one, multi } = matchRatesFromTable(table, targetValid, "diffcsp");
    expect(one.matchRate).toBe(0); // target 0's first sample is another crystal, target 1 is gated out, 2 invalid, 3 none
    expect(multi.matchRate).toBe(0.5);
    expect(matchRatesFromTable(table, targetValid, "cdvae").one.matchRate).toBe(0.25);
    const direct = matchRateMulti(preds, targets, valid);
    expect(multi.rms).toEqual(direct.rms);
  });

  it("reproduces the golden Perov-5 test/val cross pairs among the first 40 test rows (CDVAE matcher)", async () => {
    const val = await loadDataset("perov_5", "val", { dataDir: DATA_DIR, download: false });
    const pairs = perovMatcher.pairs.filter((p) => p.test_row < 40);
    expect(pairs.length).toBeGreaterThan(3);
    const r = matchRate(pairs.map((p) => val.structures[p.val_row]!), pairs.map((p) => s[p.test_row]!), pairs.map(() => true), pairs.map(() => true));
    pairs.forEach((p, k) => {
      if (p.cdvae_rms === null) expect(r.rms[k]).toBeNull();
      else expect(r.rms[k]).toBeCloseTo(p.cdvae_rms, 6);
    });
  });
});

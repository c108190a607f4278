import { describe, expect, it } from "vitest";
import { type Structure, latticeFromParameters, makeStructure } from "../../src/crystal/index.js";
import { loadDataset } from "../../src/datasets/index.js";
import { type ReferenceSet, evaluateCsp, evaluateGeneration, metricRows } from "../../src/metrics/evaluate.js";
import { crystalNNFingerprint } from "../../src/metrics/fingerprints/index.js";
import { parallelCrystalRecords } from "../../src/metrics/validity/parallel-records.js";
import { crystalRecords } from "../../src/metrics/validity/records.js";
import { wilsonInterval } from "../../src/metrics/intervals.js";
import { wassersteinDistance } from "../../src/metrics/wasserstein.js";
import { DATA_DIR, golden } from "./golden.js";

const G = golden.summary_perov_5;

describe("evaluateGeneration on the real Perov-5 splits (val as generated, test as reference)", async () => {
  const test = await loadDataset("perov_5", "test", { dataDir: DATA_DIR, download: false });
  const val = await loadDataset("perov_5", "val", { dataDir: DATA_DIR, download: false });
  const byMetric = async (gen: readonly Structure[], ref: ReferenceSet | readonly Structure[], options = {}) => {
    const t = await evaluateGeneration(gen, ref, { sampling: "all", parallel: false, ...options });
    return new Map(metricRows(t).map((r) => [r.metric, r]));
  };

  it("reproduces the dataset-level golden values (validity, density, #elements, W1, comp diversity)", async () => {
    expect(test.structures.length).toBe(G.test.n);
    expect(val.structures.length).toBe(G.val.n);
    const v = await byMetric(val.structures, test, { structFingerprint: "none" });
    expect(v.get("struct_validity")!.value).toBe(G.val.struct_valid);
    expect(Math.abs(v.get("comp_validity")!.value - G.val.comp_valid)).toBeLessThan(1e-12);
    expect(Math.abs(v.get("mean_density")!.value - G.val.mean_density)).toBeLessThan(1e-9);
    expect(Math.abs(v.get("mean_num_elements")!.value - G.val.mean_nelem)).toBeLessThan(1e-12);
    expect(Math.abs(v.get("wdist_density")!.value - G.wdist_density_val_vs_test)).toBeLessThan(1e-9);
    expect(Math.abs(v.get("wdist_num_elements")!.value - G.wdist_nelem_val_vs_test)).toBeLessThan(1e-9);
    expect(Math.abs(v.get("wdist_nary")!.value - G.wdist_nelem_val_vs_test)).toBeLessThan(1e-9);
    expect(Math.abs(v.get("comp_diversity")!.value - G.div_val_all_valid.comp_div)).toBeLessThan(1e-6);
    expect(v.get("comp_diversity")!.n).toBe(Math.round(G.val.valid * G.val.n));
  }, 120000);

  it("compares an externally supplied property (heat_ref, eV) by W1", async () => {
    const v = await byMetric(val.structures, test, { structFingerprint: "none", properties: ["heat_ref"] });
    const values = (ss: typeof test.structures) => ss.map((s) => s.properties!.heat_ref as number);
    expect(v.get("wdist_heat_ref")!.value).toBeCloseTo(wassersteinDistance(values(val.structures), values(test.structures)), 12);
  });

  it("a reference crystal whose fingerprint fails is left out of COV (noted); cutoffs come from the options or the reference Dataset", async () => {
    const gen = val.structures.slice(0, 6), ref = test.structures.slice(0, 5);
    const failing = ref[2]!;
    const fp = (s: (typeof ref)[0]) => {
      if (s === failing) throw new Error("no neighbours");
      return Float64Array.from({ length: 61 }, (_, k) => (k === 0 ? s.lattice.matrix[0]! : 0));
    };
    const t = await byMetric(gen, ref, { structFingerprint: fp, covCutoffs: { struct: 0.2, comp: 4 } });
    expect(t.get("cov_recall")!.n).toBe(4);
    expect(t.get("cov_recall")!.notes).toMatch(/1 reference crystals without fingerprints left out/);
    expect(Number.isFinite(t.get("amsd_recall")!.value)).toBe(true);
    expect(t.get("cov_recall")!.notes).toMatch(/δ_struct 0.2, δ_comp 4 \(given\)/);
    const named = await byMetric(gen, { name: "perov_5", structures: ref, covCutoffs: { struct: 0.2, comp: 4 } }, { structFingerprint: fp });
    expect(named.get("cov_recall")!.notes).toMatch(/\(perov_5\)/);
    const unnamed = await byMetric(gen, ref, { structFingerprint: fp });
    expect(unnamed.get("cov_recall")!.value).toBeNaN();
    expect(unnamed.get("cov_recall")!.notes).toMatch(/no COV cutoffs/);
  });

  it("empty generated or reference sets give NaN values with reasons, not exceptions", async () => {
    const none = await byMetric([], test);
    expect(none.get("struct_validity")!.value).toBeNaN();
    expect(none.get("cov_recall")!.notes).toMatch(/unavailable/);
    const noRef = await byMetric(val.structures.slice(0, 3), [], { structFingerprint: "none", covCutoffs: { struct: 0.2, comp: 4 } });
    expect(noRef.get("wdist_density")!.value).toBeNaN();
    expect(noRef.get("struct_validity")!.value).toBe(1);
  });

  it("#elements histograms of both splits equal the golden ones", () => {
    const hist = (ss: typeof test.structures) => {
      const h: Record<string, number> = {};
      for (const s of ss) h[String(new Set(s.species).size)] = (h[String(new Set(s.species).size)] ?? 0) + 1;
      return h;
    };
    const g = G as unknown as { test: { nelem_hist: Record<string, number> }; val: { nelem_hist: Record<string, number> } };
    expect(hist(test.structures)).toEqual(g.test.nelem_hist);
    expect(hist(val.structures)).toEqual(g.val.nelem_hist);
  });

  it("test split as generated: comp validity 3732/3785, W1 against itself is 0", async () => {
    const t = await byMetric(test.structures, test, { structFingerprint: "none" });
    expect(Math.round(t.get("comp_validity")!.value * 3785)).toBe(3732);
    expect(Math.abs(t.get("comp_validity")!.value - G.test.comp_valid)).toBeLessThan(1e-12);
    expect(Math.abs(t.get("mean_density")!.value - G.test.mean_density)).toBeLessThan(1e-9);
    expect(Math.abs(t.get("mean_num_elements")!.value - G.test.mean_nelem)).toBeLessThan(1e-12);
    expect(t.get("wdist_density")!.value).toBe(G.wdist_density_test_vs_test);
  }, 120000);

  it("reports COV as unavailable (NaN with a reason) without a structure fingerprint, and W1 NaN when fewer than 1000 valid", async () => {
    const t = await byMetric(val.structures.slice(0, 50), test, { sampling: "sample", structFingerprint: "none" });
    expect(t.get("cov_recall")!.value).toBeNaN();
    expect(t.get("cov_recall")!.notes).toMatch(/unavailable/);
    expect(t.get("wdist_density")!.value).toBeNaN();
    expect(t.get("wdist_density")!.notes).toMatch(/fewer than 1000/);
  }, 120000);

  it("the seeded 1000-sample draw is reproducible and differs between seeds", async () => {
    const a = await byMetric(val.structures, test, { sampling: "sample", seed: 1, structFingerprint: "none" });
    const b = await byMetric(val.structures, test, { sampling: "sample", seed: 1, structFingerprint: "none" });
    const c = await byMetric(val.structures, test, { sampling: "sample", seed: 2, structFingerprint: "none" });
    expect(a.get("wdist_density")!.value).toBe(b.get("wdist_density")!.value);
    expect(a.get("wdist_density")!.value).not.toBe(c.get("wdist_density")!.value);
    expect(a.get("wdist_density")!.n).toBe(1000);
  }, 120000);

  it("with CrystalNN fingerprints: COV-R/P, AMSD/AMCD (val vs test) and struct diversity match the golden values to 1e-6", async () => {
    const v = await byMetric(val.structures, test);
    const want = G.cov_val_as_gen_vs_test;
    expect(Math.abs(v.get("cov_recall")!.value - want.cov_recall)).toBeLessThan(1e-6);
    expect(Math.abs(v.get("cov_precision")!.value - want.cov_precision)).toBeLessThan(1e-6);
    expect(Math.abs(v.get("amsd_recall")!.value - want.amsd_recall)).toBeLessThan(1e-6);
    expect(Math.abs(v.get("amsd_precision")!.value - want.amsd_precision)).toBeLessThan(1e-6);
    expect(Math.abs(v.get("amcd_recall")!.value - want.amcd_recall)).toBeLessThan(1e-6);
    expect(Math.abs(v.get("amcd_precision")!.value - want.amcd_precision)).toBeLessThan(1e-6);
    expect(Math.abs(v.get("struct_diversity")!.value - G.div_val_all_valid.struct_div)).toBeLessThan(1e-6);
    expect(v.get("fingerprint_failures")!.value).toBe(G.val.n_fp_none);
    expect(v.get("validity")!.value).toBeCloseTo(G.val.valid, 12);
    // Roles swapped (test as generated vs val as reference) and a set against itself.
    const swapped = await byMetric(test.structures, val);
    expect(Math.abs(swapped.get("cov_recall")!.value - G.cov_test_as_gen_vs_val.cov_recall)).toBeLessThan(1e-6);
    expect(Math.abs(swapped.get("cov_precision")!.value - G.cov_test_as_gen_vs_val.cov_precision)).toBeLessThan(1e-6);
    const self = await byMetric(test.structures, test);
    expect(self.get("fingerprint_failures")!.value).toBe(G.test.n_fp_none);
    expect(self.get("validity")!.value).toBeCloseTo(G.test.valid, 12);
    for (const [k, want] of Object.entries(G.cov_test_vs_test)) expect(self.get(k)!.value).toBe(want);
  }, 300000);

  it("per-crystal records on the worker pool equal the in-thread ones", async () => {
    const some = val.structures.slice(0, 300);
    const inThread = crystalRecords(some, { structFingerprint: crystalNNFingerprint });
    const pooled = await parallelCrystalRecords(some, { structFingerprint: "crystalnn", workers: 2 });
    expect(pooled).toEqual(inThread);
  }, 120000);

  it("evaluateCsp: the first test crystals against themselves match with RMSE ≈ 0 at k = 1 and k = 2", async () => {
    const targets = test.structures.slice(0, 30);
    const t = await evaluateCsp(targets.map((s, i) => [s, test.structures[i + 100]!]), targets, { gating: "diffcsp", parallel: false });
    const rows = new Map(metricRows(t).map((r) => [r.metric, r.value]));
    // Only SMACT-valid targets can be matched under DiffCSP gating (spec §10.1).
    const validTargets = metricRows(await evaluateGeneration(targets, targets, { sampling: "all", parallel: false })).find((r) => r.metric === "validity")!.value;
    expect(rows.get("match_rate@1")).toBeCloseTo(validTargets, 12);
    expect(rows.get("rmse@1")!).toBeLessThan(1e-10);
    expect(rows.get("match_rate@2")!).toBeGreaterThanOrEqual(rows.get("match_rate@1")!);
    // Every rate and RMSE row carries its 95 % interval: Wilson over the 30 targets for the rate.
    const one = metricRows(t).find((r) => r.metric === "match_rate@1")!;
    expect([one.ci95_low, one.ci95_high]).toEqual(wilsonInterval(Math.round(validTargets * 30), 30));
    for (const r of metricRows(t).filter((x) => /^(match_rate|rmse)@/.test(x.metric))) expect(r.ci95_low! <= r.value && r.value <= r.ci95_high!).toBe(true);
    expect(rows.get("implausible_samples")).toBe(0); // real crystals
    // Symmetry rows over all 60 samples against the targets: each target's first sample is the target itself.
    const match = metricRows(t).find((r) => r.metric === "sg_match_share")!;
    expect(match.n).toBe(60);
    expect(match.value).toBeGreaterThanOrEqual(0.5);
  }, 120000);

  it("evaluateCsp: an implausible cell (lengths 1.5 / 35 Å, ratio above 20) is unmatched by default and matched with keep", async () => {
    const needle = makeStructure({ lattice: latticeFromParameters(1.5, 1.5, 35, 90, 90, 90), species: [6], fracCoords: [0, 0, 0] });
    const options = { gating: "cdvae", structFingerprint: "none", parallel: false } as const;
    const unmatched = new Map(metricRows(await evaluateCsp([[needle]], [needle], options)).map((r) => [r.metric, r.value]));
    const kept = new Map(metricRows(await evaluateCsp([[needle]], [needle], { ...options, implausibleCells: "keep" })).map((r) => [r.metric, r.value]));
    expect([unmatched.get("match_rate@1"), unmatched.get("implausible_samples")]).toEqual([0, 1]);
    expect([kept.get("match_rate@1"), kept.has("implausible_samples")]).toEqual([1, false]);
  });
});

import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type CrystalFingerprints, coverage } from "../../src/metrics/coverage.js";
import { diversity } from "../../src/metrics/diversity.js";
import { rng } from "../../src/util/random.js";
import { golden } from "./golden.js";

const fps: CrystalFingerprints[] = golden.per_structure.map((p) => ({ struct: p.struct_fp, comp: p.comp_fp_scaled }));
const ref = JSON.parse(execFileSync("/usr/bin/python3", ["test/py/metrics_cov.py"], { encoding: "utf8" })) as Record<string, Record<string, number>> & {
  div_struct: number;
  div_comp: number;
};

function expectCov(got: ReturnType<typeof coverage>, want: Record<string, number>) {
  expect(got.covRecall).toBeCloseTo(want.cov_recall!, 12);
  expect(got.covPrecision).toBeCloseTo(want.cov_precision!, 12);
  expect(got.amsdRecall).toBeCloseTo(want.amsd_recall!, 9);
  expect(got.amsdPrecision).toBeCloseTo(want.amsd_precision!, 9);
  expect(got.amcdRecall).toBeCloseTo(want.amcd_recall!, 9);
  expect(got.amcdPrecision).toBeCloseTo(want.amcd_precision!, 9);
}

describe("coverage (CDVAE compute_cov) on golden fingerprint vectors", () => {
  it("matches the numpy reference for a 2-vs-2 set with Perov-5 cutoffs", () => {
    expectCov(coverage([fps[0]!, fps[1]!], [fps[1]!, fps[2]!], { struct: 0.2, comp: 4 }), ref.gen01_ref12!);
  });
  it("matches with loose cutoffs (every crystal covered)", () => {
    const r = coverage([fps[0]!, fps[1]!], [fps[1]!, fps[2]!], { struct: 1, comp: 100 });
    expectCov(r, ref.gen01_ref12_loose!);
    expect(r.covRecall).toBe(1);
  });
  it("drops fingerprint failures but keeps them in the precision denominator", () => {
    const r = coverage([fps[0]!, null, fps[2]!], [fps[1]!], { struct: 0.5, comp: 8 });
    expectCov(r, ref.gen0f2_ref1!);
    expect([r.nGen, r.nGenKept]).toEqual([3, 2]);
  });
  it("gives R = P = 1 and zero distances for a set against itself", () => {
    const r = coverage(fps, fps, { struct: 0.2, comp: 4 });
    expect([r.covRecall, r.covPrecision, r.amsdRecall, r.amsdPrecision, r.amcdRecall, r.amcdPrecision]).toEqual([1, 1, 0, 0, 0, 0]);
  });
});

describe("coverage internals", () => {
  it("pruned nearest-neighbour minima (constant dimensions dropped, duplicates shared) equal brute-force distances", () => {
    const r = rng(5);
    const vec = (d: number) => Array.from({ length: d }, (_, k) => (k % 3 === 0 ? 1.5 : r.normal()));
    const gen = Array.from({ length: 9 }, () => ({ struct: vec(6), comp: vec(5) }));
    const ref = Array.from({ length: 7 }, () => ({ struct: vec(6), comp: vec(5) }));
    gen.push({ ...ref[0]! }, { ...gen[0]! }); // exact duplicates across and within the sets
    const dist = (a: number[], b: number[]) => Math.hypot(...a.map((x, k) => x - b[k]!));
    const sRow = gen.map((g) => Math.min(...ref.map((t) => dist(g.struct, t.struct))));
    const sCol = ref.map((t) => Math.min(...gen.map((g) => dist(g.struct, t.struct))));
    const cRow = gen.map((g) => Math.min(...ref.map((t) => dist(g.comp, t.comp))));
    const cCol = ref.map((t) => Math.min(...gen.map((g) => dist(g.comp, t.comp))));
    const cut = { struct: 1.5, comp: 1.5 };
    const got = coverage(gen, ref, cut);
    const avg = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(got.amsdPrecision).toBeCloseTo(avg(sRow), 12);
    expect(got.amsdRecall).toBeCloseTo(avg(sCol), 12);
    expect(got.amcdPrecision).toBeCloseTo(avg(cRow), 12);
    expect(got.amcdRecall).toBeCloseTo(avg(cCol), 12);
    expect(got.covPrecision).toBe(gen.filter((_, i) => sRow[i]! <= 1.5 && cRow[i]! <= 1.5).length / gen.length);
    expect(got.covRecall).toBe(ref.filter((_, j) => sCol[j]! <= 1.5 && cCol[j]! <= 1.5).length / 7);
  });
});

describe("diversity", () => {
  it("is the scipy pdist mean of struct and scaled comp fingerprints", () => {
    const d = diversity(fps);
    expect(d.structDiv).toBeCloseTo(ref.div_struct, 12);
    expect(d.compDiv).toBeCloseTo(ref.div_comp, 12);
  });
});

// groupStructures (pymatgen group_structures semantics) and matchPairs (parallel batch) against the single-pair API.
import { beforeAll, describe, expect, it } from "vitest";
import type { Structure } from "../../../src/crystal/index.js";
import { loadDataset } from "../../../src/datasets/index.js";
import { CSP_MATCHER, MatcherPairError, fitStructures, getRmsDist, groupStructures, matchPairs } from "../../../src/metrics/structure-matcher/index.js";
import { rng } from "../../../src/util/random.js";
import { DATA_DIR } from "../golden.js";
import { perturbed, plain, pymatgenAnswers, randomSupercell, rotatedPermuted } from "./pairs.js";

describe("groupStructures and matchPairs", () => {
  let perov: Structure[] = [];
  beforeAll(async () => {
    perov = (await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 60 })).structures;
  }, 60_000);

  it("groups copies (perturbed, rotated, supercells) with their originals and keeps distinct crystals apart", () => {
    const random = rng(5);
    const originals = perov.slice(0, 12);
    const list: Structure[] = [];
    const origin: number[] = [];
    originals.forEach((s, k) => {
      list.push(s, perturbed(s, 0.02, random), rotatedPermuted(s, random), randomSupercell(s, random));
      origin.push(k, k, k, k);
    });
    const progress: number[] = [];
    const groups = groupStructures(list, {}, { onProgress: (d) => progress.push(d) });
    expect(progress[progress.length - 1]).toBe(list.length);
    expect(groups.flat().sort((a, b) => a - b)).toEqual(list.map((_, i) => i));
    // Each class holds copies of one original; the four copies of an original always share a class.
    for (const g of groups) expect(new Set(g.map((i) => origin[i])).size).toBe(1);
    const classOf = new Map<number, number>();
    groups.forEach((g, c) => g.forEach((i) => classOf.set(i, c)));
    for (let k = 0; k < originals.length; k++) for (let j = 1; j < 4; j++) expect(classOf.get(4 * k + j)).toBe(classOf.get(4 * k));
    // The class count equals the number of originals that are not fits of one another (checked pairwise).
    let distinct = 0;
    for (let k = 0; k < originals.length; k++) if (!originals.slice(0, k).some((t) => fitStructures(t, originals[k]!))) distinct++;
    expect(groups.length).toBe(distinct);
  });

  it("gives exactly pymatgen's group_structures classes on Perov-5 crystals, perturbed and rotated copies", () => {
    const random = rng(9);
    const list = perov.slice(0, 40).flatMap((s, k) => (k % 3 === 0 ? [s, perturbed(s, 0.05, random)] : k % 3 === 1 ? [rotatedPermuted(s, random)] : [s]));
    const ours = groupStructures(list);
    const [ref] = pymatgenAnswers([{ group: list.map(plain) }]);
    expect(ours.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!)).toEqual(ref!.groups!.sort((a, b) => a[0]! - b[0]!));
    expect(ours.length).toBeLessThan(list.length);
  });

  it("refuses allowSubset like pymatgen", () => {
    expect(() => groupStructures(perov.slice(0, 2), { allowSubset: true })).toThrow(RangeError);
  });

  it("matchPairs on workers equals getRmsDist pair by pair, in input order", async () => {
    const random = rng(13);
    const pairs = perov.slice(0, 50).map((s, i) => ({ a: s, b: i % 4 === 0 ? perov[(i + 1) % 50]! : perturbed(s, 0.05 * (i % 3), random) }));
    const progress: number[] = [];
    const got = await matchPairs(pairs, CSP_MATCHER, { workers: 2, minParallel: 10, onProgress: (d) => progress.push(d) });
    const expected = pairs.map((p) => getRmsDist(p.a, p.b, CSP_MATCHER));
    expect(got).toEqual(expected);
    expect(progress[progress.length - 1]).toBe(50);
    expect(got.filter((r) => r !== null).length).toBeGreaterThan(30);
  });

  it("matchPairs names an invalid pair (or counts it unmatched on request)", async () => {
    const empty = { lattice: perov[0]!.lattice, species: new Uint8Array(0), fracCoords: new Float64Array(0) } as Structure;
    const pairs = [{ a: perov[0]!, b: perov[0]! }, { a: perov[1]!, b: empty }];
    await expect(matchPairs(pairs, CSP_MATCHER, { parallel: false })).rejects.toThrow(MatcherPairError);
    await expect(matchPairs(pairs, CSP_MATCHER, { parallel: false })).rejects.toThrow(/pair 1: .*no sites/);
    const lenient = await matchPairs(pairs, CSP_MATCHER, { parallel: false, onInvalid: "null" });
    expect(lenient[0]!.rms).toBeLessThan(1e-12);
    expect(lenient[1]).toBeNull();
  });
});

// Hand-derived StructureMatcher behaviour: identity, supercells, species swaps, invariances, subsets and bad input.
import { describe, expect, it } from "vitest";
import {
  type Structure,
  StructureError,
  latticeFromMatrix,
  latticeFromParameters,
  makeStructure,
  supercell,
} from "../../../src/crystal/index.js";
import {
  CSP_MATCHER,
  fitStructures,
  getRmsDist,
  linearAssignment,
  prepareForMatching,
} from "../../../src/metrics/structure-matcher/index.js";
import { rng } from "../../../src/util/random.js";
import { perturbed, plain, pymatgenAnswers, rotatedPermuted } from "./pairs.js";

const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);

/** SrTiO3 cubic perovskite, a = 3.905 Å: Sr at the corner, Ti at the body centre, O at the face centres. */
const srTiO3 = makeStructure({
  lattice: cubic(3.905),
  species: [38, 22, 8, 8, 8],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
});

/** Rock-salt NaCl conventional cell (8 sites), a = 5.64 Å. */
const naCl = makeStructure({
  lattice: cubic(5.64),
  species: [11, 11, 11, 11, 17, 17, 17, 17],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5, 0.5, 0.5, 0.5],
});

/** A low-symmetry 6-site crystal (triclinic cell, general positions). */
const triclinic = makeStructure({
  lattice: latticeFromParameters(4.1, 5.3, 6.2, 81, 97, 104),
  species: [3, 3, 26, 8, 8, 8],
  fracCoords: [0.1, 0.2, 0.3, 0.6, 0.7, 0.1, 0.35, 0.45, 0.8, 0.8, 0.15, 0.55, 0.25, 0.9, 0.05, 0.55, 0.4, 0.65],
});

function translated(s: Structure, t: [number, number, number]): Structure {
  const f = Float64Array.from(s.fracCoords, (v, i) => {
    const x = v + t[i % 3]!;
    return x - Math.floor(x);
  });
  return makeStructure({ lattice: s.lattice, species: s.species, fracCoords: f });
}

describe("getRmsDist / fitStructures (pymatgen StructureMatcher semantics)", () => {
  it("gives rms 0 and max distance 0 for identical structures", () => {
    for (const s of [srTiO3, naCl, triclinic]) {
      const r = getRmsDist(s, s);
      expect(r).not.toBeNull();
      expect(r!.rms).toBeLessThan(1e-12);
      expect(r!.maxDist).toBeLessThan(1e-12);
      expect(fitStructures(s, s)).toBe(true);
    }
  });

  it("is invariant under translation, site permutation and rigid rotation", () => {
    const random = rng(3);
    const noisy = perturbed(triclinic, 0.05, random);
    const base = getRmsDist(triclinic, noisy, CSP_MATCHER)!;
    expect(base.rms).toBeGreaterThan(1e-3);
    const moved = translated(noisy, [0.31, -0.17, 0.42]);
    expect(getRmsDist(triclinic, moved, CSP_MATCHER)!.rms).toBeCloseTo(base.rms, 10);
    const rotated = rotatedPermuted(noisy, random);
    expect(getRmsDist(triclinic, rotated, CSP_MATCHER)!.rms).toBeCloseTo(base.rms, 10);
    expect(getRmsDist(rotated, triclinic, CSP_MATCHER)!.rms).toBeCloseTo(base.rms, 10);
  });

  it("matches a 2×1×1 supercell only with attemptSupercell when primitive reduction is off", () => {
    const big = supercell(triclinic, [2, 1, 1]);
    expect(big.species.length).toBe(12);
    const noPrim = { primitiveCell: false };
    expect(getRmsDist(big, triclinic, noPrim)).toBeNull();
    expect(fitStructures(big, triclinic, noPrim)).toBe(false);
    const r = getRmsDist(big, triclinic, { ...noPrim, attemptSupercell: true });
    expect(r).not.toBeNull();
    expect(r!.rms).toBeLessThan(1e-10);
    expect(getRmsDist(triclinic, big, { ...noPrim, attemptSupercell: true })!.rms).toBeLessThan(1e-10);
    expect(fitStructures(big, triclinic, { ...noPrim, attemptSupercell: true })).toBe(true);
    // With the primitive reduction (default) the supercell reduces back to the 6-site cell and matches directly.
    expect(prepareForMatching(big).structure.species.length).toBe(6);
    expect(getRmsDist(big, triclinic)!.rms).toBeLessThan(1e-10);
  });

  it("reduces the rock-salt conventional cell to its 2-site primitive cell", () => {
    const p = prepareForMatching(naCl).structure;
    expect(p.species.length).toBe(2);
    expect(Math.abs(p.lattice.matrix[0]! ** 2 + p.lattice.matrix[1]! ** 2 + p.lattice.matrix[2]! ** 2 - 5.64 ** 2 / 2)).toBeLessThan(1e-9);
  });

  it("does not match when two species swap sites (same composition, different crystal)", () => {
    const swapped = makeStructure({ lattice: srTiO3.lattice, species: [22, 38, 8, 8, 8], fracCoords: srTiO3.fracCoords });
    expect(getRmsDist(srTiO3, swapped)).toBeNull();
    expect(getRmsDist(srTiO3, swapped, CSP_MATCHER)).toBeNull();
    expect(fitStructures(srTiO3, swapped)).toBe(false);
  });

  it("does not match different compositions, and fit rejects them before any lattice search", () => {
    const other = makeStructure({ lattice: srTiO3.lattice, species: [56, 22, 8, 8, 8], fracCoords: srTiO3.fracCoords });
    expect(getRmsDist(srTiO3, other)).toBeNull();
    expect(fitStructures(srTiO3, other)).toBe(false);
  });

  it("rejects a pair whose only fit is beyond stol and accepts it once stol is loose enough", () => {
    const stretched = makeStructure({
      lattice: srTiO3.lattice,
      species: srTiO3.species,
      fracCoords: [0, 0, 0, 0.5, 0.5, 0.62, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
    });
    // Ti moved by 0.12·a along c. After the mean-translation correction the Ti displacement is 0.12·(4/5) and the others
    // 0.12/5 (in units of a); normalised by (V/N)^(1/3) = a/5^(1/3): rms = 0.12·a·sqrt((0.8² + 4·0.2²)/5)/(a/5^(1/3)).
    const expected = 0.12 * Math.sqrt((0.8 ** 2 + 4 * 0.2 ** 2) / 5) * Math.cbrt(5);
    const r = getRmsDist(srTiO3, stretched, CSP_MATCHER)!;
    expect(r.rms).toBeCloseTo(expected, 10);
    expect(r.maxDist).toBeCloseTo(0.12 * 0.8 * Math.cbrt(5), 10);
    expect(getRmsDist(srTiO3, stretched, { stol: 0.1 })).toBeNull();
  });

  it("matches a structure to a subset of its sites only with allowSubset (agreeing with pymatgen)", () => {
    const removed = makeStructure({ lattice: triclinic.lattice, species: triclinic.species.slice(1), fracCoords: triclinic.fracCoords.slice(3) });
    const options = { allowSubset: true, primitiveCell: false };
    const ref = pymatgenAnswers([
      { a: plain(triclinic), b: plain(removed), options },
      { a: plain(removed), b: plain(triclinic), options },
      { a: plain(triclinic), b: plain(removed), options: { primitiveCell: false } },
    ]);
    expect(ref[0]!.rms).not.toBeNull();
    const ours = getRmsDist(triclinic, removed, options)!;
    expect(ours.rms).toBeCloseTo(ref[0]!.rms!, 10);
    expect(getRmsDist(removed, triclinic, options)!.rms).toBeCloseTo(ref[1]!.rms!, 10);
    expect(fitStructures(triclinic, removed, options)).toBe(ref[0]!.fit);
    expect(getRmsDist(triclinic, removed, { primitiveCell: false })).toBeNull();
    expect(ref[2]!.rms).toBeNull();
  });

  it("reuses prepared structures, and refuses a preparation made with other settings", () => {
    const p = prepareForMatching(triclinic);
    expect(prepareForMatching(p)).toBe(p);
    expect(getRmsDist(p, p)!.rms).toBeLessThan(1e-12);
    expect(() => getRmsDist(p, triclinic, { primitiveCell: false })).toThrow(StructureError);
  });
});

describe("bad input gives a typed error, never a crash", () => {
  const lattice = cubic(4);
  it("an empty structure", () => {
    const empty = { lattice, species: new Uint8Array(0), fracCoords: new Float64Array(0) } as Structure;
    expect(() => getRmsDist(empty, srTiO3)).toThrow(/no sites/);
    expect(() => fitStructures(srTiO3, empty)).toThrow(StructureError);
  });
  it("NaN coordinates", () => {
    const bad = { lattice, species: new Uint8Array([8]), fracCoords: new Float64Array([0, Number.NaN, 0]) } as Structure;
    expect(() => getRmsDist(bad, srTiO3)).toThrow(/site 0 has a non-finite coordinate/);
  });
  it("a zero-volume cell", () => {
    const flat = { lattice: latticeFromMatrix([1, 0, 0, 0, 1, 0, 1, 1, 0]), species: new Uint8Array([8]), fracCoords: new Float64Array(3) } as Structure;
    expect(() => getRmsDist(flat, srTiO3)).toThrow(/volume/);
  });
  it("non-positive tolerances", () => {
    expect(() => getRmsDist(srTiO3, srTiO3, { stol: -1 })).toThrow(RangeError);
  });
});

describe("linearAssignment (exact minimum-cost assignment)", () => {
  it("finds the optimum of a 4×4 problem checked by brute force, and of rectangular problems", () => {
    const random = rng(11);
    for (let trial = 0; trial < 50; trial++) {
      const rows = 1 + random.int(5), cols = rows + random.int(3);
      const cost = Float64Array.from({ length: rows * cols }, () => (random.next() < 0.15 ? Infinity : Math.round(random.next() * 20)));
      const sol = new Int32Array(rows);
      const got = linearAssignment(cost, rows, cols, sol);
      let best = Infinity;
      const perm = (r: number, used: Set<number>, acc: number): void => {
        if (r === rows) {
          best = Math.min(best, acc);
          return;
        }
        for (let c = 0; c < cols; c++) if (!used.has(c)) perm(r + 1, new Set([...used, c]), acc + cost[r * cols + c]!);
      };
      perm(0, new Set(), 0);
      if (best === Infinity) expect(got).toBeNull();
      else {
        expect(got).toBe(best);
        expect(new Set(sol).size).toBe(rows);
        expect(Array.from(sol).reduce((s, c, r) => s + cost[r * cols + c]!, 0)).toBe(best);
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import {
  distanceMatrix,
  latticeFromMatrix,
  latticeFromParameters,
  makeStructure,
  minimumSiteDistance,
  pbcShortestVectors,
  periodicDistancesFrom,
} from "../../src/crystal/index.js";
import { pymatgenReference } from "./pymatgen-reference.js";
import { DATA_DIR } from "../shared-paths.js";

const dataDir = DATA_DIR;

const nacl = makeStructure({
  lattice: latticeFromParameters(5.64, 5.64, 5.64, 90, 90, 90),
  species: [11, 11, 11, 11, 17, 17, 17, 17],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5, 0.5, 0.5, 0.5],
});

describe("distanceMatrix", () => {
  it("gives NaCl (a = 5.64 Å) its 2.82 Å Na–Cl, 3.988 Å Na–Na and 4.884 Å second Na–Cl distances", () => {
    const d = distanceMatrix(nacl);
    // pymatgen: Structure.distance_matrix[0] = [0, 3.988082, 3.988082, 3.988082, 2.82, 2.82, 2.82, 4.884383]
    const row0 = [0, 5.64 / Math.SQRT2, 5.64 / Math.SQRT2, 5.64 / Math.SQRT2, 2.82, 2.82, 2.82, (5.64 * Math.sqrt(3)) / 2];
    for (let j = 0; j < 8; j++) expect(d[j]).toBeCloseTo(row0[j]!, 10);
    expect(minimumSiteDistance(nacl)).toBeCloseTo(2.82, 12);
  });

  it("is symmetric with a zero diagonal, also for a single site in a tiny cell (own images are never counted)", () => {
    const d = distanceMatrix(nacl);
    for (let i = 0; i < 8; i++) {
      expect(d[i * 8 + i]).toBe(0);
      for (let j = 0; j < 8; j++) expect(d[i * 8 + j]).toBe(d[j * 8 + i]);
    }
    const one = makeStructure({ lattice: latticeFromParameters(0.3, 0.3, 0.3, 90, 90, 90), species: [6], fracCoords: [0.2, 0.2, 0.2] });
    expect(Array.from(distanceMatrix(one))).toEqual([0]);
    expect(minimumSiteDistance(one)).toBe(Infinity);
  });

  it("finds the minimum image through a strongly sheared basis (LLL first)", () => {
    // 3 Å cube given as a, b + 7a, c − 5b: atoms at the origin and at 0.9·a (Cartesian) are 0.3 Å apart.
    const lattice = latticeFromMatrix([3, 0, 0, 21, 3, 0, 0, -15, 3]);
    const s = makeStructure({ lattice, species: [6, 6], fracCoords: [0, 0, 0, 0.9, 0, 0] });
    expect(distanceMatrix(s)[1]).toBeCloseTo(0.3, 12);
  });
});

describe("pbcShortestVectors", () => {
  it("returns the vector to the nearest image and its squared length", () => {
    const lattice = latticeFromParameters(4, 5, 6, 90, 90, 90);
    const { vectors, d2 } = pbcShortestVectors(lattice, [0.1, 0.1, 0.1], [0.9, 0.5, 0.95, 0.1, 0.1, 0.1]);
    // to (0.9, 0.5, 0.95): Δ = (−0.2, 0.4 or −0.6 → 0.4, −0.15) → (−0.8, 2.0, −0.9) Å
    const v0 = Array.from(vectors.slice(0, 3));
    [-0.8, 2.0, -0.9].forEach((x, k) => expect(v0[k]).toBeCloseTo(x, 12));
    expect(d2[0]).toBeCloseTo(0.64 + 4 + 0.81, 12);
    expect(d2[1]).toBe(0);
  });
});

describe("distanceMatrix agrees with pymatgen Structure.distance_matrix", () => {
  it.each([
    ["perov_5", `${dataDir}/perov_5/test.csv`],
    ["mpts_52", `${dataDir}/mpts_52/test.csv.gz`],
  ])("on the first 40 crystals of %s test", (_name, csv) => {
    const records = pymatgenReference(csv, 40, true);
    expect(records.length).toBe(40);
    for (const r of records) {
      const s = makeStructure({ lattice: latticeFromMatrix(r.matrix), species: r.species, fracCoords: r.frac });
      const d = distanceMatrix(s);
      const ref = r.distanceMatrix!;
      expect(d.length).toBe(ref.length);
      for (let k = 0; k < d.length; k++) expect(Math.abs(d[k]! - ref[k]!)).toBeLessThan(1e-9);
      // one point to many, the lattice reduced once: each row of the matrix, squared
      const from = periodicDistancesFrom(s.lattice);
      const n = r.species.length;
      for (let i = 0; i < n; i++) {
        const row = from(r.frac.slice(3 * i, 3 * i + 3), r.frac);
        for (let j = 0; j < n; j++) expect(Math.abs(Math.sqrt(row[j]!) - ref[i * n + j]!)).toBeLessThan(1e-9);
      }
    }
  }, 120_000);
});

import { describe, expect, it } from "vitest";
import { kNearestNeighbours, latticeFromMatrix, latticeFromParameters, makeStructure, neighbourList } from "../../src/crystal/index.js";
import { pymatgenReference } from "./pymatgen-reference.js";
import { DATA_DIR } from "../shared-paths.js";

const dataDir = DATA_DIR;

const cu = makeStructure({
  lattice: latticeFromParameters(3.61, 3.61, 3.61, 90, 90, 90),
  species: [29, 29, 29, 29],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5],
});

function countsPerCenter(centers: Int32Array, n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (const i of centers) c[i]!++;
  return c;
}

describe("neighbourList", () => {
  it("gives every fcc Cu site its 12 nearest neighbours (2.553 Å) within 2.6 Å", () => {
    const nl = neighbourList(cu, 2.6);
    expect(countsPerCenter(nl.centers, 4)).toEqual([12, 12, 12, 12]);
    for (const d of nl.distances) expect(d).toBeCloseTo(3.61 / Math.SQRT2, 12);
  });

  it("covers shells beyond the first 27 images: fcc Cu within 5.2 Å has 12 + 6 + 24 + 12 neighbours per site", () => {
    const nl = neighbourList(cu, 5.2);
    expect(countsPerCenter(nl.centers, 4)).toEqual([54, 54, 54, 54]);
  });

  it("counts lattice points of a 2 Å simple cubic cell within 4.5 Å: |n|² ∈ {1, 2, 3, 4, 5} → 6 + 12 + 8 + 6 + 24 = 56", () => {
    const s = makeStructure({ lattice: latticeFromParameters(2, 2, 2, 90, 90, 90), species: [6], fracCoords: [0.3, 0.3, 0.3] });
    const nl = neighbourList(s, 4.5);
    expect(nl.centers.length).toBe(56);
    expect(neighbourList(s, 4.5, { selfInteraction: true }).centers.length).toBe(57);
    expect(neighbourList(s, 4.5, { selfInteraction: true }).distances[0]).toBe(0);
  });

  it("reports images such that frac[j] + image − frac[i], in Cartesian, has the listed length; sorted by center then distance", () => {
    const s = makeStructure({ lattice: latticeFromParameters(3.1, 4.2, 5.3, 80, 95, 110), species: [8, 26, 26], fracCoords: [0.1, 0.2, 0.9, 0.6, 0.7, 0.1, -0.2, 1.3, 0.5] });
    const nl = neighbourList(s, 6);
    const m = s.lattice.matrix, f = s.fracCoords;
    for (let q = 0; q < nl.centers.length; q++) {
      const i = nl.centers[q]!, j = nl.neighbors[q]!;
      const df = [0, 1, 2].map((d) => f[3 * j + d]! + nl.images[3 * q + d]! - f[3 * i + d]!);
      const v = [0, 1, 2].map((d) => df[0]! * m[d]! + df[1]! * m[3 + d]! + df[2]! * m[6 + d]!);
      expect(Math.hypot(...v)).toBeCloseTo(nl.distances[q]!, 12);
      expect(nl.distances[q]).toBeLessThanOrEqual(6);
      if (q > 0) {
        expect(nl.centers[q]!).toBeGreaterThanOrEqual(nl.centers[q - 1]!);
        if (nl.centers[q] === nl.centers[q - 1]) expect(nl.distances[q]!).toBeGreaterThanOrEqual(nl.distances[q - 1]!);
      }
    }
  });

  it("includes neighbours exactly at the cutoff, within pymatgen's 1e-8 Å tolerance", () => {
    const s = makeStructure({ lattice: latticeFromParameters(2, 2, 2, 90, 90, 90), species: [6], fracCoords: [0, 0, 0] });
    // pymatgen get_neighbor_list: 6 neighbours for r = 2, 2 − 1e-9 and 2 + 1e-9; none for r = 2 − 1e-7
    expect([2, 2 - 1e-9, 2 + 1e-9, 2 - 1e-7].map((r) => neighbourList(s, r).centers.length)).toEqual([6, 6, 6, 0]);
  });

  it("rejects a negative cutoff with a clear error", () => {
    expect(() => neighbourList(cu, -1)).toThrow(/cutoff/);
  });
});

describe("kNearestNeighbours", () => {
  it("returns exactly k entries per site, the nearest ones", () => {
    const nn = kNearestNeighbours(cu, 14);
    expect(countsPerCenter(nn.centers, 4)).toEqual([14, 14, 14, 14]);
    // 12 at a/√2 then the next shell at a
    for (let q = 0; q < nn.centers.length; q++) expect(nn.distances[q]).toBeCloseTo(q % 14 < 12 ? 3.61 / Math.SQRT2 : 3.61, 12);
  });

  it("finds neighbours far outside the cell for a tiny one-atom cell", () => {
    const s = makeStructure({ lattice: latticeFromParameters(1, 1, 1, 90, 90, 90), species: [1], fracCoords: [0, 0, 0] });
    const nn = kNearestNeighbours(s, 30); // 6 at 1, 12 at √2, 8 at √3, 6 at 2
    expect(Array.from(nn.distances.slice(26)).every((d) => Math.abs(d - 2) < 1e-12)).toBe(true);
  });
});

describe("neighbourList agrees with pymatgen Structure.get_neighbor_list(3.5 Å)", () => {
  it.each([
    ["perov_5", `${dataDir}/perov_5/test.csv`],
    ["mpts_52", `${dataDir}/mpts_52/test.csv.gz`],
  ])("counts and sorted distances per site on the first 40 crystals of %s test", (_name, csv) => {
    const records = pymatgenReference(csv, 40, true);
    expect(records.length).toBe(40);
    for (const r of records) {
      const s = makeStructure({ lattice: latticeFromMatrix(r.matrix), species: r.species, fracCoords: r.frac });
      const nl = neighbourList(s, 3.5);
      expect(countsPerCenter(nl.centers, r.nsites)).toEqual(r.neighbourCounts);
      for (let i = 0; i < r.nsites; i++) {
        const ours = Array.from(nl.distances.filter((_, q) => nl.centers[q] === i));
        const ref = r.neighbourDistances![i]!;
        ours.forEach((d, k) => expect(Math.abs(d - ref[k]!)).toBeLessThan(1e-9));
      }
    }
  }, 120_000);
});

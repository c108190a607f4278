import { describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../../src/crystal/lattice.js";
import { makeStructure } from "../../../src/crystal/structure.js";
import { FingerprintError } from "../../../src/metrics/fingerprints/errors.js";
import { voronoiCell } from "../../../src/metrics/fingerprints/voronoi.js";

const cubic = (a: number, c: number, frac: number[], species?: number[]) =>
  makeStructure({ lattice: latticeFromParameters(a, a, c, 90, 90, 90), species: species ?? frac.filter((_, i) => i % 3 === 0).map(() => 26), fracCoords: frac });

/** Cell volume from faces: Σ area · (distance/2) / 3 (pyramids from the centre). */
const volume = (faces: ReturnType<typeof voronoiCell>) => faces.reduce((v, f) => v + (f.area * f.distance) / 6, 0);

describe("voronoiCell", () => {
  it("simple cubic (a = 3 Å): a cube of 6 faces, 9 Å² and 4π/6 sr each", () => {
    const faces = voronoiCell(cubic(3, 3, [0.1, 0.2, 0.3]), 0);
    expect(faces).toHaveLength(6);
    for (const f of faces) {
      expect(f.distance).toBeCloseTo(3, 12);
      expect(f.area).toBeCloseTo(9, 12);
      expect(f.solidAngle).toBeCloseTo((4 * Math.PI) / 6, 12);
      expect(f.site).toBe(0);
    }
    expect(faces.map((f) => f.image.map(Math.abs).reduce((a, b) => a + b)).every((s) => s === 1)).toBe(true);
  });

  it("body-centred cubic (a = 4 Å): truncated octahedron, 8 hexagons + 6 squares, volume a³/2, total solid angle 4π", () => {
    const faces = voronoiCell(cubic(4, 4, [0, 0, 0, 0.5, 0.5, 0.5]), 0);
    const edge = (4 * Math.SQRT2) / 4;
    const hex = faces.filter((f) => f.vertices.length === 18), sq = faces.filter((f) => f.vertices.length === 12);
    expect([hex.length, sq.length]).toEqual([8, 6]);
    for (const f of hex) expect(f.area).toBeCloseTo(((3 * Math.sqrt(3)) / 2) * edge * edge, 12);
    for (const f of sq) expect(f.area).toBeCloseTo(edge * edge, 12);
    expect(volume(faces)).toBeCloseTo(32, 12);
    expect(faces.reduce((s, f) => s + f.solidAngle, 0)).toBeCloseTo(4 * Math.PI, 12);
  });

  it("face-centred cubic (a = 4 Å): rhombic dodecahedron, 12 faces of √2/8 a² and 4π/12 sr", () => {
    const faces = voronoiCell(cubic(4, 4, [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5]), 2);
    expect(faces).toHaveLength(12);
    for (const f of faces) {
      expect(f.area).toBeCloseTo((Math.SQRT2 / 8) * 16, 12);
      expect(f.solidAngle).toBeCloseTo(Math.PI / 3, 12);
      expect(f.distance).toBeCloseTo(4 / Math.SQRT2, 12);
    }
  });

  it("grows the search radius like pymatgen when the 7 Å cell is unbounded (3 × 3 × 20 Å cell)", () => {
    const faces = voronoiCell(cubic(3, 20, [0, 0, 0]), 0);
    expect(faces).toHaveLength(6);
    expect(faces.map((f) => f.area).sort((a, b) => a - b)).toEqual([9, 9, 60, 60, 60, 60].map((v) => expect.closeTo(v, 10)));
  });

  it("throws FingerprintError naming the site when two atoms coincide", () => {
    expect(() => voronoiCell(cubic(3, 3, [0, 0, 0, 0, 0, 0]), 1)).toThrow(FingerprintError);
    expect(() => voronoiCell(cubic(3, 3, [0, 0, 0, 0, 0, 0]), 1)).toThrow(/site 1/);
  });
});

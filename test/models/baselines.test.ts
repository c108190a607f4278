import { describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { ModelConfigError, dataDrawBaseline } from "../../src/models/index.js";

const pool = Array.from({ length: 10 }, (_, i) =>
  makeStructure({ lattice: latticeFromParameters(3 + i, 3 + i, 3 + i, 90, 90, 90), species: [11, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: i } }),
);
const ids = (list: { properties?: Record<string, unknown> }[]) => list.map((s) => s.properties!["id"] as number);

describe("data baseline (real crystals as a perfect generator)", () => {
  it("draws n distinct crystals of the pool, the same ones for the same seed", () => {
    const a = ids(dataDrawBaseline(pool, 6, 3));
    expect(new Set(a).size).toBe(6);
    expect(a.every((i) => i >= 0 && i < 10)).toBe(true);
    expect(ids(dataDrawBaseline(pool, 6, 3))).toEqual(a);
    expect(ids(dataDrawBaseline(pool, 6, 4))).not.toEqual(a);
    expect(ids(dataDrawBaseline(pool, 10, 1)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it("refuses more crystals than the pool holds, or none", () => {
    expect(() => dataDrawBaseline(pool, 11)).toThrow(ModelConfigError);
    expect(() => dataDrawBaseline(pool, 0)).toThrow(/draws 1–10 crystals/);
  });
});

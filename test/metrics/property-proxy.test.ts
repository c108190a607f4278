import { describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type PropertyValue, makeStructure } from "../../src/crystal/structure.js";
import { nearestCompositionProperty, summariseProxy } from "../../src/metrics/property-proxy.js";

const cell = (species: number[], props: Record<string, PropertyValue>) =>
  makeStructure({ lattice: latticeFromParameters(4, 4, 4, 90, 90, 90), species, fracCoords: new Float64Array(3 * species.length), properties: props });

describe("nearestCompositionProperty", () => {
  const reference = [
    cell([38, 22, 8, 8, 8], { e: 1.5 }), // SrTiO3
    cell([56, 22, 8, 8, 8], { e: 2.5 }), // BaTiO3
    cell([11, 17], { e: "n/a" }), // no numeric value: skipped
    cell([3, 9], { e: -4 }), // LiF
  ];
  const proxy = nearestCompositionProperty(reference, "e");
  it("gives the known value (distance 0) for a composition in the reference, whatever the cell size", () => {
    expect(proxy(cell([56, 56, 22, 22, 8, 8, 8, 8, 8, 8], {}))).toEqual({ value: 2.5, distance: 0, index: 1 });
  });
  it("gives the nearest composition's value otherwise and skips rows without a number", () => {
    const naf = proxy(cell([11, 9], {}));
    expect(naf.index).toBe(3);
    expect(naf.distance).toBeGreaterThan(0);
    expect(proxy(cell([20, 22, 8, 8, 8], {})).index).toBe(0); // CaTiO3 is nearer SrTiO3 than BaTiO3
    expect(() => nearestCompositionProperty(reference, "missing")).toThrow(/no reference crystal has a numeric missing/);
  });
  it("summarises many crystals: mean, lower-middle median and the fraction with a known composition", () => {
    const crystals = [cell([38, 22, 8, 8, 8], {}), cell([56, 22, 8, 8, 8], {}), cell([11, 9], {})];
    expect(summariseProxy(crystals, proxy)).toEqual({ mean: (1.5 + 2.5 - 4) / 3, median: 1.5, knownFraction: 2 / 3, n: 3 });
    expect(summariseProxy([], proxy).n).toBe(0);
  });
});

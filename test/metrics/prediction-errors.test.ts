// predictionErrors on hand-computed cases.
import { describe, expect, it } from "vitest";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { elementBias, predictionErrors } from "../../src/metrics/prediction-errors.js";

const crystal = (species: number[]) => makeStructure({ lattice: latticeFromMatrix([4, 0, 0, 0, 4, 0, 0, 0, 4]), species, fracCoords: species.flatMap((_, i) => [i / species.length, 0, 0]) });

describe("predictionErrors", () => {
  const structures = [crystal([11, 17]), crystal([11, 8, 8]), crystal([12, 8]), crystal([14])];
  const predicted = [-2.0, -1.0, -3.2, NaN];
  const reference = [-2.1, -1.4, -3.0, 0];
  const e = predictionErrors(predicted, reference);
  it("MAE, RMSE, median and mean signed error over the finite pairs only", () => {
    expect(e.n).toBe(3);
    expect(e.dropped).toBe(1);
    expect(e.mae).toBeCloseTo((0.1 + 0.4 + 0.2) / 3, 12);
    expect(e.rmse).toBeCloseTo(Math.sqrt((0.01 + 0.16 + 0.04) / 3), 12);
    expect(e.medianAbsoluteError).toBeCloseTo(0.2, 12);
    expect(e.meanError).toBeCloseTo((0.1 + 0.4 - 0.2) / 3, 12);
    expect(e.maeCi95[0]).toBeLessThan(e.mae);
  });
  it("per-element bias counts each crystal once per element, largest |bias| first", () => {
    expect(elementBias(structures, predicted, reference, 2)).toEqual([
      { element: "Na", n: 2, meanSignedError: expect.closeTo(0.25, 12), meanAbsoluteError: expect.closeTo(0.25, 12) },
      { element: "O", n: 2, meanSignedError: expect.closeTo(0.1, 12), meanAbsoluteError: expect.closeTo(0.3, 12) },
    ]);
  });
  it("refuses lists of different lengths", () => {
    expect(() => predictionErrors([1], reference)).toThrow(RangeError);
    expect(() => elementBias(structures, [1], reference)).toThrow(RangeError);
  });
});

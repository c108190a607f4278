// The GAN diagnostics figure: losses, sample quality in percent, and element shares per recorded step.
import { describe, expect, it } from "vitest";
import { ganDiagnosticsFigure } from "../../src/viz/figures/gan-diagnostics.js";

const point = (step: number, covRecall: number | null, elementCounts: Record<string, number>) => ({
  step, criticLoss: -0.5, generatorLoss: 0.2, wasserstein: 0.6, uniqueness: 0.5, structValidity: 0.9, compValidity: 0.8, covRecall, covPrecision: covRecall, elementCounts,
});

describe("ganDiagnosticsFigure", () => {
  const fig = ganDiagnosticsFigure([point(100, 0.25, { 8: 6, 38: 2, 22: 2 }), point(200, null, { 8: 3, 7: 1 })], { reference: "perov_5:select" });
  const trace = (name: string) => fig.data.find((t) => (t as { name?: string }).name === name) as { x: number[]; y: (number | null)[]; z?: number[][] };

  it("plots the losses as they are and the sample fractions in percent, a missing COV as a gap", () => {
    expect(trace("critic loss").y).toEqual([-0.5, -0.5]);
    expect(trace("struct. validity").y).toEqual([90, 90]);
    expect(trace("COV-R vs perov_5:select").y).toEqual([25, null]);
    expect(trace("uniqueness").x).toEqual([100, 200]);
  });

  it("shows each element's share of the sampled atoms (rows by atomic number, columns by step; shares sum to 100 %)", () => {
    const heat = fig.data.find((t) => t.type === "heatmap") as { y: string[]; z: number[][] };
    expect(heat.y).toEqual(["N", "O", "Ti", "Sr"]);
    expect(heat.z).toEqual([[0, 25], [60, 75], [20, 0], [20, 0]]);
  });
});

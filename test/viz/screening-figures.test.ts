// Review Fig. 3 figures: hits against cost with the best-so-far front, and the screening funnel.
import { describe, expect, it } from "vitest";
import { type PipelineResult, paretoFigure, screeningFunnelFigure } from "../../src/viz/index.js";

const search: PipelineResult = {
  name: "search", cpuSeconds: 100, candidates: 10,
  hits: [
    { value: 0.5, std: 0.1, label: "c", candidateIndex: 7 },
    { value: 0.9, std: 0.2, label: "a", candidateIndex: 1 },
    { value: 1.2, std: 0.1, label: "b", candidateIndex: 4 },
  ],
  stages: [{ stage: "valid", kept: 8 }, { stage: "hits", kept: 3 }],
};

describe("paretoFigure", () => {
  it("places each hit at the CPU time of its candidate and draws the best value reached within each budget", () => {
    const fig = paretoFigure([search], { property: "heat_ref (eV/atom)", goal: "min" });
    const [points, front] = fig.data as { x: number[]; y: number[]; error_y: { array: number[] }; text: string[] }[];
    // 10 CPU-s per candidate; hits in generation order a (index 1), b (4), c (7).
    expect(points!.x).toEqual([20, 50, 80]);
    expect(points!.y).toEqual([0.9, 1.2, 0.5]);
    expect(points!.error_y.array).toEqual([0.2, 0.1, 0.1]);
    expect(points!.text).toEqual(["a", "b", "c"]);
    // Lower is better: 0.9 from 20 s, 0.5 from 80 s, held to the end of the run (100 s); b never improves the front.
    expect(front!.x).toEqual([20, 80, 100]);
    expect(front!.y).toEqual([0.9, 0.5, 0.5]);
    const max = paretoFigure([search], { property: "p", goal: "max" }).data[1] as { x: number[]; y: number[] };
    expect(max.x).toEqual([20, 50, 100]);
    expect(max.y).toEqual([0.9, 1.2, 1.2]);
  });
});

describe("screeningFunnelFigure", () => {
  it("starts each pipeline's bars at its candidate count, then one bar per stage", () => {
    const bar = screeningFunnelFigure([search]).data[0] as { x: string[]; y: number[] };
    expect(bar.x).toEqual(["candidates", "valid", "hits"]);
    expect(bar.y).toEqual([10, 8, 3]);
  });
});

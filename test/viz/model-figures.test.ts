import { describe, expect, it } from "vitest";
import { latticeFromParameters, makeStructure } from "../../src/crystal/index.js";
import { plotlyBundle } from "../../src/viz/plotly.js";
import { evenlySpaced, fractionalPathsFigure, trajectoryFigure } from "../../src/viz/figures/trajectory.js";
import { guidanceSweepFigure } from "../../src/viz/figures/guidance-sweep.js";
import { coverageCurveFigure } from "../../src/viz/figures/coverage-curve.js";
import { stepsSweepFigure } from "../../src/viz/figures/steps-sweep.js";

const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);
const srtio3 = (a: number, shift = 0) =>
  makeStructure({ lattice: cubic(a), species: [38, 22, 8, 8, 8], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5 + shift, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5] });

describe("trajectoryFigure", () => {
  const frames = [
    { structure: srtio3(2, 0.2), label: "t = 1000" },
    { structure: srtio3(3, 0.1), label: "t = 500" },
    { structure: srtio3(3.9), label: "t = 0" },
  ];
  const fig = trajectoryFigure(frames, { title: "SrTiO3" });

  it("draws the last state (the result) first", () => {
    expect(fig.data).toEqual(fig.frames![2]!.data);
  });

  it("draws one marker trace per element (ascending Z) plus the cell edges, in every frame", () => {
    expect(fig.data.map((t) => t.name)).toEqual(["O", "Ti", "Sr", "cell"]);
    expect(fig.frames).toHaveLength(3);
    for (const f of fig.frames!) expect((f.data as { name: string }[]).map((t) => t.name)).toEqual(["O", "Ti", "Sr", "cell"]);
  });

  it("places atoms at their Cartesian positions (Å) and colours them by Jmol colour", () => {
    const last = fig.frames![2]!.data as { x: number[]; y: number[]; z: number[]; marker: { color: string } }[];
    expect(last[1]!.x[0]).toBeCloseTo(1.95, 12); // Ti at (½,½,½) of a 3.9 Å cube
    expect(last[1]!.z[0]).toBeCloseTo(1.95, 12);
    expect(last[0]!.x).toHaveLength(3); // three O
    expect(last[2]!.marker.color).toBe("#00ff00"); // Sr (Jmol)
    expect((fig.frames![1]!.data as { z: number[] }[])[1]!.z[0]).toBeCloseTo(0.6 * 3, 12);
  });

  it("fixes equal axis ranges covering every state, and has a slider step and frame per label", () => {
    const scene = fig.layout.scene as Record<string, { range: number[] }>;
    const ranges = ["xaxis", "yaxis", "zaxis"].map((k) => scene[k]!.range);
    for (const r of ranges) {
      expect(r[0]).toBeLessThanOrEqual(0);
      expect(r[1]).toBeGreaterThanOrEqual(3.9);
      expect(r[1]! - r[0]!).toBeCloseTo(1.1 * 3.9, 12);
    }
    const steps = (fig.layout.sliders as { steps: { label: string; args: unknown[] }[] }[])[0]!.steps;
    expect(steps.map((s) => s.label)).toEqual(["t = 1000", "t = 500", "t = 0"]);
    expect(steps[1]!.args[0]).toEqual(["t = 500"]);
    expect((fig.layout.sliders as { active: number }[])[0]!.active).toBe(2);
    const play = (fig.layout.updatemenus as { buttons: { args: unknown[] }[] }[])[0]!.buttons[0]!;
    expect(play.args[0]).toEqual(["t = 1000", "t = 500", "t = 0"]);
    expect(fig.frames!.map((f) => f.name)).toEqual(["t = 1000", "t = 500", "t = 0"]);
  });

  it("reaches the page: the bundle carries the frames and adds them after the first draw", () => {
    const b = plotlyBundle(fig);
    expect((b["application/vnd.plotly.v1+json"] as { frames: unknown[] }).frames).toHaveLength(3);
    expect(b["text/html"]).toContain("Plotly.addFrames(el,spec.frames)");
  });

  it("refuses an empty trajectory and changing atom counts", () => {
    expect(() => trajectoryFigure([])).toThrow(RangeError);
    const nacl = makeStructure({ lattice: cubic(4), species: [11, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    expect(() => trajectoryFigure([frames[0]!, { structure: nacl, label: "x" }])).toThrow(RangeError);
  });
});

describe("fractionalPathsFigure", () => {
  const states = [{ time: 10, structure: srtio3(3, 0.3) }, { time: 5, structure: srtio3(3, 0.1) }, { time: 1, structure: srtio3(3) }];
  const fig = fractionalPathsFigure(states, { timeTitle: "t", reversed: true });
  it("has one series per atom and axis, with the coordinate of each state against its time", () => {
    expect(fig.data).toHaveLength(15);
    const tiZ = fig.data[5] as { x: number[]; y: number[]; yaxis: string; name: string };
    expect(tiZ.name).toBe("Ti");
    expect(tiZ.yaxis).toBe("y3");
    expect(tiZ.x).toEqual([10, 5, 1]);
    expect(tiZ.y[0]).toBeCloseTo(0.8, 12);
    expect(tiZ.y[2]).toBeCloseTo(0.5, 12);
  });
  it("lists each element once in the legend", () => {
    expect(fig.data.filter((t) => t.showlegend).map((t) => t.name)).toEqual(["Sr", "Ti", "O"]);
  });
});

describe("evenlySpaced", () => {
  it("keeps the first and last item and spaces the rest evenly", () => {
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8], 5)).toEqual([0, 2, 4, 6, 8]);
    expect(evenlySpaced([0, 1, 2], 10)).toEqual([0, 1, 2]);
    expect(evenlySpaced([0, 1, 2], 1)).toEqual([2]);
  });
});

describe("guidanceSweepFigure", () => {
  const fig = guidanceSweepFigure(
    [
      { label: "training", values: [1, 2, 3] },
      { label: "target −1 · s 1", values: [0.5, NaN, 1.5], target: -1 },
      { label: "target −1 · s 3", values: [-1, -0.8], target: -1 },
      { label: "target 4 · s 3", values: [3.5, 4.2], target: 4 },
    ],
    { property: "E (eV/atom)" },
  );
  it("has one violin per group in order, NaN values dropped and counted in the label", () => {
    const violins = fig.data.filter((t) => t.type === "violin") as { name: string; y: number[]; line: { color: string } }[];
    expect(violins.map((v) => v.name)).toEqual(["training", "target −1 · s 1 (1 n/a)", "target −1 · s 3", "target 4 · s 3"]);
    expect(violins[1]!.y).toEqual([0.5, 1.5]);
    expect(violins[0]!.line.color).toBe("#9a9a9a");
    expect(violins[1]!.line.color).toBe(violins[2]!.line.color);
    expect(violins[3]!.line.color).not.toBe(violins[1]!.line.color);
  });
  it("marks each group's target on the property axis", () => {
    const marks = fig.data.find((t) => t.name === "target") as { x: string[]; y: number[] };
    expect(marks.x).toEqual(["target −1 · s 1 (1 n/a)", "target −1 · s 3", "target 4 · s 3"]);
    expect(marks.y).toEqual([-1, -1, 4]);
    expect((fig.layout.yaxis as { title: { text: string } }).title.text).toBe("E (eV/atom)");
  });
});

describe("stepsSweepFigure", () => {
  const fig = stepsSweepFigure(
    [
      { name: "DiffCSP", steps: [10, 100], matchRate: [0.1, 0.5], rmse: [0.3, NaN] },
      { name: "FlowMM", steps: [10, 50], matchRate: [0.2, 0.4], rmse: [0.2, 0.1] },
    ],
    { references: [{ name: "random", matchRate: 0.3, rmse: 0.35 }] },
  );
  it("plots match rate in percent (left) and RMSE (right, NaN as a gap) per sampler on log step axes", () => {
    const [mr, rm] = fig.data as { y: (number | null)[]; xaxis: string; yaxis: string }[];
    expect(mr!.y).toEqual([10, 50]);
    expect([mr!.xaxis, mr!.yaxis]).toEqual(["x", "y"]);
    expect(rm!.y).toEqual([0.3, null]);
    expect([rm!.xaxis, rm!.yaxis]).toEqual(["x2", "y2"]);
    expect((fig.layout.xaxis as { type: string }).type).toBe("log");
  });
  it("draws the reference as a dashed line over the full step range", () => {
    const ref = fig.data.filter((t) => t.name === "random") as { x: number[]; y: number[] }[];
    expect(ref).toHaveLength(2);
    expect(ref[0]!.x).toEqual([10, 100]);
    expect(ref[0]!.y).toEqual([30, 30]);
    expect(ref[1]!.y).toEqual([0.35, 0.35]);
  });
});

describe("coverageCurveFigure", () => {
  const fig = coverageCurveFigure(
    [
      { name: "real crystals", n: [100, 1000, 3000], covRecall: [0.2, 0.872, 0.981] },
      { name: "model", n: [300], covRecall: [0.352], mode: "markers" },
    ],
    { target: 0.95 },
  );
  it("plots COV-R in percent against n on a log axis, measured points as markers", () => {
    const [ceiling, model] = fig.data as { x: number[]; y: number[]; mode: string }[];
    expect(ceiling!.y).toEqual([20, 87.2, 98.1]);
    expect(model!.x).toEqual([300]);
    expect(model!.mode).toBe("markers");
    expect((fig.layout.xaxis as { type: string }).type).toBe("log");
  });
  it("draws the target as a dashed line over all sample counts", () => {
    const t = fig.data.find((d) => d.name === "target 95 %") as { x: number[]; y: number[] };
    expect(t.x).toEqual([100, 3000]);
    expect(t.y).toEqual([95, 95]);
  });
});

// The latent-space figures: the map's colouring buttons restyle the one trace, overlays keep their coordinates, and
// mismatched inputs are refused.
import { describe, expect, it } from "vitest";
import { latentMapFigure, latentOverlayFigure, lineSeriesFigure } from "../../src/viz/index.js";

describe("latent-space figures", () => {
  it("draws the map with one button per colouring, each restyling the markers with that colouring's values", () => {
    const f = latentMapFigure([0, 1, 2, 3, 4, 5], [{ name: "E", values: [1, 2, 3] }, { name: "#el", values: [2, 2, 3] }], { text: ["a", "b", "c"] });
    expect(f.data).toHaveLength(1);
    expect(f.data[0]!["x"]).toEqual([0, 2, 4]);
    expect(f.data[0]!["y"]).toEqual([1, 3, 5]);
    expect((f.data[0]!["marker"] as { color: number[] }).color).toEqual([1, 2, 3]);
    const buttons = (f.layout["updatemenus"] as { buttons: { label: string; args: [{ marker: { color: number[] }[] }] }[] }[])[0]!.buttons;
    expect(buttons.map((b) => b.label)).toEqual(["E", "#el"]);
    expect(buttons[1]!.args[0].marker[0]!.color).toEqual([2, 2, 3]);
    expect(() => latentMapFigure([0, 1, 2, 3], [{ name: "E", values: [1] }])).toThrow(RangeError);
  });

  it("draws overlays over the grey map and line series with their own x and y", () => {
    const f = latentOverlayFigure([0, 0, 1, 1], [{ name: "path", coords: [0, 0, 0.5, 0.5, 1, 1] }, { name: "ends", coords: [1, 1], mode: "markers", symbol: "star" }]);
    expect(f.data.map((t) => t["name"])).toEqual(["encoded crystals", "path", "ends"]);
    expect(f.data[1]!["x"]).toEqual([0, 0.5, 1]);
    expect(f.data[2]!["mode"]).toBe("markers");
    const g = lineSeriesFigure([{ name: "valid", x: [0, 1], y: [100, 50], dash: "dash" }], { yRange: [0, 102] });
    expect(g.data[0]!["y"]).toEqual([100, 50]);
    expect((g.layout["yaxis"] as { range: number[] }).range).toEqual([0, 102]);
  });
});

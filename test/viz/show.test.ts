import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { curveFigure, liveCurve, NotInKernelError, show, showBundle } from "../../src/kernel-helpers/index.js";
import { latticeFromParameters, makeStructure } from "../../src/crystal/index.js";

const cscl = makeStructure({ lattice: latticeFromParameters(4.12, 4.12, 4.12, 90, 90, 90), species: [55, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
const fig = { data: [{ type: "bar", x: [1], y: [2] }], layout: {} };

describe("showBundle", () => {
  it("dispatches structures to the 3-D viewer, figures to Plotly, tables to HTML tables", () => {
    expect(showBundle(cscl, {}, "none")["text/plain"]).toMatch(/^<crystal viewer: 1 scene>/);
    expect(showBundle([cscl, cscl], { viewer: { titles: ["x", "y"] } }, "none")["text/plain"]).toMatch(/^<crystal viewer: 2 scenes>\nx: /);
    expect(showBundle(fig, {}, "none")).toHaveProperty("application/vnd.plotly.v1+json");
    expect(showBundle(aq.table({ a: [1] }), {}, "none")["text/html"]).toContain('class="cw-table"');
    expect(showBundle({ "text/plain": "ready" }, {}, "none")).toEqual({ "text/plain": "ready" });
    expect(() => showBundle(42 as never)).toThrow(TypeError);
  });

  it("inlines plotly.js and 3Dmol.js into the first figure / viewer of a session only", () => {
    const first = showBundle(fig)["text/html"] as string;
    const second = showBundle(fig)["text/html"] as string;
    expect(first.length).toBeGreaterThan(3_000_000); // plotly.min.js is ~4.7 MB
    expect(second.length).toBeLessThan(10_000);
    const v1 = showBundle(cscl)["text/html"] as string;
    const v2 = showBundle(cscl)["text/html"] as string;
    expect(v1).toContain("$3Dmol");
    expect(v1.length - v2.length).toBeGreaterThan(400_000); // 3Dmol-min.js is ~540 kB
  });

  it("refuses to display outside a kernel with a clear error", () => {
    expect(() => show(fig)).toThrow(NotInKernelError);
  });
});

describe("liveCurve", () => {
  it("accumulates named series per step (no display outside a kernel)", () => {
    const c = liveCurve("training", { logY: true });
    c.push(1, { loss: 1, val: 2 });
    c.push(2, { loss: 0.5 });
    c.flush();
    const f = c.figure();
    expect(f.data).toEqual([
      { type: "scatter", mode: "lines", name: "loss", x: [1, 2], y: [1, 0.5] },
      { type: "scatter", mode: "lines", name: "val", x: [1], y: [2] },
    ]);
    expect(f.layout).toMatchObject({ yaxis: { type: "log" }, title: { text: "training" } });
    expect(curveFigure("t", new Map()).data).toEqual([]);
  });
});

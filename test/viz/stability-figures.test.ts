import { describe, expect, it } from "vitest";
import { latticeFromMatrix, makeStructure } from "../../src/crystal/index.js";
import { showBundle } from "../../src/kernel-helpers/index.js";
import { predictionErrors } from "../../src/metrics/index.js";
import { type GeneratedCrystal, buildHullReferences, hullPlacement, hullSlice, stabilityTable } from "../../src/stability/index.js";
import {
  binaryHullFigure, drillDownBundle, eAboveHullHistogram, hullPlacementTraces, parityFigure, relaxationCurvesFigure, stabilityDrillDown, ternaryHullFigure,
} from "../../src/viz/index.js";

type Xy = { x: (number | string | null)[]; y: (number | null)[]; name: string; xaxis?: string; yaxis?: string; text?: string[] };
type Abc = { a: (number | null)[]; b: (number | null)[]; c: (number | null)[]; name: string; text?: string[]; marker: { color: unknown } };

describe("predictionErrors", () => {
  it("MAE, RMSE and mean error over the finite pairs, the others counted as dropped", () => {
    const e = predictionErrors([1, 2, NaN, 4, null], [0, 3, 1, 4, 2]);
    expect(e).toMatchObject({ n: 3, dropped: 2, mae: 2 / 3, rmse: Math.sqrt(2 / 3), meanError: 0 });
    expect(e.maeCi95[0]).toBeLessThan(2 / 3);
    expect(e.maeCi95[1]).toBeGreaterThan(2 / 3);
    expect(predictionErrors([], []).mae).toBeNaN();
    expect(() => predictionErrors([1], [1, 2])).toThrow(RangeError);
  });
});

describe("parityFigure", () => {
  const predicted = [-1.1, -2.05, -0.4, null, -3.2];
  const reference = [-1.0, -2.2, -0.5, -1.5, -3.0];
  const fig = parityFigure({ predicted, reference, labels: ["a", "b", "c", "d", "e"] }, predictionErrors(predicted, reference), { unit: "eV/atom", referenceName: "DFT", predictedName: "M3GNet" });

  it("puts the MAE of the pairs passed, and their number, in the title", () => {
    const title = (fig.layout.title as { text: string }).text;
    const pairs = predicted.flatMap((p, i) => (p === null ? [] : [Math.abs(p - reference[i]!)]));
    const mae = pairs.reduce((s, v) => s + v, 0) / pairs.length;
    expect(/MAE (-?[\d.]+) eV\/atom/.exec(title)![1]).toBe(mae.toFixed(3));
    expect(title).toContain("n = 4");
    expect(title).toMatch(/95 % CI [\d.]+–[\d.]+/);
  });

  it("draws reference on x and prediction on y, the y = x line over the data range, equal axes", () => {
    const [line, points] = fig.data as unknown as Xy[];
    expect(points!.x).toEqual([-1.0, -2.2, -0.5, null, -3.0]);
    expect(points!.y).toEqual([-1.1, -2.05, -0.4, null, -3.2]);
    expect(line!.x).toEqual(line!.y);
    expect(line!.x[0]).toBeLessThan(-3.2);
    expect(line!.x[1]).toBeGreaterThan(-0.4);
    expect(fig.layout).toMatchObject({ xaxis: { title: { text: "DFT (eV/atom)" }, range: line!.x }, yaxis: { scaleanchor: "x", range: line!.x } });
  });
});

describe("relaxationCurvesFigure", () => {
  const fig = relaxationCurvesFigure({ energies: Float64Array.from([-10, -10.5, -10.6]), maxForces: Float64Array.from([1.2, 0.3, 0.04]), atoms: 5 }, { fmax: 0.05, title: "r" });
  it("draws the energy per atom and the max force against the FIRE step, the force on a log axis with the fmax line", () => {
    const [energy, force, fmax] = fig.data as unknown as Xy[];
    expect(energy).toMatchObject({ x: [0, 1, 2], y: [-2, -2.1, -2.12], xaxis: "x", yaxis: "y" });
    expect(force).toMatchObject({ x: [0, 1, 2], y: [1.2, 0.3, 0.04], xaxis: "x2", yaxis: "y2" });
    expect(fmax).toMatchObject({ x: [0, 2], y: [0.05, 0.05], yaxis: "y2" });
    expect(fig.layout).toMatchObject({ yaxis2: { type: "log" }, yaxis: { title: { text: "energy (eV/atom)" } }, xaxis2: { title: { text: "FIRE step" } } });
  });
});

describe("eAboveHullHistogram", () => {
  it("bins the finite values, marks 0 and 0.1 eV/atom and counts the crystals without an energy", () => {
    const fig = eAboveHullHistogram([0.02, -0.01, null, 0.3]);
    expect((fig.data[0] as unknown as { x: number[] }).x).toEqual([0.02, -0.01, 0.3]);
    expect((fig.layout.shapes as { x0: number }[]).map((s) => s.x0)).toEqual([0, 0.1]);
    expect((fig.layout.title as { text: string }).text).toContain("3 crystals; 1 without an energy not drawn");
  });
});

// A hand-built Li–Fe–O system: Li2O, Fe2O3, FeO, LiFeO2 and an unstable Li2O2 (eV/atom).
const refs = buildHullReferences([{
  source: "hand-built", skipped: 0,
  entries: [
    { composition: "Li2O", energyPerAtom: -2.07, id: "r-Li2O" }, { composition: "Fe2O3", energyPerAtom: -1.7, id: "r-Fe2O3" },
    { composition: "FeO", energyPerAtom: -1.5, id: "r-FeO" }, { composition: "LiFeO2", energyPerAtom: -2.0, id: "r-LiFeO2" },
    { composition: "Li2O2", energyPerAtom: -1.5, id: "r-Li2O2" },
  ],
}]);
const pd = refs.phaseDiagram;

describe("binaryHullFigure", () => {
  const slice = hullSlice(pd, "Li-O", [{ id: "g1", composition: "LiO", energyPerAtom: -1.2 }]);
  const fig = binaryHullFigure(slice);
  const [hull, above, stable, drop, points] = fig.data as unknown as Xy[];

  it("draws the hull through the stable entries (Li, Li2O, O) and the unstable Li2O2 above it", () => {
    expect(hull!.x).toEqual([0, 1 / 3, null, 1 / 3, 1, null]);
    expect(hull!.y).toEqual([0, -2.07, null, -2.07, 0, null]);
    expect(new Set(stable!.text)).toEqual(new Set(["Li", "Li2O", "O2"]));
    expect(above!.x).toEqual([0.5]);
    expect(above!.text![0]).toContain(`E_hull ${(-1.5 + 2.07 * 0.75).toFixed(3)} eV/atom`);
  });

  it("places the generated crystal with id, formula and E_hull on hover, joined to the hull", () => {
    const p = slice.points[0]!;
    expect(points!.x).toEqual([0.5]);
    expect(points!.y).toEqual([-1.2]);
    expect(points!.text![0]).toBe(`g1: Li2O2<br>E_f -1.200 eV/atom<br>E_hull +${p.eAboveHull.toFixed(3)} eV/atom`);
    expect(drop!.y).toEqual([p.hullEnergyPerAtom, -1.2, null]);
    expect(p.hullEnergyPerAtom).toBeCloseTo(-2.07 * 0.75, 12);
  });

  it("refuses a ternary slice", () => {
    expect(() => binaryHullFigure(hullSlice(pd, "Fe-Li-O"))).toThrow(RangeError);
  });
});

describe("ternaryHullFigure", () => {
  const slice = hullSlice(pd, "Fe-Li-O", [{ id: "g2", composition: "LiFeO2", energyPerAtom: -1.95 }]);
  const fig = ternaryHullFigure(slice);
  const [ties, above, stable, points] = fig.data as unknown as Abc[];

  it("draws each edge of the hull facets once as a tie-line, in Fe, Li, O coordinates", () => {
    const edges = new Set(slice.facets.flatMap((f) => [[f[0], f[1]], [f[1], f[2]], [f[0], f[2]]].map((e) => e.sort().join("-"))));
    expect(ties!.a.length).toBe(3 * edges.size);
    expect(ties!.a.filter((v) => v === null).length).toBe(edges.size);
    expect(fig.layout).toMatchObject({ ternary: { aaxis: { title: { text: "Fe" } }, baxis: { title: { text: "Li" } }, caxis: { title: { text: "O" } } } });
    expect(fig.data.every((t) => t.type === "scatterternary")).toBe(true);
  });

  it("labels the stable entries, greys the unstable ones and colours the generated crystals by E_hull", () => {
    expect(new Set(stable!.text)).toEqual(new Set(["Fe", "Li", "O2", "Li2O", "Fe2O3", "FeO", "LiFeO2"]));
    expect(above!.text!.map((t) => t.split("<br>")[0])).toEqual(["Li2O2 (r-Li2O2)"]);
    expect(points).toMatchObject({ a: [0.25], b: [0.25], c: [0.5], marker: { color: [slice.points[0]!.eAboveHull] } });
    expect(slice.points[0]!.eAboveHull).toBeCloseTo(0.05, 12);
    expect(points!.text![0]).toContain("g2: LiFeO2");
  });

  it("refuses a binary slice", () => {
    expect(() => ternaryHullFigure(hullSlice(pd, "Li-O"))).toThrow(RangeError);
  });
});

describe("hullPlacementTraces", () => {
  it("shows the decomposition phases with their shares, the hull energy and the crystal", () => {
    const placement = hullPlacement(pd, "Li3FeO3", -1.8);
    const [phases, hull, crystal] = hullPlacementTraces(placement, ["x3", "y3"]) as unknown as Xy[];
    expect(phases!.x).toEqual(placement.decomposition.map((d) => `${d.formula} · ${Math.round(100 * d.fraction)} %`));
    expect(placement.decomposition.reduce((s, d) => s + d.fraction, 0)).toBeCloseTo(1, 12);
    expect(hull!.y).toEqual([placement.hullEnergyPerAtom]);
    expect(crystal).toMatchObject({ x: ["Li3FeO3"], y: [-1.8], xaxis: "x3", yaxis: "y3" });
  });
});

describe("stabilityDrillDown and drillDownBundle", () => {
  const cell = (a: number, species: number[], frac: number[]) => makeStructure({ lattice: latticeFromMatrix([a, 0, 0, 0, a, 0, 0, 0, a]), species, fracCoords: frac });
  const lifeo2 = cell(4.2, [3, 26, 8, 8], [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0]);
  const li2o = cell(4.6, [3, 3, 8], [0, 0, 0, 0.5, 0.5, 0, 0.25, 0.25, 0.5]);
  const crystals: GeneratedCrystal[] = [
    { id: "g1", initial: li2o, relaxed: li2o, status: "converged", steps: 2, formationEnergyPerAtom: -1.9 },
    { id: "g2", initial: lifeo2, relaxed: lifeo2, status: "converged", steps: 2, formationEnergyPerAtom: -2.05 },
  ];
  const table = stabilityTable(crystals, refs, []);
  const items = table.records.map((record, i) => ({
    record, structure: crystals[i]!.initial,
    relaxation: { energies: [-9, -9.5, -9.6], maxForces: [1, 0.2, 0.03], atoms: crystals[i]!.initial.species.length },
    placement: hullPlacement(pd, record.formula, record.formationEnergyPerAtom!),
  }));
  const drill = stabilityDrillDown(items, { fmax: 0.05, caption: "S.U.N." });

  it("has one row per record, the S.U.N. rows emphasised and selected first", () => {
    expect(table.records.map((r) => r.sunMatterGen)).toEqual([false, true]);
    expect(drill.rows.map((r) => r.slice(0, 4))).toEqual(table.records.map((r) => [r.id, r.formula, r.formationEnergyPerAtom, r.eAboveHull]));
    expect(drill.highlight).toEqual([false, true]);
    expect(drill.selected).toBe(1);
  });

  it("gives each row its crystal, relaxation curves and hull placement", () => {
    const detail = drill.details[1]!;
    expect(detail.scene.atoms.filter((a) => !a.image)).toHaveLength(4);
    expect(detail.title).toContain("g2 · LiFeO2 · converged after 2 FIRE steps · E_hull -0.050 eV/atom");
    expect(detail.figure.data.map((t) => t.name)).toEqual(["energy", "max force", "fmax 0.05 eV/Å", "decomposition", "hull", "this crystal"]);
    expect((detail.figure.data[5] as unknown as Xy).y).toEqual([-2.05]);
  });

  it("renders a clickable table, a crystal viewer and a Plotly div with every row's data inlined", () => {
    const html = drillDownBundle(drill)["text/html"] as string;
    expect(html.match(/<tr data-row=/g)).toHaveLength(2);
    expect(html).toContain('class="cw-crystal"');
    expect(html).toContain('class="cw-plotly"');
    expect(html).toContain("cwFillCrystal");
    expect(html).toContain('"selected":1');
    expect(showBundle(drill, {}, "none")["text/plain"]).toBe("<drill-down table: 2 rows — S.U.N.>");
    const all = showBundle(drill, {}, "all")["text/html"] as string;
    expect(all.length - html.length).toBeGreaterThan(3_000_000); // plotly.js and 3Dmol.js inlined
    expect(() => drillDownBundle({ ...drill, details: drill.details.slice(1) })).toThrow(RangeError);
    expect(() => stabilityDrillDown(items, { selected: 2 })).toThrow(RangeError);
  });
});

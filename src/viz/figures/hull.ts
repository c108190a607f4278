// Convex-hull figures from a computed HullSlice / HullPlacement (src/stability): a binary hull (formation energy
// against composition), a ternary hull (Gibbs triangle with tie-lines) and the place of one crystal relative to the hull.
import type { HullPlacement } from "../../stability/hull-placement.js";
import type { HullSlice, HullSliceEntry, HullSlicePoint } from "../../stability/hull-slice.js";
import { elementSymbol } from "../../crystal/elements.js";
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";
import type { AxisPair } from "./relaxation.js";

/** Options of the hull figures. */
export interface HullFigureOptions {
  title?: string;
  height?: number;
  /** Legend name of the candidates (default "generated"). */
  pointsName?: string;
}

const STABLE = "#222222";
const UNSTABLE = "#b0b0b0";
const GENERATED = "#e15759";

const signed = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(3)}`;
const entryHover = (e: HullSliceEntry) => `${e.formula}${e.id && e.id !== e.formula ? ` (${e.id})` : ""}<br>E_f ${e.energyPerAtom.toFixed(3)} eV/atom<br>E_hull ${e.eAboveHull.toFixed(3)} eV/atom`;
const pointHover = (p: HullSlicePoint) => `${p.id}: ${p.formula}<br>E_f ${p.energyPerAtom.toFixed(3)} eV/atom<br>E_hull ${signed(p.eAboveHull)} eV/atom`;

function checkSize(slice: HullSlice, size: number, name: string): void {
  if (slice.elements.length !== size) throw new RangeError(`${name}: the slice ${slice.chemicalSystem} has ${slice.elements.length} elements, not ${size}`);
}

/**
 * A binary hull: formation energy (eV/atom) against the atomic fraction of the second element; the lower hull through
 * the stable entries (labelled), the references above it in grey, and the candidates (`slice.points`) as stars joined
 * to the hull by a dotted line (hover: id, formula, E_hull). Throws RangeError for a slice that is not binary.
 */
export function binaryHullFigure(slice: HullSlice, options: HullFigureOptions = {}): PlotlyFigure {
  checkSize(slice, 2, "binaryHullFigure");
  const [a, b] = slice.elements.map(elementSymbol) as [string, string];
  const x = (f: readonly number[]) => f[1]!;
  const hull = slice.facets.flatMap((f) => [...f.map((i) => slice.entries[i]!), null]);
  const stable = slice.entries.filter((e) => e.stable);
  const above = slice.entries.filter((e) => !e.stable);
  const name = options.pointsName ?? "generated";
  return {
    data: [
      { type: "scatter", mode: "lines", name: "hull", x: hull.map((e) => (e ? x(e.fractions) : null)), y: hull.map((e) => e?.energyPerAtom ?? null), line: { color: STABLE, width: 2 }, hoverinfo: "skip" },
      { type: "scatter", mode: "markers", name: "references above the hull", x: above.map((e) => x(e.fractions)), y: above.map((e) => e.energyPerAtom), text: above.map(entryHover), hovertemplate: "%{text}<extra></extra>", marker: { color: UNSTABLE, size: 7 } },
      {
        type: "scatter", mode: "markers+text", name: "stable references", x: stable.map((e) => x(e.fractions)), y: stable.map((e) => e.energyPerAtom), text: stable.map((e) => e.formula),
        textposition: "bottom center", customdata: stable.map(entryHover), hovertemplate: "%{customdata}<extra></extra>", marker: { color: STABLE, size: 9 }, cliponaxis: false,
      },
      {
        type: "scatter", mode: "lines", name: "distance to the hull", x: slice.points.flatMap((p) => [x(p.fractions), x(p.fractions), null]),
        y: slice.points.flatMap((p) => [p.hullEnergyPerAtom, p.energyPerAtom, null]), line: { color: GENERATED, dash: "dot", width: 1 }, hoverinfo: "skip", showlegend: false,
      },
      {
        type: "scatter", mode: "markers", name, x: slice.points.map((p) => x(p.fractions)), y: slice.points.map((p) => p.energyPerAtom), text: slice.points.map(pointHover),
        hovertemplate: "%{text}<extra></extra>", marker: { color: GENERATED, symbol: "star", size: 14, line: { color: "#fff", width: 1 } },
      },
    ],
    layout: {
      title: { text: options.title ?? `${a}–${b} convex hull` },
      height: options.height ?? 460,
      margin: { t: 60, r: 20, b: 60, l: 70 },
      xaxis: { title: { text: `atomic fraction of ${b} (${a} at 0, ${b} at 1)` }, range: [-0.03, 1.03], zeroline: false },
      yaxis: { title: { text: "formation energy (eV/atom)" } },
      legend: { orientation: "h", y: -0.18 },
    },
  };
}

/**
 * A ternary hull on the Gibbs triangle (Plotly scatterternary, axes = the three elements): the tie-lines of the hull
 * facets, the stable entries (labelled), the references above the hull (small, grey), and the candidates as stars
 * coloured by E_hull (hover: id, formula, E_hull). Throws RangeError for a slice that is not ternary.
 */
export function ternaryHullFigure(slice: HullSlice, options: HullFigureOptions = {}): PlotlyFigure {
  checkSize(slice, 3, "ternaryHullFigure");
  const symbols = slice.elements.map(elementSymbol);
  const edges = new Map<string, [number, number]>();
  for (const f of slice.facets)
    for (const [i, j] of [[f[0]!, f[1]!], [f[1]!, f[2]!], [f[0]!, f[2]!]] as const) edges.set(`${Math.min(i, j)}-${Math.max(i, j)}`, [Math.min(i, j), Math.max(i, j)]);
  const ties = [...edges.values()].flatMap(([i, j]) => [slice.entries[i]!.fractions, slice.entries[j]!.fractions, null]);
  const abc = (list: readonly (readonly number[] | null)[]) => ({ a: list.map((f) => f?.[0] ?? null), b: list.map((f) => f?.[1] ?? null), c: list.map((f) => f?.[2] ?? null) });
  const stable = slice.entries.filter((e) => e.stable);
  const above = slice.entries.filter((e) => !e.stable);
  const eHull = slice.points.map((p) => p.eAboveHull);
  return {
    data: [
      { type: "scatterternary", mode: "lines", name: "tie-lines (hull facets)", ...abc(ties), line: { color: "#555", width: 1.2 }, hoverinfo: "skip" },
      { type: "scatterternary", mode: "markers", name: "references above the hull", ...abc(above.map((e) => e.fractions)), text: above.map(entryHover), hovertemplate: "%{text}<extra></extra>", marker: { color: UNSTABLE, size: 5 } },
      {
        type: "scatterternary", mode: "markers+text", name: "stable references", ...abc(stable.map((e) => e.fractions)), text: stable.map((e) => e.formula), textposition: "top center",
        customdata: stable.map(entryHover), hovertemplate: "%{customdata}<extra></extra>", marker: { color: STABLE, size: 8 }, textfont: { size: 10 }, cliponaxis: false,
      },
      {
        type: "scatterternary", mode: "markers", name: options.pointsName ?? "generated", ...abc(slice.points.map((p) => p.fractions)), text: slice.points.map(pointHover),
        hovertemplate: "%{text}<extra></extra>",
        marker: {
          symbol: "star", size: 16, color: eHull, colorscale: [[0, "#e15759"], [1, "#f1ce63"]], cmin: Math.min(0, ...eHull), cmax: Math.max(0.1, ...eHull),
          line: { color: "#333", width: 1 }, colorbar: { title: { text: "E_hull<br>(eV/atom)" }, len: 0.6, x: 1.02 },
        },
      },
    ],
    layout: {
      title: { text: options.title ?? `${symbols.join("–")} convex hull` },
      height: options.height ?? 560,
      margin: { t: 70, r: 60, b: 40, l: 60 },
      ternary: {
        sum: 1,
        aaxis: { title: { text: symbols[0] }, min: 0, linewidth: 1, ticks: "outside" },
        baxis: { title: { text: symbols[1] }, min: 0, linewidth: 1, ticks: "outside" },
        caxis: { title: { text: symbols[2] }, min: 0, linewidth: 1, ticks: "outside" },
      },
      legend: { orientation: "h", y: -0.08 },
    },
  };
}

/**
 * The place of one crystal relative to the hull, on a category axis: the reference phases of its decomposition
 * (grey diamonds, labelled with their share of the atoms), the hull energy at its composition (black) and the crystal
 * itself (red star), all as formation energies (eV/atom) on `axes`.
 */
export function hullPlacementTraces(placement: HullPlacement, axes: AxisPair): PlotlyTrace[] {
  const phases = placement.decomposition.map((d) => `${d.formula} · ${Math.round(100 * d.fraction)} %`);
  const onAxes = { xaxis: axes[0], yaxis: axes[1], showlegend: false };
  return [
    {
      type: "scatter", mode: "markers", name: "decomposition", x: phases, y: placement.decomposition.map((d) => d.energyPerAtom), ...onAxes,
      text: placement.decomposition.map((d) => `${d.formula}${d.id && d.id !== d.formula ? ` (${d.id})` : ""}: ${(100 * d.fraction).toFixed(1)} % of the atoms, E_f ${d.energyPerAtom.toFixed(3)} eV/atom`),
      hovertemplate: "%{text}<extra></extra>", marker: { color: "#8c8c8c", symbol: "diamond", size: 10 },
    },
    {
      type: "scatter", mode: "markers", name: "hull", x: ["hull"], y: [placement.hullEnergyPerAtom], ...onAxes,
      hovertemplate: `hull at ${placement.formula}: %{y:.3f} eV/atom<extra></extra>`, marker: { color: STABLE, symbol: "line-ew-open", size: 26, line: { width: 3, color: STABLE } },
    },
    {
      type: "scatter", mode: "markers", name: "this crystal", x: [placement.formula], y: [placement.energyPerAtom], ...onAxes,
      hovertemplate: `${placement.formula}: E_f %{y:.3f} eV/atom, E_hull ${signed(placement.eAboveHull)} eV/atom<extra></extra>`,
      marker: { color: GENERATED, symbol: "star", size: 16, line: { color: "#fff", width: 1 } },
    },
  ];
}

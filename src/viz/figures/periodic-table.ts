// Element frequencies drawn over the periodic table (main block plus the lanthanide and actinide rows).
import { elementSymbol } from "../../crystal/elements.js";
import type { PlotlyFigure } from "../plotly.js";

/** Position (row 0–9, column 0–17) of element z in the 18-column table; f-block rows 8 (La–Lu) and 9 (Ac–Lr). */
export function periodicTablePosition(z: number): [row: number, column: number] {
  if (z === 1) return [0, 0];
  if (z === 2) return [0, 17];
  const periods = [[3, 10], [11, 18], [19, 36], [37, 54], [55, 86], [87, 118]] as const;
  for (let p = 0; p < periods.length; p++) {
    const [first, last] = periods[p]!;
    if (z < first || z > last) continue;
    const i = z - first;
    if (p < 2) return [p + 1, i < 2 ? i : i + 10]; // s block, then p block at columns 12–17
    if (p < 4) return [p + 1, i];
    // Periods 6 and 7: La/Ac (i = 0 after Cs/Fr, Ba/Ra) start the f rows.
    if (i < 2) return [p + 1, i];
    if (i <= 16) return [p === 4 ? 8 : 9, i + 1]; // 15 f-block elements La…Lu / Ac…Lr at columns 3–17
    return [p + 1, i - 14];
  }
  throw new RangeError(`periodicTablePosition: Z must be 1–118 (got ${z})`);
}

/**
 * Heat map of a count (or any value) per element over the periodic table: `counts[z]` for atomic number z (missing →
 * empty cell). Cells show the symbol and the value; the colour scale is logarithmic when `log` (default true).
 */
export function periodicTableHeatmap(counts: ArrayLike<number> | ReadonlyMap<number, number>, options: { title?: string; log?: boolean; valueTitle?: string } = {}): PlotlyFigure {
  const get = (z: number) => (counts instanceof Map ? counts.get(z) : (counts as ArrayLike<number>)[z]) ?? 0;
  const log = options.log ?? true;
  const z: (number | null)[][] = Array.from({ length: 10 }, () => Array<number | null>(18).fill(null));
  const text: string[][] = Array.from({ length: 10 }, () => Array<string>(18).fill(""));
  const annotations: Record<string, unknown>[] = [];
  for (let e = 1; e <= 118; e++) {
    const [r, c] = periodicTablePosition(e);
    const v = get(e);
    z[r]![c] = v > 0 ? (log ? Math.log10(v) : v) : null;
    text[r]![c] = `${elementSymbol(e)}: ${v}`;
    annotations.push({ x: c, y: r, text: elementSymbol(e), showarrow: false, font: { size: 10, color: v > 0 ? "white" : "#999" } });
  }
  return {
    data: [{
      type: "heatmap", z, text, hoverinfo: "text", colorscale: "Viridis", xgap: 2, ygap: 2,
      colorbar: { title: { text: log ? `log₁₀ ${options.valueTitle ?? "count"}` : options.valueTitle ?? "count" } },
    }],
    layout: {
      title: { text: options.title ?? "Element frequency" },
      annotations,
      xaxis: { visible: false },
      yaxis: { visible: false, autorange: "reversed", scaleanchor: "x" },
      height: 420,
      plot_bgcolor: "#f4f4f4",
      margin: { t: 50, r: 20, b: 20, l: 20 },
    },
  };
}

/** Number of structures containing each element (index = Z) over a list of species arrays. */
export function elementCounts(speciesLists: Iterable<ArrayLike<number>>): number[] {
  const counts = new Array<number>(119).fill(0);
  for (const species of speciesLists) for (const z of new Set(Array.from(species))) counts[z]! += 1;
  return counts;
}

// Distributions of dataset properties: histograms and the pairwise scatter matrix.
import type { PlotlyFigure } from "../plotly.js";

/** Finite values of a column as a plain array (NaN, null and non-numbers dropped). */
function finite(values: ArrayLike<unknown>): number[] {
  return Array.from(values as ArrayLike<unknown>).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/** Histograms of one or more properties (one panel each, side by side); `columns` maps a title (with unit) to values. */
export function propertyHistograms(columns: Readonly<Record<string, ArrayLike<unknown>>>, options: { bins?: number; title?: string } = {}): PlotlyFigure {
  const names = Object.keys(columns);
  const k = names.length;
  const data = names.map((name, i) => ({
    type: "histogram",
    name,
    x: finite(columns[name]!),
    nbinsx: options.bins ?? 40,
    xaxis: `x${i === 0 ? "" : i + 1}`,
    yaxis: `y${i === 0 ? "" : i + 1}`,
    marker: { color: "#4e79a7" },
    showlegend: false,
  }));
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? "Property distributions" },
    grid: { rows: 1, columns: k, pattern: "independent" },
    height: 320,
    bargap: 0.05,
    margin: { t: 50, r: 20, b: 50, l: 50 },
  };
  names.forEach((name, i) => {
    layout[`xaxis${i === 0 ? "" : i + 1}`] = { title: { text: name } };
    layout[`yaxis${i === 0 ? "" : i + 1}`] = { title: { text: i === 0 ? "count" : "" } };
  });
  return { data, layout };
}

/**
 * Pairwise distributions (scatter matrix, Plotly splom) of several properties, points optionally coloured by a numeric
 * property (`color`, with its name in `colorTitle`).
 */
export function scatterMatrix(
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  options: { color?: ArrayLike<number>; colorTitle?: string; title?: string } = {},
): PlotlyFigure {
  const names = Object.keys(columns);
  const dimensions = names.map((label) => ({ label, values: Array.from(columns[label]! as ArrayLike<unknown>, (v) => (typeof v === "number" && Number.isFinite(v) ? v : null)) }));
  const marker: Record<string, unknown> = { size: 4, opacity: 0.6, line: { width: 0 } };
  if (options.color) Object.assign(marker, { color: Array.from(options.color), colorscale: "Viridis", showscale: true, colorbar: { title: { text: options.colorTitle ?? "" } } });
  else marker.color = "#4e79a7";
  return {
    data: [{ type: "splom", dimensions, marker, diagonal: { visible: false }, showupperhalf: false }],
    layout: { title: { text: options.title ?? "Pairwise distributions" }, height: 160 * names.length + 120, width: 160 * names.length + 200, dragmode: "select", hovermode: "closest" },
  };
}

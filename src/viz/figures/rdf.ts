// Line plot of a radial distribution function (computed by crystal-workbench/analysis).
import type { RadialDistribution } from "../../analysis/rdf.js";
import type { PlotlyFigure } from "../plotly.js";

/** Line plot of a radial distribution function: the total g(r) and the partials. */
export function rdfFigure(rdf: RadialDistribution, options: { title?: string } = {}): PlotlyFigure {
  return {
    data: [
      { type: "scatter", mode: "lines", name: "total", x: rdf.r, y: rdf.total, line: { color: "black", width: 2 } },
      ...Object.entries(rdf.partials).map(([name, y]) => ({ type: "scatter", mode: "lines", name, x: rdf.r, y, line: { width: 1 } })),
    ],
    layout: { title: { text: options.title ?? "Radial distribution function" }, xaxis: { title: { text: "r (Å)" } }, yaxis: { title: { text: "g(r)" } }, height: 360 },
  };
}

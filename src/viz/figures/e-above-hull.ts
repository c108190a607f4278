// Histogram of energies above the hull of generated crystals, with the stability thresholds marked.
import type { PlotlyFigure } from "../plotly.js";

/** Options of eAboveHullHistogram. */
export interface EAboveHullHistogramOptions {
  /** Thresholds drawn as vertical lines (eV/atom), default [0, 0.1] (FlowMM's and MatterGen's). */
  thresholds?: readonly number[];
  /** Bin width (eV/atom), default 0.05. */
  binWidth?: number;
  title?: string;
  height?: number;
}

/**
 * Histogram of E_hull (eV/atom) with a dashed vertical line per threshold. Null entries (crystals without an energy:
 * exploded, refused) are not drawn; their count is given under the title.
 */
export function eAboveHullHistogram(values: readonly (number | null)[], options: EAboveHullHistogramOptions = {}): PlotlyFigure {
  const drawn = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const missing = values.length - drawn.length;
  const thresholds = options.thresholds ?? [0, 0.1];
  const width = options.binWidth ?? 0.05;
  const note = `${drawn.length} crystals${missing ? `; ${missing} without an energy not drawn` : ""}`;
  return {
    data: [{
      type: "histogram", name: "E_hull", x: drawn, xbins: { size: width }, marker: { color: "#4e79a7", line: { color: "#fff", width: 1 } },
      hovertemplate: "E_hull %{x} eV/atom: %{y} crystals<extra></extra>",
    }],
    layout: {
      title: { text: `${options.title ?? "Energy above the hull"}<br><sub>${note}</sub>` },
      height: options.height ?? 380,
      margin: { t: 70, r: 20, b: 50, l: 60 },
      bargap: 0.05,
      xaxis: { title: { text: "E_hull (eV/atom)" }, zeroline: false },
      yaxis: { title: { text: "crystals" } },
      shapes: thresholds.map((t) => ({ type: "line", xref: "x", yref: "paper", x0: t, x1: t, y0: 0, y1: 1, line: { color: "#e15759", dash: "dash", width: 1.5 } })),
      annotations: thresholds.map((t) => ({ xref: "x", yref: "paper", x: t, y: 1, yanchor: "bottom", showarrow: false, text: `${t} eV/atom`, font: { size: 11, color: "#e15759" } })),
    },
  };
}

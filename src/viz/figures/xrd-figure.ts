// Stick plot of a simulated powder pattern.
import type { PlotlyFigure } from "../plotly.js";
import type { XrdPattern } from "../../analysis/xrd.js";

/** Stick plot (one vertical line per peak) of a powder pattern; hover shows 2θ, d and the hkl families. */
export function xrdFigure(pattern: XrdPattern, options: { title?: string; labelAbove?: number } = {}): PlotlyFigure {
  const x: (number | null)[] = [], y: (number | null)[] = [];
  pattern.twoTheta.forEach((t, i) => x.push(t, t, null) && y.push(0, pattern.intensity[i]!, null));
  const families = pattern.hkls.map((fs) => fs.map((f) => `(${f.hkl.join(" ")})×${f.multiplicity}`).join(" "));
  const labelAbove = options.labelAbove ?? 20;
  return {
    data: [
      { type: "scatter", mode: "lines", x, y, line: { color: "#1f77b4", width: 2 }, hoverinfo: "skip", showlegend: false },
      {
        type: "scatter", mode: "markers+text", x: pattern.twoTheta, y: pattern.intensity, marker: { size: 4, color: "#1f77b4" },
        text: pattern.hkls.map((fs, i) => (pattern.intensity[i]! >= labelAbove ? fs[0]!.hkl.join("") : "")), textposition: "top center",
        customdata: pattern.dSpacings.map((d, i) => [d, families[i]]),
        hovertemplate: "2θ %{x:.3f}°<br>I %{y:.1f}<br>d %{customdata[0]:.4f} Å<br>%{customdata[1]}<extra></extra>", showlegend: false,
      },
    ],
    layout: {
      title: { text: options.title ?? `Powder XRD (λ = ${pattern.wavelength} Å)` },
      xaxis: { title: { text: "2θ (°)" } },
      yaxis: { title: { text: "intensity (max = 100)" }, range: [0, 112] },
      height: 360,
    },
  };
}

// Scatter plot of a 2-D embedding (PCA, t-SNE, UMAP coordinates from crystal-workbench/analysis).
import type { PlotlyFigure } from "../plotly.js";

/** Scatter plot of 2-D coordinates (n × 2 flat), coloured by a numeric property, with hover text per point. */
export function embeddingFigure(coords: ArrayLike<number>, options: { color?: ArrayLike<number>; colorTitle?: string; text?: readonly string[]; title?: string; axisTitles?: [string, string] } = {}): PlotlyFigure {
  const n = coords.length / 2;
  const x = Array.from({ length: n }, (_, i) => coords[2 * i]!), y = Array.from({ length: n }, (_, i) => coords[2 * i + 1]!);
  const marker: Record<string, unknown> = { size: 6, opacity: 0.8, line: { width: 0 } };
  if (options.color) Object.assign(marker, { color: Array.from(options.color), colorscale: "Viridis", showscale: true, colorbar: { title: { text: options.colorTitle ?? "" } } });
  return {
    data: [{ type: "scatter", mode: "markers", x, y, marker, ...(options.text ? { text: options.text, hoverinfo: "text" } : {}) }],
    layout: { title: { text: options.title ?? "Embedding" }, xaxis: { title: { text: options.axisTitles?.[0] ?? "dim 1" } }, yaxis: { title: { text: options.axisTitles?.[1] ?? "dim 2" } }, height: 420, hovermode: "closest" },
  };
}

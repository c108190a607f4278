// Figures of a latent space (notebook 06): a 2-D map of latent means with switchable colourings, the same map with paths
// and point sets drawn over it, and line series along paths (a property along optimisation steps, validity by radius).
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** One way to colour the map: a numeric value per point (e.g. the property, the number of elements, the space group). */
export interface MapColouring {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/** Options shared by the map figures. */
export interface LatentMapOptions {
  title?: string;
  axisTitles?: [string, string];
  /** Hover text per point (formula, id, property). */
  text?: readonly string[];
}

const PALETTE = ["#e15759", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7"];
const xy = (coords: ArrayLike<number>) => {
  const n = coords.length / 2;
  return { x: Array.from({ length: n }, (_, i) => coords[2 * i]!), y: Array.from({ length: n }, (_, i) => coords[2 * i + 1]!) };
};
const axes = (o: LatentMapOptions) => ({ xaxis: { title: { text: o.axisTitles?.[0] ?? "dim 1" } }, yaxis: { title: { text: o.axisTitles?.[1] ?? "dim 2" } } });

/**
 * Scatter of 2-D coordinates (n × 2 flat) with one button per colouring (the first shown first); hover shows `text`.
 * @throws RangeError when a colouring has another length than the points
 */
export function latentMapFigure(coords: ArrayLike<number>, colourings: readonly MapColouring[], options: LatentMapOptions = {}): PlotlyFigure {
  const { x, y } = xy(coords);
  colourings.forEach((c) => {
    if (c.values.length !== x.length) throw new RangeError(`latentMapFigure: colouring ${c.name} has ${c.values.length} values for ${x.length} points`);
  });
  const marker = (c: MapColouring) => ({ size: 6, opacity: 0.8, line: { width: 0 }, color: Array.from(c.values), colorscale: "Viridis", showscale: true, colorbar: { title: { text: c.name } } });
  const first = colourings[0];
  return {
    data: [{ type: "scatter", mode: "markers", x, y, marker: first ? marker(first) : { size: 6 }, ...(options.text ? { text: [...options.text], hoverinfo: "text" } : {}), showlegend: false }],
    layout: {
      title: { text: options.title ?? "Latent map" }, ...axes(options), height: 460, hovermode: "closest", margin: { t: 90, r: 20, b: 50, l: 60 },
      ...(colourings.length > 1 ? {
        updatemenus: [{ type: "buttons", direction: "right", x: 0, y: 1.13, xanchor: "left", showactive: true, buttons: colourings.map((c) => ({ label: c.name, method: "restyle", args: [{ marker: [marker(c)] }] })) }],
      } : {}),
    },
  };
}

/** Points or a path drawn over the map: n × 2 flat coordinates, with hover text per point. */
export interface MapOverlay {
  readonly name: string;
  readonly coords: ArrayLike<number>;
  /** "lines+markers" for a path (default), "markers" for a point set. */
  readonly mode?: "lines+markers" | "markers";
  readonly text?: readonly string[];
  readonly color?: string;
  /** Marker symbol, e.g. "star" for end points. */
  readonly symbol?: string;
}

/** The map's points in grey with overlays (paths, start and end points, decoded prior samples) in colour. */
export function latentOverlayFigure(coords: ArrayLike<number>, overlays: readonly MapOverlay[], options: LatentMapOptions = {}): PlotlyFigure {
  const data: PlotlyTrace[] = [{ type: "scatter", mode: "markers", name: "encoded crystals", ...xy(coords), marker: { size: 5, color: "#c8c8c8" }, ...(options.text ? { text: [...options.text], hoverinfo: "text" } : {}) }];
  overlays.forEach((o, i) => {
    const color = o.color ?? PALETTE[i % PALETTE.length]!;
    const mode = o.mode ?? "lines+markers";
    data.push({
      type: "scatter", mode, name: o.name, ...xy(o.coords), line: { color, width: 2 },
      marker: { color, size: mode === "markers" ? 8 : 6, symbol: o.symbol ?? "circle", line: { width: 0.5, color: "#333" } }, ...(o.text ? { text: [...o.text], hoverinfo: "text+name" } : {}),
    });
  });
  return { data, layout: { title: { text: options.title ?? "Latent map" }, ...axes(options), height: 480, hovermode: "closest", legend: { orientation: "h", y: -0.18 }, margin: { t: 60, r: 20, b: 50, l: 60 } } };
}

/** One line of a series figure. */
export interface LineSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly color?: string;
  readonly dash?: "solid" | "dash" | "dot";
}

/** Lines with markers, one per series (a property along optimisation steps, validity against the radius of z). */
export function lineSeriesFigure(series: readonly LineSeries[], options: { title?: string; xTitle?: string; yTitle?: string; yRange?: [number, number] } = {}): PlotlyFigure {
  const data: PlotlyTrace[] = series.map((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    return { type: "scatter", mode: "lines+markers", name: s.name, x: [...s.x], y: [...s.y], line: { color, dash: s.dash ?? "solid" }, marker: { color, size: 6 } };
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "" }, height: 380, hovermode: "closest", legend: { orientation: "h", y: -0.2 }, margin: { t: 60, r: 20, b: 50, l: 60 },
      xaxis: { title: { text: options.xTitle ?? "" } }, yaxis: { title: { text: options.yTitle ?? "" }, ...(options.yRange ? { range: options.yRange } : {}) },
    },
  };
}

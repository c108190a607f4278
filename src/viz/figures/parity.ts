// Parity plot: predicted against reference values with the y = x line, and the MAE and n in the title.
import type { PredictionErrors } from "../../metrics/prediction-errors.js";
import type { PlotlyFigure } from "../plotly.js";

/** The pairs to draw: predictions and references in the same order, with optional hover labels. */
export interface ParityData {
  readonly predicted: ArrayLike<number | null>;
  readonly reference: ArrayLike<number | null>;
  /** Hover text per pair (e.g. id and formula). */
  readonly labels?: readonly string[];
}

/** Options of parityFigure. */
export interface ParityOptions {
  /** Unit of both axes, e.g. "eV/atom". */
  unit: string;
  /** Axis titles without the unit (default "reference", "predicted"). */
  referenceName?: string;
  predictedName?: string;
  title?: string;
  height?: number;
}

/**
 * Predicted (y) against reference (x) values, one marker per pair, with the y = x line over the range of the data on
 * equal axes. `errors` is predictionErrors(data.predicted, data.reference): its MAE (with the 95 % interval) and n go
 * into the title. Pairs with a missing value are not drawn.
 */
export function parityFigure(data: ParityData, errors: PredictionErrors, options: ParityOptions): PlotlyFigure {
  const x: (number | null)[] = [], y: (number | null)[] = [];
  for (let i = 0; i < data.predicted.length; i++) {
    const p = data.predicted[i], r = data.reference[i];
    const ok = typeof p === "number" && typeof r === "number" && Number.isFinite(p) && Number.isFinite(r);
    x.push(ok ? r : null);
    y.push(ok ? p : null);
  }
  const values = [...x, ...y].filter((v): v is number => v !== null);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = 0.05 * (hi - lo || 1);
  const range = [lo - pad, hi + pad];
  const refName = options.referenceName ?? "reference";
  const predName = options.predictedName ?? "predicted";
  const [ciLo, ciHi] = errors.maeCi95;
  const ci = Number.isFinite(ciLo) && Number.isFinite(ciHi) ? ` (95 % CI ${ciLo.toFixed(3)}–${ciHi.toFixed(3)})` : "";
  const summary = `MAE ${errors.mae.toFixed(3)} ${options.unit}${ci}, n = ${errors.n}`;
  return {
    data: [
      { type: "scatter", mode: "lines", name: "y = x", x: range, y: range, line: { color: "#888", dash: "dash", width: 1 }, hoverinfo: "skip" },
      {
        type: "scatter", mode: "markers", name: `${predName} vs ${refName}`, x, y, ...(data.labels ? { text: [...data.labels] } : {}),
        marker: { color: "#4e79a7", size: 6, opacity: 0.6, line: { color: "#fff", width: 0.5 } },
        hovertemplate: `${data.labels ? "%{text}<br>" : ""}${refName} %{x:.3f}, ${predName} %{y:.3f} ${options.unit}<extra></extra>`,
      },
    ],
    layout: {
      title: { text: `${options.title ? `${options.title}<br>` : ""}<sub>${summary}</sub>` },
      height: options.height ?? 560,
      width: (options.height ?? 560) + 80,
      showlegend: false,
      margin: { t: 80, r: 20, b: 60, l: 70 },
      xaxis: { title: { text: `${refName} (${options.unit})` }, range, zeroline: false },
      yaxis: { title: { text: `${predName} (${options.unit})` }, range, scaleanchor: "x", scaleratio: 1, zeroline: false },
    },
  };
}

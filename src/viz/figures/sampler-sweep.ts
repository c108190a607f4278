// Validity, uniqueness and novelty of samples against one sampler setting (e.g. a token model's temperature).
import type { PlotlyFigure } from "../plotly.js";

/** Shares (0–1) at one value of the setting. */
export interface SamplerSweepPoint {
  readonly value: number;
  readonly validity: number;
  readonly uniqueness: number;
  readonly novelty: number;
}

/** Three lines (%, against the setting): valid, valid and unique, valid, unique and novel. */
export function samplerSweepFigure(points: readonly SamplerSweepPoint[], options: { setting?: string; title?: string } = {}): PlotlyFigure {
  const x = points.map((p) => p.value);
  const line = (name: string, y: number[], color: string) => ({ type: "scatter", mode: "lines+markers", name, x, y, line: { color } });
  return {
    data: [
      line("valid", points.map((p) => 100 * p.validity), "#4e79a7"),
      line("valid and unique", points.map((p) => 100 * p.uniqueness), "#f28e2b"),
      line("valid, unique and novel", points.map((p) => 100 * p.novelty), "#59a14f"),
    ],
    layout: {
      title: { text: options.title ?? "" }, height: 340,
      xaxis: { title: { text: options.setting ?? "setting" } }, yaxis: { title: { text: "% of samples" }, range: [0, 105] },
    },
  };
}

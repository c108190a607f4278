// A GAN's training diagnostics (diagnostics.json of a gan checkpoint): both players' losses, the quality of the samples
// taken during training, and the element shares of those samples, against the generator step.
import { elementSymbol } from "../../crystal/elements.js";
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** One diagnostics record as the gan family saves it (fractions 0–1; COV null without a reference). */
export interface GanDiagnosticsPoint {
  readonly step: number;
  readonly criticLoss: number;
  readonly generatorLoss: number;
  readonly wasserstein: number;
  readonly uniqueness: number;
  readonly structValidity: number;
  readonly compValidity: number;
  readonly covRecall: number | null;
  readonly covPrecision: number | null;
  /** Atoms of each element (atomic number → count) in the sample. */
  readonly elementCounts: Readonly<Record<string, number>>;
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1"];

/**
 * Three panels against the generator step: losses (critic, generator, Wasserstein estimate), sample quality in % (uniqueness,
 * structural and compositional validity, COV-R and COV-P against `reference`), and a heatmap of each element's share (%)
 * of the sampled atoms (rows: elements by atomic number), where a collapsing generator shows as a few bright rows.
 */
export function ganDiagnosticsFigure(records: readonly GanDiagnosticsPoint[], options: { title?: string; reference?: string } = {}): PlotlyFigure {
  const steps = records.map((r) => r.step);
  const line = (name: string, y: readonly (number | null)[], axis: 1 | 2, color: string, percent: boolean): PlotlyTrace => ({
    type: "scatter", mode: "lines+markers", name, x: steps, y: y.map((v) => (v === null || !Number.isFinite(v) ? null : percent ? 100 * v : v)),
    xaxis: axis === 1 ? "x" : "x2", yaxis: axis === 1 ? "y" : "y2", line: { color }, marker: { color, size: 6 },
    hovertemplate: `${name}: step %{x}, %{y:.${percent ? 1 : 3}f}${percent ? " %" : ""}<extra></extra>`,
  });
  const covTag = options.reference ? ` vs ${options.reference}` : "";
  const data: PlotlyTrace[] = [
    line("critic loss", records.map((r) => r.criticLoss), 1, PALETTE[0]!, false),
    line("generator loss", records.map((r) => r.generatorLoss), 1, PALETTE[1]!, false),
    line("Wasserstein estimate", records.map((r) => r.wasserstein), 1, PALETTE[2]!, false),
    line("uniqueness", records.map((r) => r.uniqueness), 2, PALETTE[3]!, true),
    line("struct. validity", records.map((r) => r.structValidity), 2, PALETTE[4]!, true),
    line("comp. validity", records.map((r) => r.compValidity), 2, "#76b7b2", true),
    line(`COV-R${covTag}`, records.map((r) => r.covRecall), 2, "#9c755f", true),
    line(`COV-P${covTag}`, records.map((r) => r.covPrecision), 2, "#bab0ac", true),
  ];
  const elements = [...new Set(records.flatMap((r) => Object.keys(r.elementCounts).map(Number)))].sort((a, b) => a - b);
  const shares = elements.map((z) =>
    records.map((r) => {
      const total = Object.values(r.elementCounts).reduce((a, b) => a + b, 0);
      return total > 0 ? (100 * (r.elementCounts[z] ?? 0)) / total : 0;
    }),
  );
  data.push({
    type: "heatmap", name: "element share", x: steps, y: elements.map(elementSymbol), z: shares, xaxis: "x3", yaxis: "y3", colorscale: "Viridis",
    colorbar: { title: { text: "% of atoms" }, len: 0.3, y: 0.15 }, hovertemplate: "%{y}: step %{x}, %{z:.1f} % of sampled atoms<extra></extra>",
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? "GAN training diagnostics" },
      grid: { rows: 3, columns: 1, pattern: "independent" },
      height: 900,
      xaxis: { title: { text: "generator step" } },
      yaxis: { title: { text: "loss" } },
      xaxis2: { title: { text: "generator step" } },
      yaxis2: { title: { text: "samples (%)" }, range: [0, 102] },
      xaxis3: { title: { text: "generator step" } },
      yaxis3: { title: { text: "element" }, type: "category" },
      margin: { t: 60, r: 20, b: 50, l: 60 },
      legend: { orientation: "h", y: 1.04 },
    },
  };
}

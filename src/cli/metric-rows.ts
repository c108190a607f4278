// Plain-text rendering of metric rows and space-group histograms, shared by `xtal metrics` and `xtal evaluate`.
import { spaceGroupInfo } from "../crystal/symmetry/index.js";
import type { MetricRow } from "../metrics/evaluate.js";
import type { SpaceGroupSummary, SymmetryDiagnostics } from "../metrics/symmetry/index.js";

const num = (v: number | undefined, digits: number): string => (v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : "n/a");

/** One line per row: name, value, 95 % interval when the row has one, n and the notes; indented by two spaces. */
export function formatMetricRows(rows: readonly MetricRow[], digits = 4): string {
  const w = Math.max(0, ...rows.map((r) => r.metric.length));
  return rows
    .map((r) => {
      const ci = r.ci95_low !== undefined ? `  95% CI [${num(r.ci95_low, digits)}, ${num(r.ci95_high, digits)}]` : "";
      return `  ${r.metric.padEnd(w)}  ${num(r.value, digits).padStart(digits + 6)}${ci}  (n=${r.n}) ${r.notes}\n`;
    })
    .join("");
}

/** The most frequent groups of one side: "P1 (1) 7785, Pm (6) 1910, … (+3 more groups)". */
function topGroups(s: SpaceGroupSummary, top: number): string {
  const sorted = [...s.histogram].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const shown = sorted.slice(0, top).map(([g, n]) => `${spaceGroupInfo(g).hmShort} (${g}) ${n}`).join(", ");
  return `${shown || "none detected"}${sorted.length > top ? ` (+${sorted.length - top} more groups)` : ""}`;
}

/** Two indented lines: the most frequent detected space groups of the samples and of the reference, with counts. */
export function formatSpaceGroups(d: SymmetryDiagnostics, top = 6): string {
  return `  space groups (symprec ${d.symprec} Å), samples:   ${topGroups(d.samples, top)}\n  space groups (symprec ${d.symprec} Å), reference: ${topGroups(d.reference, top)}\n`;
}

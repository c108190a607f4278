// How many structures fall in each space group, coloured by crystal system.
import { spaceGroupInfo } from "../../crystal/symmetry/space-groups.js";
import type { PlotlyFigure } from "../plotly.js";

/** Crystal systems in ITA order, with their bar colours. */
const SYSTEM_COLORS: Readonly<Record<string, string>> = {
  triclinic: "#9c755f", monoclinic: "#76b7b2", orthorhombic: "#59a14f", tetragonal: "#edc948", trigonal: "#f28e2b", hexagonal: "#e15759", cubic: "#4e79a7",
};

/** Bar chart of structure counts per space-group number, coloured by crystal system (hover shows `symbols[number]` when given; `logY` for a log axis). */
export function spaceGroupHistogram(numbers: ArrayLike<number>, options: { title?: string; symbols?: Readonly<Record<number, string>>; logY?: boolean } = {}): PlotlyFigure {
  const counts = new Map<number, number>();
  for (const n of Array.from(numbers)) counts.set(n, (counts.get(n) ?? 0) + 1);
  const systemOf = new Map([...counts.keys()].map((n) => [n, spaceGroupInfo(n).crystalSystem.toLowerCase()]));
  const data = Object.entries(SYSTEM_COLORS).map(([system, color]) => {
    const groups = [...counts.keys()].filter((n) => systemOf.get(n) === system).sort((a, b) => a - b);
    return {
      type: "bar", name: system, x: groups, y: groups.map((n) => counts.get(n)!),
      text: groups.map((n) => options.symbols?.[n] ?? `#${n}`), hovertemplate: "%{text} (No. %{x}): %{y}<extra></extra>",
      textposition: "none", marker: { color },
    };
  }).filter((t) => t.x.length > 0);
  return {
    data,
    layout: { title: { text: options.title ?? "Space groups" }, xaxis: { title: { text: "space-group number" }, range: [0, 231] }, yaxis: { title: { text: "structures" }, type: options.logY ? "log" : "linear" }, bargap: 0, height: 360 },
  };
}

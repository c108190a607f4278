// How many structures fall in each space group, coloured by crystal system.
import type { PlotlyFigure } from "../plotly.js";

/** Crystal systems and the space-group numbers where each ends (ITA). */
const SYSTEMS = [["triclinic", 2], ["monoclinic", 15], ["orthorhombic", 74], ["tetragonal", 142], ["trigonal", 167], ["hexagonal", 194], ["cubic", 230]] as const;
const SYSTEM_COLORS = ["#9c755f", "#76b7b2", "#59a14f", "#edc948", "#f28e2b", "#e15759", "#4e79a7"] as const;

/** Crystal system of a space-group number 1–230. */
export function crystalSystemOf(number: number): string {
  if (!(Number.isInteger(number) && number >= 1 && number <= 230)) throw new RangeError(`space-group number must be 1–230 (got ${number})`);
  return SYSTEMS.find(([, last]) => number <= last)![0];
}

/** Bar chart of structure counts per space-group number, coloured by crystal system (hover shows `symbols[number]` when given; `logY` for a log axis). */
export function spaceGroupHistogram(numbers: ArrayLike<number>, options: { title?: string; symbols?: Readonly<Record<number, string>>; logY?: boolean } = {}): PlotlyFigure {
  const counts = new Map<number, number>();
  for (const n of Array.from(numbers)) counts.set(n, (counts.get(n) ?? 0) + 1);
  const data = SYSTEMS.map(([system], k) => {
    const groups = [...counts.keys()].filter((n) => crystalSystemOf(n) === system).sort((a, b) => a - b);
    return {
      type: "bar", name: system, x: groups, y: groups.map((n) => counts.get(n)!),
      text: groups.map((n) => options.symbols?.[n] ?? `#${n}`), hovertemplate: "%{text} (No. %{x}): %{y}<extra></extra>",
      textposition: "none", marker: { color: SYSTEM_COLORS[k] },
    };
  }).filter((t) => t.x.length > 0);
  return {
    data,
    layout: { title: { text: options.title ?? "Space groups" }, xaxis: { title: { text: "space-group number" }, range: [0, 231] }, yaxis: { title: { text: "structures" }, type: options.logY ? "log" : "linear" }, bargap: 0, height: 360 },
  };
}

// A sampling trajectory (diffusion reverse process or flow ODE) as an animated 3-D Plotly figure: one frame per
// recorded state, atoms coloured by element (Jmol) and sized by covalent radius, the cell's edges, a slider and play button.
import { element, elementSymbol } from "../../crystal/elements.js";
import { fracToCart } from "../../crystal/lattice.js";
import type { Structure } from "../../crystal/structure.js";
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";
import { cellEdgesTrace } from "./representations.js";

/** One state of a trajectory: the crystal and its slider label (e.g. "t = 500"). */
export interface TrajectoryFrame {
  readonly structure: Structure;
  readonly label: string;
}

/** Options of trajectoryFigure. */
export interface TrajectoryFigureOptions {
  title?: string;
  /** Marker diameter (px) per Å of covalent radius, default 9. */
  markerScale?: number;
  /** Milliseconds per frame when playing, default 120. */
  frameMs?: number;
  /** Figure height (px), default 580. */
  height?: number;
}

/** The atom traces (one per element, fixed order) and the cell-edge trace of one state. */
function stateTraces(s: Structure, elements: readonly number[], scale: number): PlotlyTrace[] {
  const cart = fracToCart(s.lattice, s.fracCoords);
  const atoms = elements.map((z) => {
    const x: number[] = [], y: number[] = [], zz: number[] = [], text: string[] = [];
    for (let i = 0; i < s.species.length; i++) {
      if (s.species[i] !== z) continue;
      x.push(cart[3 * i]!);
      y.push(cart[3 * i + 1]!);
      zz.push(cart[3 * i + 2]!);
      const f = [0, 1, 2].map((k) => s.fracCoords[3 * i + k]!.toFixed(3)).join(", ");
      text.push(`site ${i} ${elementSymbol(z)} (${f})`);
    }
    const e = element(z);
    const r = Number.isFinite(e.covalentRadius) ? e.covalentRadius : 1.5;
    return {
      type: "scatter3d", mode: "markers", name: e.symbol, x, y, z: zz, text, hoverinfo: "text",
      marker: { size: Math.max(3, r * scale), color: e.jmolColor, line: { color: "#333", width: 1 }, opacity: 1 },
    } as PlotlyTrace;
  });
  return [...atoms, cellEdgesTrace(s.lattice) as PlotlyTrace];
}

/** The bounding box (Å) of the atoms and cell corners of every state. */
function boundingBox(frames: readonly TrajectoryFrame[]): { lo: number[]; hi: number[] } {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const add = (p: ArrayLike<number>, o: number) => {
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d]!, p[o + d]!);
      hi[d] = Math.max(hi[d]!, p[o + d]!);
    }
  };
  for (const { structure: s } of frames) {
    const m = s.lattice.matrix;
    for (let c = 0; c < 8; c++) {
      const corner = [0, 1, 2].map((d) => ((c & 1) ? m[d]! : 0) + ((c & 2) ? m[3 + d]! : 0) + ((c & 4) ? m[6 + d]! : 0));
      add(corner, 0);
    }
    const cart = fracToCart(s.lattice, s.fracCoords);
    for (let i = 0; i < s.species.length; i++) add(cart, 3 * i);
  }
  return { lo, hi };
}

/**
 * An animated 3-D figure of a trajectory: the last state (the result) is drawn first, every state is a Plotly frame
 * (named by its label) reachable with the slider, and ▶ plays them all from the first; the axes are fixed to the box of all states (Å, equal scale).
 * All states must have the same species list. Throws RangeError for an empty trajectory or changing atom counts.
 */
export function trajectoryFigure(frames: readonly TrajectoryFrame[], options: TrajectoryFigureOptions = {}): PlotlyFigure {
  if (frames.length === 0) throw new RangeError("trajectoryFigure: no frames");
  const n = frames[0]!.structure.species.length;
  if (frames.some((f) => f.structure.species.length !== n)) throw new RangeError("trajectoryFigure: every frame must have the same number of atoms");
  const elements = [...new Set(frames[0]!.structure.species)].sort((a, b) => a - b);
  const scale = options.markerScale ?? 9;
  const ms = options.frameMs ?? 120;
  const { lo, hi } = boundingBox(frames);
  const span = Math.max(...[0, 1, 2].map((d) => hi[d]! - lo[d]!), 1e-6);
  const axis = (d: number, name: string) => {
    const mid = (lo[d]! + hi[d]!) / 2;
    return { title: { text: `${name} (Å)` }, range: [mid - 0.55 * span, mid + 0.55 * span], autorange: false };
  };
  const plotlyFrames = frames.map((f) => ({ name: f.label, data: stateTraces(f.structure, elements, scale) }));
  const animateTo = (names: string[], duration: number) => [names, { mode: "immediate", frame: { duration, redraw: true }, transition: { duration: 0 } }];
  const last = plotlyFrames.length - 1;
  return {
    data: plotlyFrames[last]!.data,
    layout: {
      title: { text: options.title ?? "Sampling trajectory" },
      height: options.height ?? 580,
      margin: { t: 50, r: 10, b: 90, l: 10 },
      scene: { xaxis: axis(0, "x"), yaxis: axis(1, "y"), zaxis: axis(2, "z"), aspectmode: "cube" },
      updatemenus: [{
        type: "buttons", showactive: false, x: 0.02, y: 0, xanchor: "left", yanchor: "top", direction: "left", pad: { t: 40 },
        buttons: [
          { label: "▶ play", method: "animate", args: animateTo(plotlyFrames.map((f) => f.name), ms) },
          { label: "❚❚ pause", method: "animate", args: [[null], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } }] },
        ],
      }],
      sliders: [{
        active: last, x: 0.25, len: 0.72, y: 0, yanchor: "top", pad: { t: 30 }, currentvalue: { prefix: "", visible: true },
        steps: frames.map((f) => ({ label: f.label, method: "animate", args: animateTo([f.label], 0) })),
      }],
    },
    frames: plotlyFrames,
  };
}

/** `count` evenly spaced items of a list, always including the first and the last (all of them when count ≥ length). */
export function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 1) return [items[items.length - 1]!];
  const idx = new Set(Array.from({ length: count }, (_, i) => Math.round((i * (items.length - 1)) / (count - 1))));
  return [...idx].map((i) => items[i]!);
}

/**
 * The fractional coordinates of every atom along a trajectory: three panels (x, y, z in [0, 1)), one marker series per
 * atom coloured by element, against the time of each state (`time`, e.g. the diffusion step; `timeTitle` names it).
 * Markers, not lines, so that a coordinate wrapping from 0.99 to 0.01 draws no spurious jump.
 */
export function fractionalPathsFigure(states: readonly { readonly time: number; readonly structure: Structure }[], options: { title?: string; timeTitle?: string; reversed?: boolean } = {}): PlotlyFigure {
  if (states.length === 0) throw new RangeError("fractionalPathsFigure: no states");
  const species = states[0]!.structure.species;
  if (states.some((s) => s.structure.species.length !== species.length)) throw new RangeError("fractionalPathsFigure: every state must have the same number of atoms");
  const data: PlotlyTrace[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < species.length; i++) {
    const e = element(species[i]!);
    for (let k = 0; k < 3; k++) {
      const axis = k === 0 ? "" : String(k + 1);
      data.push({
        type: "scatter", mode: "markers", name: e.symbol, legendgroup: e.symbol, showlegend: k === 0 && !seen.has(e.z),
        x: states.map((s) => s.time), y: states.map((s) => s.structure.fracCoords[3 * i + k]!),
        marker: { color: e.jmolColor, size: 4, line: { color: "#333", width: 0.5 } }, xaxis: `x${axis}`, yaxis: `y${axis}`,
        hovertemplate: `site ${i} ${e.symbol}: %{y:.3f} at %{x}<extra></extra>`,
      });
    }
    seen.add(e.z);
  }
  const xaxis = (k: number) => ({ title: { text: options.timeTitle ?? "time" }, ...(options.reversed ? { autorange: "reversed" } : {}), anchor: `y${k === 0 ? "" : k + 1}` });
  const yaxis = (k: number) => ({ title: { text: `fractional ${"xyz"[k]}` }, range: [0, 1] });
  return {
    data,
    layout: {
      title: { text: options.title ?? "Fractional coordinates along the trajectory" },
      grid: { rows: 1, columns: 3, pattern: "independent" },
      height: 340,
      margin: { t: 60, r: 20, b: 50, l: 60 },
      xaxis: xaxis(0), xaxis2: xaxis(1), xaxis3: xaxis(2), yaxis: yaxis(0), yaxis2: yaxis(1), yaxis3: yaxis(2),
    },
  };
}

// Figures of machine-readable crystal representations (review Fig. 2): Fourier features as a heat map, a voxel
// density as an isosurface, the periodic graph in 3-D.
import { element, elementSymbol } from "../../crystal/elements.js";
import type { Lattice } from "../../crystal/lattice.js";
import type { Structure } from "../../crystal/structure.js";
import type { PlotlyFigure } from "../plotly.js";

/** Heat map of a row-major matrix (rows × cols), e.g. Fourier features of edges (rows = edges, cols = features). */
export function matrixHeatmap(values: ArrayLike<number>, rows: number, cols: number, options: { title?: string; xTitle?: string; yTitle?: string; colorscale?: string } = {}): PlotlyFigure {
  if (values.length !== rows * cols) throw new RangeError(`matrixHeatmap: ${values.length} values, expected ${rows}×${cols}`);
  const z = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => values[i * cols + j]!));
  return {
    data: [{ type: "heatmap", z, colorscale: options.colorscale ?? "RdBu", zmid: 0 }],
    layout: { title: { text: options.title ?? "" }, xaxis: { title: { text: options.xTitle ?? "column" } }, yaxis: { title: { text: options.yTitle ?? "row" }, autorange: "reversed" }, height: 380 },
  };
}

/**
 * Isosurfaces of a density on a periodic grid over the cell (data[(i·n_b + j)·n_c + k] at f = (i/n_a, j/n_b, k/n_c)),
 * drawn in Cartesian space (Å), with the cell's edges. `isoFraction` sets the lowest surface as a fraction of the maximum.
 */
export function voxelIsosurface(lattice: Lattice, shape: readonly [number, number, number], data: ArrayLike<number>, options: { title?: string; isoFraction?: number; surfaces?: number } = {}): PlotlyFigure {
  const [na, nb, nc] = shape;
  const m = lattice.matrix;
  // Close the periodic grid (points at f = 1 repeat f = 0) so the surface spans the whole cell.
  const x: number[] = [], y: number[] = [], z: number[] = [], v: number[] = [];
  let max = 0;
  for (let i = 0; i <= na; i++)
    for (let j = 0; j <= nb; j++)
      for (let k = 0; k <= nc; k++) {
        const f = [i / na, j / nb, k / nc];
        x.push(f[0]! * m[0]! + f[1]! * m[3]! + f[2]! * m[6]!);
        y.push(f[0]! * m[1]! + f[1]! * m[4]! + f[2]! * m[7]!);
        z.push(f[0]! * m[2]! + f[1]! * m[5]! + f[2]! * m[8]!);
        const val = data[((i % na) * nb + (j % nb)) * nc + (k % nc)]!;
        v.push(val);
        if (val > max) max = val;
      }
  return {
    data: [
      { type: "isosurface", x, y, z, value: v, isomin: (options.isoFraction ?? 0.2) * max, isomax: 0.9 * max, surface: { count: options.surfaces ?? 3 }, opacity: 0.5, colorscale: "Viridis", caps: { x: { show: false }, y: { show: false }, z: { show: false } } },
      cellEdgesTrace(lattice),
    ],
    layout: { title: { text: options.title ?? "Voxel density" }, height: 480, scene: { aspectmode: "data", xaxis: { title: { text: "x (Å)" } }, yaxis: { title: { text: "y (Å)" } }, zaxis: { title: { text: "z (Å)" } } } },
  };
}

/** The 12 cell edges as one scatter3d line trace (gaps between edges). */
export function cellEdgesTrace(lattice: Lattice): Record<string, unknown> {
  const m = lattice.matrix;
  const cart = (f: readonly number[]) => [0, 1, 2].map((d) => f[0]! * m[d]! + f[1]! * m[3 + d]! + f[2]! * m[6 + d]!);
  const x: (number | null)[] = [], y: (number | null)[] = [], z: (number | null)[] = [];
  for (const c of [0, 1].flatMap((i) => [0, 1].flatMap((j) => [0, 1].map((k) => [i, j, k]))))
    for (let ax = 0; ax < 3; ax++)
      if (c[ax] === 0) {
        const d = [...c];
        d[ax] = 1;
        const [p, q] = [cart(c), cart(d)];
        x.push(p[0]!, q[0]!, null);
        y.push(p[1]!, q[1]!, null);
        z.push(p[2]!, q[2]!, null);
      }
  return { type: "scatter3d", mode: "lines", x, y, z, line: { color: "#444", width: 3 }, name: "cell", hoverinfo: "skip", showlegend: false };
}

/**
 * A periodic graph drawn in 3-D: the cell's sites as nodes (Jmol colours) and each edge as a line from its receiver to
 * the sender's image (`images`, integer lattice offsets), so edges leaving the cell are visible.
 */
export function periodicGraphFigure(structure: Structure, graph: { senders: ArrayLike<number>; receivers: ArrayLike<number>; images: ArrayLike<number> }, options: { title?: string } = {}): PlotlyFigure {
  const m = structure.lattice.matrix;
  const f = structure.fracCoords;
  const cart = (i: number, t: readonly number[]) => [0, 1, 2].map((d) => (f[3 * i]! + t[0]!) * m[d]! + (f[3 * i + 1]! + t[1]!) * m[3 + d]! + (f[3 * i + 2]! + t[2]!) * m[6 + d]!);
  const n = structure.species.length;
  const nodes = Array.from({ length: n }, (_, i) => cart(i, [0, 0, 0]));
  const ex: (number | null)[] = [], ey: (number | null)[] = [], ez: (number | null)[] = [];
  const imageNodes: number[][] = [];
  for (let e = 0; e < graph.senders.length; e++) {
    const t = [graph.images[3 * e]!, graph.images[3 * e + 1]!, graph.images[3 * e + 2]!];
    const p = nodes[graph.receivers[e]!]!, q = cart(graph.senders[e]!, t);
    ex.push(p[0]!, q[0]!, null);
    ey.push(p[1]!, q[1]!, null);
    ez.push(p[2]!, q[2]!, null);
    if (t.some((v) => v !== 0)) imageNodes.push(q);
  }
  const colors = Array.from(structure.species, (z) => element(z).jmolColor);
  return {
    data: [
      { type: "scatter3d", mode: "lines", x: ex, y: ey, z: ez, line: { color: "rgba(80,80,80,0.35)", width: 2 }, name: `${graph.senders.length} edges`, hoverinfo: "skip" },
      { type: "scatter3d", mode: "markers", x: imageNodes.map((p) => p[0]), y: imageNodes.map((p) => p[1]), z: imageNodes.map((p) => p[2]), marker: { size: 3, color: "#bbbbbb" }, name: "neighbour images", hoverinfo: "skip" },
      { type: "scatter3d", mode: "markers", x: nodes.map((p) => p[0]), y: nodes.map((p) => p[1]), z: nodes.map((p) => p[2]), marker: { size: 9, color: colors, line: { color: "#333", width: 1 } }, text: Array.from(structure.species, (z, i) => `#${i} ${elementSymbol(z)}`), hoverinfo: "text", name: "sites" },
      cellEdgesTrace(structure.lattice),
    ],
    layout: { title: { text: options.title ?? "Periodic graph" }, height: 480, scene: { aspectmode: "data" }, legend: { x: 0, y: 1 } },
  };
}

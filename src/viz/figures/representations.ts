// Figures of machine-readable crystal representations (review Fig. 2): Fourier features as a heat map, a voxel
// density as an isosurface, the periodic graph in 3-D.
import { element, elementSymbol } from "../../crystal/elements.js";
import type { Lattice } from "../../crystal/lattice.js";
import { inv3 } from "../../crystal/math3.js";
import type { Structure } from "../../crystal/structure.js";
import type { PlotlyFigure } from "../plotly.js";

/** Heat map of a row-major matrix (rows × cols), e.g. Fourier features of edges (rows = edges, cols = features); zmid 0 by default (null: none, for a sequential scale). */
export function matrixHeatmap(values: ArrayLike<number>, rows: number, cols: number, options: { title?: string; xTitle?: string; yTitle?: string; colorscale?: string; zmid?: number | null } = {}): PlotlyFigure {
  if (values.length !== rows * cols) throw new RangeError(`matrixHeatmap: ${values.length} values, expected ${rows}×${cols}`);
  const z = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => values[i * cols + j]!));
  const zmid = options.zmid === undefined ? 0 : options.zmid;
  return {
    data: [{ type: "heatmap", z, colorscale: options.colorscale ?? "RdBu", ...(zmid === null ? {} : { zmid }) }],
    layout: { title: { text: options.title ?? "" }, xaxis: { title: { text: options.xTitle ?? "column" } }, yaxis: { title: { text: options.yTitle ?? "row" }, autorange: "reversed" }, height: 380 },
  };
}

/**
 * Isosurfaces of a density on a periodic grid over the cell (data[(i·n_b + j)·n_c + k] at f = (i/n_a, j/n_b, k/n_c)),
 * drawn in Cartesian space (Å) with the cell's edges. Plotly's isosurface needs a rectilinear grid, so the density is
 * resampled (trilinear in fractional coordinates, periodic) on a `samples`³ Cartesian grid over the cell's bounding box
 * (default 36), with points outside the cell set to 0. `isoFraction` sets the lowest surface as a fraction of the maximum.
 */
export function voxelIsosurface(lattice: Lattice, shape: readonly [number, number, number], data: ArrayLike<number>, options: { title?: string; isoFraction?: number; surfaces?: number; samples?: number } = {}): PlotlyFigure {
  const [na, nb, nc] = shape;
  const m = lattice.matrix;
  const inv = inv3(m);
  const corners = [0, 1].flatMap((i) => [0, 1].flatMap((j) => [0, 1].map((k) => [0, 1, 2].map((d) => i * m[d]! + j * m[3 + d]! + k * m[6 + d]!))));
  const lo = [0, 1, 2].map((d) => Math.min(...corners.map((c) => c[d]!)));
  const hi = [0, 1, 2].map((d) => Math.max(...corners.map((c) => c[d]!)));
  const n = options.samples ?? 36;
  const at = (i: number, j: number, k: number) => data[((((i % na) + na) % na) * nb + (((j % nb) + nb) % nb)) * nc + (((k % nc) + nc) % nc)]!;
  const x: number[] = [], y: number[] = [], z: number[] = [], v: number[] = [];
  let max = 0;
  const eps = 1e-9;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      for (let c = 0; c < n; c++) {
        const p = [lo[0]! + ((hi[0]! - lo[0]!) * a) / (n - 1), lo[1]! + ((hi[1]! - lo[1]!) * b) / (n - 1), lo[2]! + ((hi[2]! - lo[2]!) * c) / (n - 1)];
        // Fractional coordinates f = p · M⁻¹ (row vector times the inverse lattice matrix).
        const f = [0, 1, 2].map((d) => p[0]! * inv[d]! + p[1]! * inv[3 + d]! + p[2]! * inv[6 + d]!);
        let val = 0;
        if (f.every((t) => t >= -eps && t <= 1 + eps)) {
          const g = [f[0]! * na, f[1]! * nb, f[2]! * nc];
          const i0 = Math.floor(g[0]!), j0 = Math.floor(g[1]!), k0 = Math.floor(g[2]!);
          const u = g[0]! - i0, w = g[1]! - j0, t = g[2]! - k0;
          for (let di = 0; di < 2; di++)
            for (let dj = 0; dj < 2; dj++)
              for (let dk = 0; dk < 2; dk++)
                val += (di ? u : 1 - u) * (dj ? w : 1 - w) * (dk ? t : 1 - t) * at(i0 + di, j0 + dj, k0 + dk);
        }
        x.push(p[0]!);
        y.push(p[1]!);
        z.push(p[2]!);
        v.push(val);
        if (val > max) max = val;
      }
  return {
    data: [
      { type: "isosurface", x, y, z, value: v, isomin: (options.isoFraction ?? 0.2) * max, isomax: 0.9 * max, surface: { count: options.surfaces ?? 3 }, opacity: 0.5, colorscale: "Viridis", caps: { x: { show: false }, y: { show: false }, z: { show: false } }, colorbar: { title: { text: "density (Å⁻³)" } } },
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

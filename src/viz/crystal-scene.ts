// A crystal as a drawable scene (plain data, Cartesian Å): atoms with colours, radii and hover labels, bonds, cell
// edges and lattice vectors. Renderers (the 3Dmol viewer, Plotly) draw it without knowing any crystallography.
import { element, elementSymbol } from "../crystal/elements.js";
import { StructureError } from "../crystal/errors.js";
import { reciprocalLattice } from "../crystal/lattice.js";
import { neighbourList } from "../crystal/neighbours.js";
import { type Structure, supercell } from "../crystal/structure.js";
import { analyzeSymmetry } from "../crystal/symmetry/index.js";

/** A point in Cartesian space (Å). */
export type Point3 = readonly [number, number, number];

/** One drawn atom (a site of the cell or one of its periodic images). */
export interface SceneAtom {
  /** Cartesian position (Å). */
  readonly position: Point3;
  /** Element symbol. */
  readonly element: string;
  /** Colour "#rrggbb" (Jmol element colour, or the Wyckoff-orbit colour). */
  readonly color: string;
  /** Drawn sphere radius (Å). */
  readonly radius: number;
  /** Hover text: site index, element, Wyckoff position (when known) and fractional coordinates. */
  readonly label: string;
  /** Index of the site in the input structure this atom shows. */
  readonly site: number;
  /** True for a periodic image added on a face, edge or corner of the cell. */
  readonly image: boolean;
  /** Opacity 0–1 (faded atoms are outside the emphasised set). */
  readonly opacity: number;
}

/** A bond drawn as a two-coloured cylinder between two scene atoms. */
export interface SceneBond {
  /** Indices into `atoms`. */
  readonly from: number;
  readonly to: number;
  /** Bond length (Å). */
  readonly length: number;
}

/** Extra marker spheres (for example the images of a point under symmetry operations). */
export interface SceneMarker {
  /** Fractional coordinates in the input cell. */
  readonly frac: Point3;
  readonly color: string;
  /** Radius (Å), default 0.25. */
  readonly radius?: number;
  readonly label: string;
}

/** A drawable crystal scene. */
export interface CrystalScene {
  readonly atoms: SceneAtom[];
  readonly bonds: SceneBond[];
  /** The 12 edges of the drawn (super)cell, as [start, end] pairs (Å). */
  readonly cellEdges: [Point3, Point3][];
  /** Lattice vectors a, b, c of the input cell, drawn from the origin (Å). */
  readonly latticeVectors: { readonly label: "a" | "b" | "c"; readonly vector: Point3 }[];
  /** Marker spheres (Cartesian, Å). */
  readonly markers: { readonly position: Point3; readonly color: string; readonly radius: number; readonly label: string }[];
  /** Legend: colour → meaning (elements, or Wyckoff orbits). */
  readonly legend: { readonly color: string; readonly text: string }[];
  /** Short description (formula-free), e.g. "8 sites, 2×2×1 supercell". */
  readonly caption: string;
}

/** Options of crystalScene. */
export interface CrystalSceneOptions {
  /** Repeat the cell [na, nb, nc] times (default [1, 1, 1]). */
  supercell?: readonly [number, number, number];
  /** Add periodic images of atoms lying on faces, edges and corners (default true). */
  images?: boolean;
  /** Distance (Å) from a face within which an atom gets an image on the opposite face, default 0.05 Å. */
  imageTolerance?: number;
  /**
   * Bonds: "covalent" (d ≤ r_i + r_j + tolerance), "cation-anion" (the same, only between the most electronegative
   * element and the others), "none", or "auto" (default): cation–anion when the Pauling electronegativities of the
   * elements present span at least 1.0 (ionic compounds), else covalent.
   */
  bonds?: "auto" | "covalent" | "cation-anion" | "none";
  /** Slack added to the sum of covalent radii (Å), default 0.3 Å. */
  bondTolerance?: number;
  /** Colour atoms by element (Jmol) or by Wyckoff orbit (symmetry analysis at `symprec`). Default "element". */
  colorBy?: "element" | "wyckoff";
  /** Symmetry tolerance (Å) for Wyckoff labels and colours, default 0.01 Å. */
  symprec?: number;
  /** Add Wyckoff letters to the labels even when colouring by element (default true; false skips symmetry analysis). */
  wyckoffLabels?: boolean;
  /** Drawn radius = this × covalent radius, default 0.5. */
  radiusScale?: number;
  /** Input sites drawn opaque; all others are faded (opacity 0.25). Default: all opaque. */
  emphasis?: readonly number[];
  /** Extra marker spheres. */
  markers?: readonly SceneMarker[];
}

/** Colours of Wyckoff orbits (Tableau 10, then repeated). */
export const ORBIT_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"] as const;

/** Radius (Å) used for elements with no tabulated covalent radius. */
const FALLBACK_RADIUS = 1.5;

function covalentRadius(z: number): number {
  const r = element(z).covalentRadius;
  return Number.isFinite(r) ? r : FALLBACK_RADIUS;
}

function toCart(m: ArrayLike<number>, f: ArrayLike<number>): Point3 {
  return [
    f[0]! * m[0]! + f[1]! * m[3]! + f[2]! * m[6]!,
    f[0]! * m[1]! + f[1]! * m[4]! + f[2]! * m[7]!,
    f[0]! * m[2]! + f[1]! * m[5]! + f[2]! * m[8]!,
  ];
}

const fmt = (x: number) => x.toFixed(3);

/**
 * Builds the scene of a structure: every site of the (super)cell plus, by default, the periodic images of sites on
 * faces/edges/corners; atoms coloured by element (Jmol) or Wyckoff orbit and sized by covalent radius; bonds by the
 * covalent-radius rule between drawn atoms; the cell's 12 edges and the lattice vectors a, b, c. Throws StructureError
 * for an empty structure or a bad supercell.
 */
export function crystalScene(structure: Structure, options: CrystalSceneOptions = {}): CrystalScene {
  const n = structure.species.length;
  if (n === 0) throw new StructureError("crystalScene: the structure has no sites");
  const rep = options.supercell ?? [1, 1, 1];
  const cell = rep.every((r) => r === 1) ? structure : supercell(structure, rep);
  const perBase = cell.species.length / n; // supercell sites are ordered input-site-major
  const m = cell.lattice.matrix;
  const colorBy = options.colorBy ?? "element";
  const wantSymmetry = colorBy === "wyckoff" || (options.wyckoffLabels ?? true);
  let wyckoff: { letters: readonly string[]; orbits: readonly number[]; multiplicity: number[] } | null = null;
  if (wantSymmetry) {
    try {
      const d = analyzeSymmetry(structure, { symprec: options.symprec ?? 0.01 });
      const multiplicity = d.orbits.map((o) => d.orbits.filter((p) => p === o).length);
      wyckoff = { letters: d.wyckoffs, orbits: d.orbits, multiplicity };
    } catch (e) {
      if (colorBy === "wyckoff") throw e;
    }
  }
  const orbitIds = wyckoff ? [...new Set(wyckoff.orbits)] : [];
  const radiusScale = options.radiusScale ?? 0.5;
  const emphasis = options.emphasis ? new Set(options.emphasis) : null;
  const colorOf = (site: number) =>
    colorBy === "wyckoff" && wyckoff ? ORBIT_COLORS[orbitIds.indexOf(wyckoff.orbits[site]!) % ORBIT_COLORS.length]! : element(structure.species[site]!).jmolColor;

  // Per-axis fractional tolerance: distance to a face along axis i is |Δf_i| / |b_i*| (b* crystallographic).
  const recip = reciprocalLattice(cell.lattice, { crystallographic: true }).matrix;
  const tolAngstrom = options.imageTolerance ?? 0.05;
  const fracTol = [0, 1, 2].map((i) => tolAngstrom * Math.hypot(recip[3 * i]!, recip[3 * i + 1]!, recip[3 * i + 2]!));
  const atoms: SceneAtom[] = [];
  const key = (q: number, t: readonly number[]) => `${q}:${t[0]},${t[1]},${t[2]}`;
  const index = new Map<string, number>();
  const copies: { t: number[]; atom: number }[][] = Array.from({ length: cell.species.length }, () => []);
  const withImages = options.images ?? true;
  for (let q = 0; q < cell.species.length; q++) {
    const site = Math.floor(q / perBase);
    const f = [cell.fracCoords[3 * q]!, cell.fracCoords[3 * q + 1]!, cell.fracCoords[3 * q + 2]!];
    // Shifts along each axis: 0, plus +1 near the lower face or −1 near the upper face.
    const shifts = f.map((x, i) => (withImages ? [0, ...(x < fracTol[i]! ? [1] : x > 1 - fracTol[i]! ? [-1] : [])] : [0]));
    for (const sa of shifts[0]!)
      for (const sb of shifts[1]!)
        for (const sc of shifts[2]!) {
          const t = [sa, sb, sc];
          const z = cell.species[q]!;
          const w = wyckoff ? ` ${wyckoff.multiplicity[site]}${wyckoff.letters[site]}` : "";
          const fs = structure.fracCoords;
          index.set(key(q, t), atoms.length);
          copies[q]!.push({ t, atom: atoms.length });
          atoms.push({
            position: toCart(m, [f[0]! + sa, f[1]! + sb, f[2]! + sc]),
            element: elementSymbol(z),
            color: colorOf(site),
            radius: radiusScale * covalentRadius(z),
            label: `#${site} ${elementSymbol(z)}${w} (${fmt(fs[3 * site]!)}, ${fmt(fs[3 * site + 1]!)}, ${fmt(fs[3 * site + 2]!)})`,
            site,
            image: sa !== 0 || sb !== 0 || sc !== 0,
            opacity: emphasis && !emphasis.has(site) ? 0.25 : 1,
          });
        }
  }

  const bonds: SceneBond[] = [];
  const zs = [...new Set(cell.species)];
  const chi = zs.map((z) => element(z).pauling).filter(Number.isFinite);
  const maxChi = Math.max(...chi);
  const requested = options.bonds ?? "auto";
  const bondMode = requested === "auto" ? (chi.length > 1 && maxChi - Math.min(...chi) >= 1 ? "cation-anion" : "covalent") : requested;
  if (bondMode !== "none") {
    const tol = options.bondTolerance ?? 0.3;
    const maxR = Math.max(...zs.map(covalentRadius));
    const isAnion = (z: number) => element(z).pauling === maxChi;
    const list = neighbourList(cell, 2 * maxR + tol);
    for (let e = 0; e < list.centers.length; e++) {
      const i = list.centers[e]!, j = list.neighbors[e]!;
      const zi = cell.species[i]!, zj = cell.species[j]!;
      if (list.distances[e]! > covalentRadius(zi) + covalentRadius(zj) + tol) continue;
      if (bondMode === "cation-anion" && isAnion(zi) === isAnion(zj)) continue;
      const u = [list.images[3 * e]!, list.images[3 * e + 1]!, list.images[3 * e + 2]!];
      // Every drawn copy of site i bonds to the drawn copy of its neighbour image, if that copy is drawn too.
      for (const { t, atom: a } of copies[i]!) {
        const b = index.get(key(j, [t[0]! + u[0]!, t[1]! + u[1]!, t[2]! + u[2]!]));
        if (b !== undefined && a < b) bonds.push({ from: a, to: b, length: list.distances[e]! });
      }
    }
  }

  const corners = [0, 1].flatMap((i) => [0, 1].flatMap((j) => [0, 1].map((k) => [i, j, k] as const)));
  const cellEdges: [Point3, Point3][] = [];
  for (const c of corners)
    for (let ax = 0; ax < 3; ax++)
      if (c[ax] === 0) {
        const d = [...c];
        d[ax] = 1;
        cellEdges.push([toCart(m, c), toCart(m, d)]);
      }
  const lm = structure.lattice.matrix;
  const latticeVectors = (["a", "b", "c"] as const).map((label, i) => ({ label, vector: [lm[3 * i]!, lm[3 * i + 1]!, lm[3 * i + 2]!] as Point3 }));
  const markers = (options.markers ?? []).map((mk) => ({ position: toCart(lm, mk.frac), color: mk.color, radius: mk.radius ?? 0.25, label: mk.label }));
  const legend =
    colorBy === "wyckoff" && wyckoff
      ? orbitIds.map((o, k) => ({ color: ORBIT_COLORS[k % ORBIT_COLORS.length]!, text: `${elementSymbol(structure.species[o]!)} ${wyckoff!.multiplicity[o]}${wyckoff!.letters[o]}` }))
      : [...new Set(structure.species)].sort((x, y) => x - y).map((z) => ({ color: element(z).jmolColor, text: elementSymbol(z) }));
  const caption = `${n} sites${rep.every((r) => r === 1) ? "" : `, ${rep.join("×")} supercell`}, ${bonds.length} bonds`;
  return { atoms, bonds, cellEdges, latticeVectors, markers, legend, caption };
}

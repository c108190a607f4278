// CrystalNN neighbour weights (pymatgen CrystalNN.get_nn_data with its defaults; metrics-spec §5.1 steps 1–7).
import { element } from "../../crystal/elements.js";
import type { Structure } from "../../crystal/structure.js";
import { PYMATGEN_COVALENT_RADIUS } from "../data/crystal-nn-params.js";
import { FingerprintError } from "./errors.js";
import { voronoiCell } from "./voronoi.js";

/** One CrystalNN neighbour of a site. */
export interface CrystalNNNeighbour {
  /** Neighbour site index. */
  readonly site: number;
  /** Lattice translation added to the neighbour's fractional coordinates wrapped into [0, 1). */
  readonly image: readonly [number, number, number];
  /** Neighbour position minus centre position (Cartesian, Å). */
  readonly offset: readonly [number, number, number];
  /** Centre–neighbour distance (Å). */
  readonly distance: number;
  /** CrystalNN weight in (0, 1], rounded to 3 decimals. */
  readonly weight: number;
}

/** CrystalNN result for one site: the weighted neighbours and the probability of each coordination number. */
export interface CrystalNNData {
  /** Neighbours with weight > 0, heaviest first; the CN-k shell is the first k of them. */
  readonly neighbours: readonly CrystalNNNeighbour[];
  /** Coordination number → weight (sums to 1; CN 0 present only when the shells leave a remainder). */
  readonly cnWeights: ReadonlyMap<number, number>;
}

/** CrystalNN settings (pymatgen defaults; only the ones the "ops" fingerprint uses are exposed). */
export interface CrystalNNOptions {
  /** Initial Voronoi search radius (Å), default 7. */
  readonly searchCutoff?: number;
  /** Distance taper start/end beyond the sum of covalent radii (Å), default [0.5, 1]. */
  readonly distanceCutoffs?: readonly [number, number];
  /** Electronegativity-difference weight, default 3. */
  readonly xDiffWeight?: number;
  /** Divide solid-angle weights by face area (layered / porous correction), default true. */
  readonly porousAdjustment?: boolean;
}

/** Python's round(x, 3): the decimal nearest the exact binary value, ties to even (x ≥ 0). */
export function roundHalfEven3(x: number): number {
  const s16 = x * 16; // exact; a tie at 3 decimals needs x = odd/16
  if (Number.isInteger(s16) && s16 % 2 !== 0) {
    const low = x * 1000 - 0.5;
    return (low % 2 === 0 ? low : low + 1) / 1000;
  }
  return Number.parseFloat(x.toFixed(3));
}

/** ∫₀ˣ √(1−t²) dt, the area under the unit quarter circle from 0 to x (pymatgen's formula). */
function quarterCircleArea(x: number): number {
  const s = Math.sqrt(1 - x * x);
  return 0.5 * (x * s + Math.atan(x / s));
}

/** pymatgen CovalentRadius (Å); CrystalNN fails for elements without one (pymatgen has no radius beyond Cm). */
function covalentRadius(z: number, site: number): number {
  const r = PYMATGEN_COVALENT_RADIUS[z];
  if (r === undefined || !Number.isFinite(r)) throw new FingerprintError(site, `no covalent radius for element Z=${z}`);
  return r;
}

/** CrystalNN neighbours and CN weights of one site (pymatgen CrystalNN().get_nn_data semantics, no oxidation states). */
export function crystalNNData(structure: Structure, site: number, options: CrystalNNOptions = {}): CrystalNNData {
  const cutoffs = options.distanceCutoffs ?? [0.5, 1];
  const xDiff = options.xDiffWeight ?? 3;
  const faces = voronoiCell(structure, site, { cutoff: options.searchCutoff ?? 7 });
  let maxAngle = 0;
  for (const f of faces) maxAngle = Math.max(maxAngle, f.solidAngle);
  const zc = structure.species[site]!;
  const xc = element(zc).pauling;
  const nn = faces
    .filter((f) => f.solidAngle > 0 && f.area > 0)
    .map((f) => {
      let w = f.solidAngle / maxAngle;
      if (options.porousAdjustment ?? true) w *= f.solidAngle / f.area;
      if (xDiff > 0) {
        const xn = element(structure.species[f.site]!).pauling;
        if (!Number.isNaN(xc) && !Number.isNaN(xn)) w *= 1 + xDiff * Math.sqrt(Math.abs(xc - xn) / 3.3);
      }
      return { face: f, w };
    });
  if (nn.length === 0) throw new FingerprintError(site, "no Voronoi neighbours");
  const onlyCn0: CrystalNNData = { neighbours: [], cnWeights: new Map([[0, 1]]) };
  nn.sort((a, b) => b.w - a.w);
  if (nn[0]!.w === 0) return onlyCn0;
  const highest = nn[0]!.w;
  for (const e of nn) e.w /= highest;
  if (cutoffs) {
    const rc = covalentRadius(zc, site);
    for (const e of nn) {
      const d = rc + covalentRadius(structure.species[e.face.site]!, site);
      const dist = e.face.distance;
      const low = d + cutoffs[0], high = d + cutoffs[1];
      let factor = 0;
      if (dist <= low) factor = 1;
      else if (dist < high) factor = (Math.cos(((dist - low) / (high - low)) * Math.PI) + 1) * 0.5;
      e.w *= factor;
    }
  }
  nn.sort((a, b) => b.w - a.w);
  if (nn[0]!.w === 0) return onlyCn0;
  const neighbours: CrystalNNNeighbour[] = [];
  for (const e of nn) {
    const weight = roundHalfEven3(e.w);
    if (weight > 0) {
      const f = e.face;
      neighbours.push({ site: f.site, image: f.image, offset: f.offset, distance: f.distance, weight });
    }
  }
  // Distinct weights w1 > w2 > … > 0 bound nested shells; CN(i) = #neighbours with weight ≥ wi.
  const bins: number[] = [];
  for (const n of neighbours) if (bins.length === 0 || bins[bins.length - 1] !== n.weight) bins.push(n.weight);
  bins.push(0);
  const cnWeights = new Map<number, number>();
  let count = 0;
  let total = 0;
  for (let i = 0; i + 1 < bins.length; i++) {
    while (count < neighbours.length && neighbours[count]!.weight >= bins[i]!) count++;
    const upper = bins[i] === 1 ? 0.25 * Math.PI : quarterCircleArea(bins[i]!);
    const w = (upper - quarterCircleArea(bins[i + 1]!)) / (0.25 * Math.PI);
    cnWeights.set(count, w);
  }
  for (const w of cnWeights.values()) total += w;
  if (1 - total > 0) cnWeights.set(0, 1 - total);
  return { neighbours, cnWeights };
}

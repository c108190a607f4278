// Bond clearance for the CIF transformer's site grammar (sampler setting `bondGrammar`): the last coordinate of an
// atom-site row (z, once x and y are written) is kept where the row's atoms stay clear of every atom written before
// and of each other, clear meaning at least the bond check's minimum ratio × the sum of the two covalent radii
// (checks.ts). By default only z is constrained: it is the one coordinate whose choice decides every distance of the
// row. With `clearance: "every"`, x and y are constrained too, against the row's own images always and against earlier
// atoms where the orbit fixes the coordinates still to come. The cell is read from the text's _cell lines.
import { element } from "../../crystal/elements.js";
import { latticeFromParameters, metricTensor } from "../../crystal/lattice.js";
import type { Mat3 } from "../../crystal/math3.js";
import { periodicFracDistanceSquared } from "../../crystal/symmetry/periodic-distance.js";
import { rowImages } from "./site-coordinates.js";

/** The atoms a new row must keep clear of, in the cell of the text. */
export interface ClearanceContext {
  /** Metric tensor of the stated cell (Å²). */
  metric: Mat3;
  /** The smallest accepted distance / (sum of covalent radii). */
  minRatio: number;
  /** Earlier rows: their atoms (3 fractional coordinates each) and atomic number. */
  placed: readonly { images: Float64Array; z: number }[];
}

/**
 * The clearance context of a text whose cell parameters are (a, b, c in Å; α, β, γ in degrees), or null when they do
 * not make a cell (a non-positive length, angles that close no cell).
 */
export function clearanceContext(cell: readonly number[], minRatio: number, placed: ClearanceContext["placed"]): ClearanceContext | null {
  const [a, b, c, alpha, beta, gamma] = cell as [number, number, number, number, number, number];
  if (!(a > 0 && b > 0 && c > 0 && alpha > 0 && beta > 0 && gamma > 0 && alpha < 180 && beta < 180 && gamma < 180)) return null;
  const metric = metricTensor(latticeFromParameters(a, b, c, alpha, beta, gamma));
  const det = metric[0]! * (metric[4]! * metric[8]! - metric[5]! * metric[7]!) - metric[1]! * (metric[3]! * metric[8]! - metric[5]! * metric[6]!) + metric[2]! * (metric[3]! * metric[7]! - metric[4]! * metric[6]!);
  return det > 0 && Number.isFinite(det) ? { metric, minRatio, placed } : null;
}

/** Squared distance (Å²) below which two images count as the same atom (the reader merges them; not a bond). */
const SAME_ATOM = 1e-6;

/**
 * Whether a row of element `z` at `point` in space group `number` makes its m atoms (a point the reader merges into
 * fewer does not count) and keeps them clear of the earlier rows' atoms and of each other.
 */
export function pointClear(number: number, m: number, point: readonly [number, number, number], z: number, ctx: ClearanceContext, ownOnly = false): boolean {
  const r = element(z).covalentRadius;
  const tooClose = (images: Float64Array, radius: number, skipSame: boolean) => {
    const limit = (ctx.minRatio * (r + radius)) ** 2;
    for (let j = 0; j < images.length; j += 3) {
      const d2 = periodicFracDistanceSquared(ctx.metric, point, images.subarray(j, j + 3));
      if (d2 < limit && !(skipSame && d2 < SAME_ATOM)) return true;
    }
    return false;
  };
  const own = rowImages(number, point);
  if (own.length !== 3 * m || tooClose(own, r, true)) return false;
  return ownOnly || !ctx.placed.some((p) => tooClose(p.images, element(p.z).covalentRadius, false));
}

/** Longest step (Å along the axis) between the values tried in a decimal interval. */
const PROBE_SPACING = 0.1;
/** Most values tried in one decimal interval: of z, and of x or y (each of which is also completed several ways). */
const MAX_INTERVAL_PROBES = 41;
const MAX_INTERVAL_PROBES_XY = 11;

/**
 * The values of coordinate `axis` (0 = x, 1 = y, 2 = z) tried in [lo, hi] (fractional): the given candidates when the
 * orbit fixes it, else points spread over the interval at most PROBE_SPACING Å apart along that axis (fewer for x, y).
 */
export function intervalProbes(axis: number, lo: number, hi: number, fixed: readonly number[] | "free", ctx: ClearanceContext): number[] {
  if (fixed !== "free") return [...fixed];
  if (hi <= lo) return [lo];
  const most = axis === 2 ? MAX_INTERVAL_PROBES : MAX_INTERVAL_PROBES_XY;
  const steps = Math.min(most - 1, Math.ceil(((hi - lo) * Math.sqrt(ctx.metric[4 * axis]!)) / PROBE_SPACING));
  return Array.from({ length: steps + 1 }, (_, k) => lo + ((hi - lo) * k) / steps);
}

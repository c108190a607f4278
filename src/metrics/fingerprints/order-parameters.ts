// Local structure order parameters (pymatgen LocalStructOrderParams, the types the CrystalNN "ops" fingerprint uses).
// Peters-style motif parameters (Zimmermann et al., Front. Mater. 4, 34 (2017)): for every neighbour j put at the
// north pole and every other neighbour k defining the prime meridian, Gaussian penalties on the polar angles θ and
// cosine terms in the azimuth φ of the remaining neighbours m are averaged; "_max" types and the pyramid / bipyramid
// types take the best (j, k) choice. Steinhardt q_l via the Legendre addition theorem.
import type { OrderParameterParams } from "../data/crystal-nn-params.js";

/** Neighbour geometry shared by all order parameters of one neighbour set (angles in radians). */
export interface NeighbourGeometry {
  /** Number of neighbours. */
  readonly n: number;
  /** Centre–neighbour distances (Å). */
  readonly dist: Float64Array;
  /** Unit vectors centre → neighbour, n×3. */
  readonly unit: Float64Array;
  /** theta[j·n + k]: angle between neighbours j and k seen from the centre. */
  readonly theta: Float64Array;
  /** axis[(j·n + k)·3 …]: unit component of neighbour k orthogonal to neighbour j (valid where !degenerate). */
  readonly axis: Float64Array;
  /** degenerate[j·n + k] = 1 when neighbour k is (anti)parallel to j (orthogonal part < 1e-12). */
  readonly degenerate: Uint8Array;
}

const VERY_SMALL = 1e-12;
const IPI = 1 / Math.PI;
const FAC_BCC = 1 / Math.exp(-0.5);
const BCC_WIDTH = Math.asin(1 / 3);

const clamp1 = (x: number) => Math.max(-1, Math.min(x, 1));
const gauss = (t: number) => Math.exp(-0.5 * t * t);

/** Geometry of the neighbours at the given offsets (n×3, Å, neighbour minus centre). */
export function neighbourGeometry(offsets: ArrayLike<number>): NeighbourGeometry {
  const n = offsets.length / 3;
  const dist = new Float64Array(n);
  const unit = new Float64Array(3 * n);
  for (let j = 0; j < n; j++) {
    const x = offsets[3 * j]!, y = offsets[3 * j + 1]!, z = offsets[3 * j + 2]!;
    const d = Math.sqrt(x * x + y * y + z * z);
    dist[j] = d;
    unit[3 * j] = x / d;
    unit[3 * j + 1] = y / d;
    unit[3 * j + 2] = z / d;
  }
  const theta = new Float64Array(n * n);
  const axis = new Float64Array(3 * n * n);
  const degenerate = new Uint8Array(n * n);
  for (let j = 0; j < n; j++) {
    const zx = unit[3 * j]!, zy = unit[3 * j + 1]!, zz = unit[3 * j + 2]!;
    const zz2 = zx * zx + zy * zy + zz * zz;
    for (let k = 0; k < n; k++) {
      if (k === j) continue;
      const kx = unit[3 * k]!, ky = unit[3 * k + 1]!, kz = unit[3 * k + 2]!;
      const c = zx * kx + zy * ky + zz * kz;
      theta[j * n + k] = Math.acos(clamp1(c));
      // Gram–Schmidt: the part of k orthogonal to j.
      const f = c / zz2;
      const ox = kx - f * zx, oy = ky - f * zy, oz = kz - f * zz;
      const l = Math.sqrt(ox * ox + oy * oy + oz * oz);
      const at = 3 * (j * n + k);
      if (l < VERY_SMALL) degenerate[j * n + k] = 1;
      else {
        axis[at] = ox / l;
        axis[at + 1] = oy / l;
        axis[at + 2] = oz / l;
      }
    }
  }
  return { n, dist, unit, theta, axis, degenerate };
}

const azimuthCache = new WeakMap<NeighbourGeometry, Float64Array>();

/**
 * Azimuths φ[(j·n + k)·n + m] of neighbour m around pole j measured from the meridian through k (radians),
 * computed once per neighbour set (NaN where undefined).
 */
function azimuths(g: NeighbourGeometry): Float64Array {
  let phi = azimuthCache.get(g);
  if (phi) return phi;
  const n = g.n, ax = g.axis;
  phi = new Float64Array(n * n * n).fill(NaN);
  for (let j = 0; j < n; j++)
    for (let k = 0; k < n; k++) {
      if (k === j || g.degenerate[j * n + k]) continue;
      const a = 3 * (j * n + k);
      for (let m = 0; m < n; m++) {
        if (m === j || m === k || g.degenerate[j * n + m]) continue;
        const b = 3 * (j * n + m);
        phi[(j * n + k) * n + m] = Math.acos(clamp1(ax[a]! * ax[b]! + ax[a + 1]! * ax[b + 1]! + ax[a + 2]! * ax[b + 2]!));
      }
    }
  azimuthCache.set(g, phi);
  return phi;
}

const PYRAMIDS = new Set(["T", "tri_pyr", "sq_pyr", "pent_pyr", "hex_pyr"]);
const BIPYRAMIDS = new Set(["tri_bipyr", "sq_bipyr", "pent_bipyr", "hex_bipyr", "oct_max", "sq_plan_max", "hex_plan_max"]);
const PLANAR_MAX = new Set(["tri_plan_max", "tet_max"]);

/** Parameter `key` of an order parameter (throws if the table lacks it). */
function par(p: OrderParameterParams, key: string): number {
  const v = p[key];
  if (v === undefined) throw new Error(`order parameter parameter ${key} missing`);
  return v;
}

/**
 * One Peters-style order parameter ("bent", "bcc", the "_max", pyramid and bipyramid types, "see_saw_rect").
 * Returns null where pymatgen returns None (too few neighbours).
 */
function petersOrderParameter(type: string, p: OrderParameterParams, g: NeighbourGeometry): number | null {
  const n = g.n;
  const isBent = type === "bent", isBcc = type === "bcc", isSeeSaw = type === "see_saw_rect";
  const isPyr = PYRAMIDS.has(type), isBipyr = BIPYRAMIDS.has(type), isPlanMax = PLANAR_MAX.has(type);
  const isPent = type === "pent_plan_max", isCuboct = type === "cuboct_max", isHexPlan = type === "hex_plan_max";
  if (!(isBent || isBcc || isSeeSaw || isPyr || isBipyr || isPlanMax || isPent || isCuboct))
    throw new Error(`unsupported order parameter type ${type}`);
  const TA = p["TA"] ?? 0, IGW_TA = p["IGW_TA"] ?? 0, IGW_EP = p["IGW_EP"] ?? 0, IGW_SPP = p["IGW_SPP"] ?? 0;
  const minSPP = p["min_SPP"] ?? 0, wSPP = p["w_SPP"] ?? 1, facAA = p["fac_AA"] ?? 1, expAA = p["exp_cos_AA"] ?? 2;
  const c2 = isCuboct ? par(p, "p2") : 0, c4 = isCuboct ? par(p, "p4") : 0, c5 = isCuboct ? par(p, "p5") : 0, c6 = isCuboct ? par(p, "p6") : 0;
  let best = -Infinity, sumQ = 0, sumW = 0;
  const phis = isBent ? new Float64Array(0) : azimuths(g);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      if (k === j) continue;
      let q = 0, w = 0;
      const tk = g.theta[j * n + k]!;
      const pairActive = !isBcc || j < k;
      // Contribution of the j–centre–k angle.
      if (isBent) {
        q += gauss(IGW_TA * (tk * IPI - TA));
        w += 1;
      } else if (isPlanMax) {
        q += gauss(IGW_TA * (tk * IPI - TA));
        w += 1;
      } else if (isPyr) {
        q += gauss(IGW_EP * (tk * IPI - 0.5));
        w += 1;
      } else if (isCuboct) {
        if (tk >= minSPP) {
          q += wSPP * gauss(IGW_SPP * (tk * IPI - 1));
          w += wSPP;
        }
      } else if (isBipyr || isSeeSaw) {
        if (tk < minSPP) {
          q += gauss(isHexPlan ? IGW_TA * (Math.abs(tk * IPI - 0.5) - TA) : IGW_EP * (tk * IPI - 0.5));
          w += 1;
        }
      } else if (isPent) {
        q += gauss(IGW_TA * (tk * IPI - (tk <= TA * Math.PI ? 0.4 : 0.8)));
        w += 1;
      } else if (isBcc && pairActive && tk >= minSPP) {
        q += wSPP * gauss(IGW_SPP * (tk * IPI - 1));
        w += wSPP;
      }
      // Contributions of every other neighbour m (needs a well-defined meridian through k).
      if (!g.degenerate[j * n + k] && pairActive && !isBent) {
        for (let m = 0; m < n; m++) {
          if (m === j || m === k) continue;
          const tm = g.theta[j * n + m]!;
          if ((isBipyr || isSeeSaw) && tm >= minSPP) {
            // South-pole position.
            q += gauss(IGW_SPP * (tm * IPI - 1));
            w += 1;
          }
          if (g.degenerate[j * n + m]) continue;
          if (isPlanMax) {
            q += gauss(IGW_TA * (tm * IPI - TA)) * Math.pow(Math.cos(facAA * phis[(j * n + k) * n + m]!), expAA);
            w += 1;
          } else if (isPent) {
            const c = Math.cos(phis[(j * n + k) * n + m]!);
            q += gauss(IGW_TA * (tm * IPI - (tm <= TA * Math.PI ? 0.4 : 0.8))) * c * c;
            w += 1;
          } else if (isPyr) {
            q += Math.pow(Math.cos(facAA * phis[(j * n + k) * n + m]!), expAA) * gauss(IGW_EP * (tm * IPI - 0.5));
            w += 1;
          } else if (isBipyr) {
            if (tm < minSPP && tk < minSPP) {
              const t2 = isHexPlan ? IGW_TA * (Math.abs(tm * IPI - 0.5) - TA) : IGW_EP * (tm * IPI - 0.5);
              q += Math.pow(Math.cos(facAA * phis[(j * n + k) * n + m]!), expAA) * gauss(t2);
              w += 1;
            }
          } else if (isBcc) {
            if (tk < minSPP) {
              const fac = tk > Math.PI / 2 ? 1 : -1;
              const t = (tm - Math.PI / 2) / BCC_WIDTH;
              q += fac * Math.cos(3 * phis[(j * n + k) * n + m]!) * FAC_BCC * t * gauss(t);
              w += 1;
            }
          } else if (isSeeSaw) {
            if (tm < minSPP && tk < minSPP) {
              const phi = phis[(j * n + k) * n + m]!;
              if (phi < 0.75 * Math.PI) {
                q += Math.pow(Math.cos(facAA * phi), expAA) * gauss(IGW_EP * (tm * IPI - 0.5));
                w += 1;
              }
            }
          } else if (isCuboct) {
            if (tm < minSPP && c4 < tk && tk < c2) {
              const phi = phis[(j * n + k) * n + m]!;
              if (c4 < tm && tm < c2) {
                const c = Math.cos(phi);
                q += c * c * gauss(c5 * (tm * IPI - 0.5));
                w += 1;
              } else if (tm < c4) {
                q += gauss(0.0556 * (Math.cos(phi - 0.5 * Math.PI) - 0.81649658)) * gauss(c6 * (tm * IPI - 1 / 3));
                w += 1;
              } else if (tm > c2) {
                q += gauss(0.0556 * (Math.cos(phi - 0.5 * Math.PI) - 0.81649658)) * gauss(c6 * (tm * IPI - 2 / 3));
                w += 1;
              }
            }
          }
        }
      }
      if (isBent) {
        sumQ += q;
        sumW += w;
      } else if (isBcc) sumQ += q;
      else best = Math.max(best, w > 1e-12 ? q / w : 0);
    }
  }
  if (isBent) return sumW > 1e-12 ? sumQ / sumW : null;
  if (isBcc) return n > 3 ? sumQ / (0.5 * n * (6 + (n - 2) * (n - 3))) : null;
  return n > 1 ? best : null;
}

/** Coefficients (ascending powers of z) of the Legendre polynomials P_2, P_4, P_6. */
const LEGENDRE: Record<2 | 4 | 6, number[]> = {
  2: [-0.5, 0, 1.5],
  4: [0.375, 0, -3.75, 0, 4.375],
  6: [-0.3125, 0, 6.5625, 0, -19.6875, 0, 14.4375],
};

/** Derivative of a polynomial given by ascending coefficients. */
const derivative = (c: number[]) => c.slice(1).map((v, i) => v * (i + 1));

/** For l = 2, 4, 6 and m = 0…l: the m-th derivative of P_l and (l−m)!/(l+m)!. */
const HARMONIC_TERMS = Object.fromEntries(
  ([2, 4, 6] as const).map((l) => {
    const terms: { poly: number[]; weight: number }[] = [];
    let poly = LEGENDRE[l];
    let weight = 1;
    for (let m = 0; m <= l; m++) {
      if (m > 0) {
        poly = derivative(poly);
        weight /= (l + m) * (l - m + 1); // (l−m)!/(l+m)! from (l−m+1)!/(l+m−1)!
      }
      terms.push({ poly, weight });
    }
    return [l, terms];
  }),
) as Record<2 | 4 | 6, { poly: number[]; weight: number }[]>;

/**
 * Steinhardt bond-orientational order q_l = √(4π/(2l+1) Σ_m |Σ_i Y_lm(r̂_i)|²) / n (Steinhardt et al., PRB 28, 784
 * (1983)), with P_l^m(cos θ) e^{imφ} = (x + iy)^m P_l^(m)(z) on unit vectors (no angles, no pole singularity).
 */
export function steinhardtQ(l: 2 | 4 | 6, g: NeighbourGeometry): number | null {
  const n = g.n;
  if (n === 0) return null;
  const u = g.unit;
  let acc = 0;
  HARMONIC_TERMS[l].forEach(({ poly, weight }, m) => {
    let re = 0, im = 0;
    for (let i = 0; i < n; i++) {
      const x = u[3 * i]!, y = u[3 * i + 1]!, z = u[3 * i + 2]!;
      let p = 0;
      for (let c = poly.length - 1; c >= 0; c--) p = p * z + poly[c]!;
      // (x + iy)^m
      let pr = 1, pi = 0;
      for (let k = 0; k < m; k++) [pr, pi] = [pr * x - pi * y, pr * y + pi * x];
      re += pr * p;
      im += pi * p;
    }
    acc += (m === 0 ? 1 : 2) * weight * (re * re + im * im);
  });
  return Math.sqrt(acc) / n;
}

/**
 * Value of one pymatgen LocalStructOrderParams type for a centre with the given neighbour geometry,
 * or null where pymatgen returns None. Dimensionless.
 */
export function orderParameter(type: string, params: OrderParameterParams, g: NeighbourGeometry): number | null {
  switch (type) {
    case "sgl_bd": {
      if (g.n === 0) return 0;
      if (g.n === 1) return 1;
      const d = Array.from(g.dist).sort((a, b) => a - b);
      return 1 - d[0]! / d[1]!;
    }
    case "q2":
      return steinhardtQ(2, g);
    case "q4":
      return steinhardtQ(4, g);
    case "q6":
      return steinhardtQ(6, g);
    default:
      return petersOrderParameter(type, params, g);
  }
}

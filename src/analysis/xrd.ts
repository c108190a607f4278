// Simulated powder X-ray diffraction (kinematic, as pymatgen's XRDCalculator): every reciprocal-lattice point inside
// the limiting sphere, atomic scattering factors from fitted coefficients, Lorentz–polarisation factor, no Debye–Waller.
import { elementSymbol } from "../crystal/elements.js";
import { StructureError } from "../crystal/errors.js";
import { latticeAngles, latticeLengths, reciprocalLattice } from "../crystal/lattice.js";
import type { Structure } from "../crystal/structure.js";
import { XRD_SCATTERING_PARAMS } from "./data/xrd-scattering-params.js";

/** Cu Kα wavelength (Å), the weighted Kα1/Kα2 mean pymatgen calls "CuKa". */
export const CU_K_ALPHA = 1.54184;

/** Peaks closer than this in 2θ (degrees) are one peak (pymatgen's TWO_THETA_TOL). */
const TWO_THETA_TOL = 1e-5;
/** Peaks below this scaled intensity (max = 100) are dropped (pymatgen's SCALED_INTENSITY_TOL). */
const SCALED_INTENSITY_TOL = 1e-3;

/** A family of symmetry-equivalent reflections contributing to a peak. */
export interface XrdFamily {
  /** Representative Miller indices (h, k, l), or Miller–Bravais (h, k, i, l) for hexagonal cells. */
  readonly hkl: readonly number[];
  /** Number of reflections of the family in the peak. */
  readonly multiplicity: number;
}

/** A simulated powder pattern: one entry per peak, in increasing 2θ. */
export interface XrdPattern {
  /** Peak positions 2θ (degrees). */
  readonly twoTheta: number[];
  /** Intensities scaled so that the strongest peak is 100. */
  readonly intensity: number[];
  /** Reflection families of each peak. */
  readonly hkls: XrdFamily[][];
  /** Interplanar spacing d (Å) of each peak. */
  readonly dSpacings: number[];
  /** Wavelength used (Å). */
  readonly wavelength: number;
}

/** Options of xrdPattern. */
export interface XrdOptions {
  /** 2θ window (degrees), default [0, 90]. */
  twoThetaRange?: readonly [number, number];
  /** X-ray wavelength (Å), default Cu Kα 1.54184 Å. */
  wavelength?: number;
}

/** pymatgen's Lattice.is_hexagonal: two right angles, one 60°/120° angle (±5°), equal lengths on the right-angle axes (±0.01 Å). */
function isHexagonalCell(s: Structure): boolean {
  const lengths = latticeLengths(s.lattice), angles = latticeAngles(s.lattice);
  const right = [0, 1, 2].filter((i) => Math.abs(angles[i]! - 90) < 5);
  const hex = [0, 1, 2].filter((i) => Math.abs(angles[i]! - 60) < 5 || Math.abs(angles[i]! - 120) < 5);
  return right.length === 2 && hex.length === 1 && Math.abs(lengths[right[0]!]! - lengths[right[1]!]!) < 0.01;
}

/** Groups Miller indices into families (equal multisets of |indices|), representative = the lexicographically largest. */
function uniqueFamilies(hkls: readonly number[][]): XrdFamily[] {
  const groups: { key: string; members: number[][] }[] = [];
  for (const hkl of hkls) {
    const key = hkl.map(Math.abs).sort((x, y) => x - y).join(",");
    const g = groups.find((q) => q.key === key);
    if (g) g.members.push(hkl);
    else groups.push({ key, members: [hkl] });
  }
  const lexCompare = (x: number[], y: number[]) => {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  };
  return groups.map((g) => ({ hkl: [...g.members].sort(lexCompare).at(-1)!, multiplicity: g.members.length }));
}

/**
 * The powder XRD pattern of an ordered or disordered structure (occupancies weight the scattering factors), with the
 * same physics and peak bookkeeping as pymatgen's XRDCalculator (symprec 0): reflections with |g| in the window's range,
 * f(s) = Z − 41.78214·s²·Σ a_i exp(−b_i s²), I = |F|²·(1 + cos²2θ)/(sin²θ cos θ), coincident 2θ merged.
 * Throws StructureError for an element without coefficients or an empty structure.
 */
export function xrdPattern(structure: Structure, options: XrdOptions = {}): XrdPattern {
  const wavelength = options.wavelength ?? CU_K_ALPHA;
  const [t0, t1] = options.twoThetaRange ?? [0, 90];
  const n = structure.species.length;
  if (n === 0) throw new StructureError("xrdPattern: the structure has no sites");
  const rad = Math.PI / 180;
  const minR = (2 * Math.sin((t0 * rad) / 2)) / wavelength;
  const maxR = (2 * Math.sin((t1 * rad) / 2)) / wavelength;
  const coeffs = Array.from(structure.species, (z) => {
    const c = XRD_SCATTERING_PARAMS[elementSymbol(z)];
    if (!c) throw new StructureError(`xrdPattern: no X-ray scattering coefficients for ${elementSymbol(z)}`);
    return c;
  });
  const occ = structure.occupancies;
  const recip = reciprocalLattice(structure.lattice, { crystallographic: true }).matrix;
  const [la, lb, lc] = latticeLengths(structure.lattice);
  // |h| = |g·a| ≤ |g||a|: the box of Miller indices that can lie inside the sphere.
  const hMax = Math.ceil(maxR * la), kMax = Math.ceil(maxR * lb), lMax = Math.ceil(maxR * lc);
  const points: { hkl: number[]; g: number }[] = [];
  for (let h = -hMax; h <= hMax; h++)
    for (let k = -kMax; k <= kMax; k++)
      for (let l = -lMax; l <= lMax; l++) {
        if (h === 0 && k === 0 && l === 0) continue;
        const x = h * recip[0]! + k * recip[3]! + l * recip[6]!;
        const y = h * recip[1]! + k * recip[4]! + l * recip[7]!;
        const z = h * recip[2]! + k * recip[5]! + l * recip[8]!;
        const g = Math.sqrt(x * x + y * y + z * z);
        if (g <= maxR + 1e-8 && g >= minR) points.push({ hkl: [h, k, l], g });
      }
  // pymatgen's order: by |g|, then by −h, −k, −l (so the first hkl of a merged peak matches).
  points.sort((p, q) => p.g - q.g || q.hkl[0]! - p.hkl[0]! || q.hkl[1]! - p.hkl[1]! || q.hkl[2]! - p.hkl[2]!);
  const hex = isHexagonalCell(structure);
  const peaks: { twoTheta: number; intensity: number; hkls: number[][]; d: number }[] = [];
  const frac = structure.fracCoords;
  for (const { hkl, g } of points) {
    const theta = Math.asin((wavelength * g) / 2);
    const s2 = (g / 2) ** 2;
    let re = 0, im = 0;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const [a, b] of coeffs[i]!) sum += a * Math.exp(-b * s2);
      const f = (structure.species[i]! - 41.78214 * s2 * sum) * (occ ? occ[i]! : 1);
      const phase = 2 * Math.PI * (hkl[0]! * frac[3 * i]! + hkl[1]! * frac[3 * i + 1]! + hkl[2]! * frac[3 * i + 2]!);
      re += f * Math.cos(phase);
      im += f * Math.sin(phase);
    }
    const lorentz = (1 + Math.cos(2 * theta) ** 2) / (Math.sin(theta) ** 2 * Math.cos(theta));
    const intensity = (re * re + im * im) * lorentz;
    const twoTheta = (2 * theta) / rad;
    const indices = hex ? [hkl[0]!, hkl[1]!, -hkl[0]! - hkl[1]!, hkl[2]!] : hkl;
    // 2θ grows with |g|, so only the most recent peaks can lie within the tolerance.
    let peak: (typeof peaks)[number] | undefined;
    for (let q = peaks.length - 1; q >= 0 && twoTheta - peaks[q]!.twoTheta < TWO_THETA_TOL; q--) peak = peaks[q];
    if (peak) {
      peak.intensity += intensity;
      peak.hkls.push(indices);
    } else peaks.push({ twoTheta, intensity, hkls: [indices], d: 1 / g });
  }
  const maxIntensity = Math.max(...peaks.map((p) => p.intensity));
  const kept = peaks.filter((p) => (p.intensity / maxIntensity) * 100 > SCALED_INTENSITY_TOL).sort((p, q) => p.twoTheta - q.twoTheta);
  return {
    twoTheta: kept.map((p) => p.twoTheta),
    intensity: kept.map((p) => (p.intensity / maxIntensity) * 100),
    hkls: kept.map((p) => uniqueFamilies(p.hkls)),
    dSpacings: kept.map((p) => p.d),
    wavelength,
  };
}

// FlowMM's lattice representation (Miller et al., ICML 2024, §3.2): the six lattice parameters of the Niggli-reduced
// cell, lengths as ln(a/Å) and angles mapped from their open range to ℝ by a logit, so that straight lines in this space
// are always valid, rotation-invariant cells. We standardise each of the six numbers with the training mean and std.

import { latticeAngles, latticeFromMatrix, latticeFromParameters, latticeLengths } from "../../crystal/lattice.js";

/** Lower end (degrees) of the angle range mapped by the logit; Niggli-reduced cells have angles in [60°, 120°]. */
export const ANGLE_MIN = 55;
/** Width (degrees) of the angle range mapped by the logit (55° … 125°: hexagonal 120° stays finite). */
export const ANGLE_SPAN = 70;
/** Smallest per-parameter standard deviation used for standardising (a set of cubic cells has angle std 0). */
export const MIN_STD = 0.05;

/** Mean and standard deviation of the six unconstrained lattice parameters [ln a, ln b, ln c, u(α), u(β), u(γ)]. */
export interface LatticeParamStats {
  mean: number[];
  std: number[];
}

/** Stats for a model that has not seen data: 5 Å cells (±35 %) with angles around 90°. */
export const DEFAULT_LATTICE_STATS: LatticeParamStats = { mean: [Math.log(5), Math.log(5), Math.log(5), 0, 0, 0], std: [0.3, 0.3, 0.3, 0.5, 0.5, 0.5] };

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));

/** The six unconstrained parameters of a lattice matrix (rows a, b, c in Å): ln lengths, logit-mapped angles. */
export function latticeToParams(matrix: ArrayLike<number>): number[] {
  const lattice = latticeFromMatrix(Array.from({ length: 9 }, (_, k) => matrix[k]!));
  const angles = latticeAngles(lattice).map((deg) => logit(Math.min(1 - 1e-6, Math.max(1e-6, (deg - ANGLE_MIN) / ANGLE_SPAN))));
  return [...latticeLengths(lattice).map(Math.log), ...angles];
}

/** The lattice matrix (rows a, b, c in Å, pymatgen orientation) of six unconstrained parameters. */
export function paramsToLattice(p: ArrayLike<number>): Float64Array {
  const [a, b, c] = [0, 1, 2].map((k) => Math.exp(p[k]!));
  const [al, be, ga] = [3, 4, 5].map((k) => ANGLE_MIN + ANGLE_SPAN * sigmoid(p[k]!));
  return Float64Array.from(latticeFromParameters(a!, b!, c!, al!, be!, ga!).matrix);
}

/** Mean and std (floored at MIN_STD) of the parameters of many lattice matrices. */
export function fitLatticeStats(matrices: readonly ArrayLike<number>[]): LatticeParamStats {
  const params = matrices.map(latticeToParams);
  const mean = [0, 1, 2, 3, 4, 5].map((k) => params.reduce((s, p) => s + p[k]!, 0) / params.length);
  const std = mean.map((m, k) => Math.max(MIN_STD, Math.sqrt(params.reduce((s, p) => s + (p[k]! - m) ** 2, 0) / params.length)));
  return { mean, std };
}

/** Standardised parameters z = (p − mean)/std of a lattice matrix. */
export function standardLatticeParams(matrix: ArrayLike<number>, stats: LatticeParamStats): number[] {
  return latticeToParams(matrix).map((v, k) => (v - stats.mean[k]!) / stats.std[k]!);
}

/** Lattice matrices [B·9] (Å) of standardised parameters z [B·6]. */
export function latticesFromStandard(z: ArrayLike<number>, stats: LatticeParamStats): Float32Array {
  const B = z.length / 6;
  const out = new Float32Array(9 * B);
  for (let b = 0; b < B; b++) out.set(paramsToLattice(Array.from({ length: 6 }, (_, k) => stats.mean[k]! + stats.std[k]! * z[6 * b + k]!)), 9 * b);
  return out;
}

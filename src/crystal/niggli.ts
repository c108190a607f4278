// Niggli reduction of a lattice (metrics-spec §9.5): the numerically stable Křivý–Gruber algorithm of
// Grosse-Kunstleve, Sauter & Adams, Acta Cryst. A60 (2004) 1–6, doi:10.1107/S010876730302186X, run on the metric
// tensor of the LLL-reduced basis, then mapped back onto lattice vectors of the input lattice as pymatgen does
// (Lattice.get_niggli_reduced_lattice, pymatgen 2022.11), so both parameters and matrix agree with pymatgen.
import { StructureError } from "./errors.js";
import { type Lattice, latticeFromMatrix, latticeFromParameters, latticeParameters, latticeVolume, metricTensor, reciprocalLattice } from "./lattice.js";
import { lllReduce } from "./lll.js";
import { det3 } from "./math3.js";

/** Niggli-reduced cell parameters from the Křivý–Gruber iteration: lengths (Å) and angles α, β, γ (degrees). */
export interface NiggliParameters {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

/** Gᵀ-congruence G ← Mᵀ·G·M for 3×3 row-major G and M. */
function congruence(G: number[], M: readonly number[]): number[] {
  const GM = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) GM[3 * i + j] = G[3 * i]! * M[j]! + G[3 * i + 1]! * M[3 + j]! + G[3 * i + 2]! * M[6 + j]!;
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) out[3 * i + j] = M[i]! * GM[j]! + M[3 + i]! * GM[3 + j]! + M[6 + i]! * GM[6 + j]!;
  return out;
}

const sign = (x: number, eps: number) => (Math.abs(x) < eps ? 0 : x / Math.abs(x));

/**
 * Niggli-reduced parameters (Å, degrees) by steps A1–A8 (at most 100 iterations) on the metric tensor of the
 * LLL-reduced basis, with ε = tol · V^(1/3) (V in Å³). Step order and tolerances follow pymatgen exactly.
 */
export function niggliParameters(lattice: Lattice, tol = 1e-5): NiggliParameters {
  const eps = tol * Math.cbrt(latticeVolume(lattice));
  let G = Array.from(metricTensor(lllReduce(lattice).lattice));
  for (let iter = 0; iter < 100; iter++) {
    // The same values feed A1–A4 (A1 does not refresh them, as in the reference implementation).
    let [A, B, C, E, N, Y] = [G[0]!, G[4]!, G[8]!, 2 * G[5]!, 2 * G[2]!, 2 * G[1]!];
    if (A > B + eps || (Math.abs(A - B) < eps && Math.abs(E) > Math.abs(N) + eps)) {
      G = congruence(G, [0, -1, 0, -1, 0, 0, 0, 0, -1]); // A1
    }
    if (B > C + eps || (Math.abs(B - C) < eps && Math.abs(N) > Math.abs(Y) + eps)) {
      G = congruence(G, [-1, 0, 0, 0, 0, -1, 0, -1, 0]); // A2
      continue;
    }
    const l = sign(E, eps), m = sign(N, eps), n = sign(Y, eps);
    if (l * m * n === 1) {
      G = congruence(G, [l === -1 ? -1 : 1, 0, 0, 0, m === -1 ? -1 : 1, 0, 0, 0, n === -1 ? -1 : 1]); // A3
    } else if (l * m * n === 0 || l * m * n === -1) {
      let i = l === 1 ? -1 : 1, j = m === 1 ? -1 : 1, k = n === 1 ? -1 : 1; // A4
      if (i * j * k === -1) {
        if (n === 0) k = -1;
        else if (m === 0) j = -1;
        else if (l === 0) i = -1;
      }
      G = congruence(G, [i, 0, 0, 0, j, 0, 0, 0, k]);
    }
    [A, B, C, E, N, Y] = [G[0]!, G[4]!, G[8]!, 2 * G[5]!, 2 * G[2]!, 2 * G[1]!];
    if (Math.abs(E) > B + eps || (Math.abs(E - B) < eps && 2 * N < Y - eps) || (Math.abs(E + B) < eps && Y < -eps)) {
      G = congruence(G, [1, 0, 0, 0, 1, -E / Math.abs(E), 0, 0, 1]); // A5
      continue;
    }
    if (Math.abs(N) > A + eps || (Math.abs(A - N) < eps && 2 * E < Y - eps) || (Math.abs(A + N) < eps && Y < -eps)) {
      G = congruence(G, [1, 0, -N / Math.abs(N), 0, 1, 0, 0, 0, 1]); // A6
      continue;
    }
    if (Math.abs(Y) > A + eps || (Math.abs(A - Y) < eps && 2 * E < N - eps) || (Math.abs(A + Y) < eps && N < -eps)) {
      G = congruence(G, [1, -Y / Math.abs(Y), 0, 0, 1, 0, 0, 0, 1]); // A7
      continue;
    }
    const s = E + N + Y + A + B;
    if (s < -eps || (Math.abs(s) < eps && eps < Y + (A + N) * 2)) {
      G = congruence(G, [1, 0, 1, 0, 1, 1, 0, 0, 1]); // A8
      continue;
    }
    break;
  }
  const [a, b, c] = [Math.sqrt(G[0]!), Math.sqrt(G[4]!), Math.sqrt(G[8]!)];
  const deg = 180 / Math.PI;
  return {
    a, b, c,
    alpha: Math.acos(G[5]! / b / c) * deg,
    beta: Math.acos(G[2]! / a / c) * deg,
    gamma: Math.acos(G[1]! / a / b) * deg,
  };
}

/** A lattice point found by latticePointsInSphere: integer image (i, j, k) and its Cartesian vector (Å). */
interface LatticePoint {
  readonly image: [number, number, number];
  readonly cart: [number, number, number];
  readonly dist: number;
}

/**
 * All lattice points within radius r (Å) of the origin, in the order pymatgen's find_points_in_spheres returns them
 * (Cartesian cubes of edge r, visited x-major; within a cube, the last enumerated image first). The order decides
 * which of several equivalent bases find_mapping picks first.
 */
function latticePointsInSphere(lattice: Lattice, r: number): LatticePoint[] {
  const M = lattice.matrix;
  const recip = reciprocalLattice(lattice, { crystallographic: true }).matrix;
  const nmax = [0, 1, 2].map((i) => Math.ceil(r * Math.hypot(recip[3 * i]!, recip[3 * i + 1]!, recip[3 * i + 2]!)));
  const pts: (LatticePoint & { cube: number; order: number })[] = [];
  const tol = 1e-8;
  let order = 0;
  for (let i = -nmax[0]!; i <= nmax[0]!; i++)
    for (let j = -nmax[1]!; j <= nmax[1]!; j++)
      for (let k = -nmax[2]!; k <= nmax[2]!; k++) {
        const x = i * M[0]! + j * M[3]! + k * M[6]!;
        const y = i * M[1]! + j * M[4]! + k * M[7]!;
        const z = i * M[2]! + j * M[5]! + k * M[8]!;
        const dist = Math.sqrt(x * x + y * y + z * z);
        order++;
        if (dist > r + tol) continue;
        const cube = (v: number) => Math.min(2, Math.max(0, Math.floor((v + r + 2 * tol) / r)));
        pts.push({ image: [i, j, k], cart: [x, y, z], dist, cube: 9 * cube(x) + 3 * cube(y) + cube(z), order });
      }
  pts.sort((p, q) => p.cube - q.cube || q.order - p.order);
  return pts;
}

const angleDeg = (u: readonly number[], v: readonly number[], lu: number, lv: number) => {
  const x = Math.min(1, Math.max(-1, (u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!) / lu / lv));
  return (Math.acos(x) * 180) / Math.PI;
};

/**
 * Niggli-reduced lattice (rows in Å), the same matrix as pymatgen's `Lattice.get_niggli_reduced_lattice(tol)`:
 * the Niggli parameters are matched onto lattice vectors of the input (length tolerance ε = tol·V^(1/3) Å,
 * angle tolerance 1°); the first match in pymatgen's search order wins, negated if its determinant is negative.
 * Throws StructureError when no mapping is found (pymatgen's "can't find niggli").
 */
export function niggliReduce(lattice: Lattice, tol = 1e-5): Lattice {
  const n = niggliParameters(lattice, tol);
  const eps = tol * Math.cbrt(latticeVolume(lattice));
  // Like pymatgen, the targets are re-derived from the from_parameters matrix (equal to n up to rounding).
  const p = latticeParameters(latticeFromParameters(n.a, n.b, n.c, n.alpha, n.beta, n.gamma));
  const lengths = [p.a, p.b, p.c];
  const pts = latticePointsInSphere(lattice, Math.max(...lengths) * (1 + eps));
  const candidates = lengths.map((len) => pts.filter((q) => q.dist / len < 1 + eps && q.dist / len > 1 / (1 + eps)));
  const [ca, cb, cc] = candidates as [LatticePoint[], LatticePoint[], LatticePoint[]];
  for (const va of ca) {
    for (const vb of cb) {
      if (!(Math.abs(angleDeg(va.cart, vb.cart, va.dist, vb.dist) - p.gamma) < 1)) continue;
      for (const vc of cc) {
        if (!(Math.abs(angleDeg(vb.cart, vc.cart, vb.dist, vc.dist) - p.alpha) < 1)) continue;
        if (!(Math.abs(angleDeg(va.cart, vc.cart, va.dist, vc.dist) - p.beta) < 1)) continue;
        if (Math.abs(det3([...va.image, ...vb.image, ...vc.image])) < 1e-8) continue;
        const m = [...va.cart, ...vb.cart, ...vc.cart];
        return latticeFromMatrix(det3(m) > 0 ? m : m.map((v) => -v));
      }
    }
  }
  throw new StructureError("niggliReduce: no lattice vectors of the input match the Niggli parameters");
}

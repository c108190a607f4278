// All sub-/super-lattices of one lattice whose parameters match a target lattice, as pymatgen's
// Lattice.find_all_mappings (metrics-spec §9.4).
import { type Lattice, latticeAngles, latticeLengths, reciprocalLattice } from "../../crystal/lattice.js";
import { det3 } from "../../crystal/math3.js";

/**
 * One lattice mapping: `aligned` = `scale` · lattice.matrix (rows a, b, c in Å), `scale` an integer 3×3 matrix; both
 * row-major arrays of 9 numbers (plain arrays: a search returns dozens, and small typed arrays are costly to allocate).
 */
export interface LatticeMapping {
  /** Rows are the matched lattice vectors (Å) in the Cartesian frame of the searched lattice. */
  readonly aligned: readonly number[];
  /** Integer matrix (row-major) with aligned = scale · lattice.matrix. */
  readonly scale: readonly number[];
}

const RAD_TO_DEG = 180 / Math.PI;

/**
 * Every triple of lattice vectors of `lattice` whose lengths match the target's within the fractional tolerance
 * `ltol` (1/(1+ltol) < |v|/l < 1+ltol, strict) and whose pairwise angles match the target's within `angleTol`
 * degrees (strict), skipping singular integer matrices. With `supercellSize` set, only mappings whose integer matrix
 * has |det| within 0.5 of it are returned (the StructureMatcher filter). Order: by first, then second, then third
 * vector, each in lexicographic order of its integer coordinates (pymatgen's order differs only for exact ties).
 */
export function findAllLatticeMappings(
  lattice: Lattice,
  target: Lattice,
  ltol: number,
  angleTol: number,
  supercellSize?: number,
): LatticeMapping[] {
  const lengths = latticeLengths(target);
  const [alpha, beta, gamma] = latticeAngles(target);
  const radius = Math.max(...lengths) * (1 + ltol);
  const m = lattice.matrix;
  // Integer bounds of the parallelepiped that contains the sphere: |n_i| ≤ r·|b*_i| / 2π.
  const rec = latticeLengths(reciprocalLattice(lattice));
  const bound = rec.map((b) => Math.ceil((radius * b) / (2 * Math.PI)));
  // Candidates for each target axis: integer coordinates, Cartesian vectors and lengths.
  const cand: { f: number[]; c: number[]; l: number[] }[] = [0, 1, 2].map(() => ({ f: [], c: [], l: [] }));
  const lo = 1 / (1 + ltol), hi = 1 + ltol;
  for (let i = -bound[0]!; i <= bound[0]!; i++)
    for (let j = -bound[1]!; j <= bound[1]!; j++)
      for (let k = -bound[2]!; k <= bound[2]!; k++) {
        const x = i * m[0]! + j * m[3]! + k * m[6]!;
        const y = i * m[1]! + j * m[4]! + k * m[7]!;
        const z = i * m[2]! + j * m[5]! + k * m[8]!;
        const d = Math.sqrt(x * x + y * y + z * z);
        if (d > radius) continue;
        for (let axis = 0; axis < 3; axis++) {
          const q = d / lengths[axis]!;
          if (q < hi && q > lo) {
            const c = cand[axis]!;
            c.f.push(i, j, k);
            c.c.push(x, y, z);
            c.l.push(d);
          }
        }
      }
  const [A, B, C] = cand as [(typeof cand)[0], (typeof cand)[0], (typeof cand)[0]];
  const na = A.l.length, nb = B.l.length, nc = C.l.length;
  const within = (p: typeof A, i: number, q: typeof A, j: number, target: number) => {
    let x = (p.c[3 * i]! * q.c[3 * j]! + p.c[3 * i + 1]! * q.c[3 * j + 1]! + p.c[3 * i + 2]! * q.c[3 * j + 2]!) / p.l[i]! / q.l[j]!;
    if (x > 1) x = 1;
    else if (x < -1) x = -1;
    return Math.abs(Math.acos(x) * RAD_TO_DEG - target) < angleTol;
  };
  const alphaOk = new Uint8Array(nb * nc);
  for (let j = 0; j < nb; j++) for (let k = 0; k < nc; k++) alphaOk[j * nc + k] = within(B, j, C, k, alpha) ? 1 : 0;
  const betaOk = new Uint8Array(na * nc);
  for (let i = 0; i < na; i++) for (let k = 0; k < nc; k++) betaOk[i * nc + k] = within(A, i, C, k, beta) ? 1 : 0;
  const out: LatticeMapping[] = [];
  const scale = new Float64Array(9);
  for (let i = 0; i < na; i++)
    for (let j = 0; j < nb; j++) {
      if (!within(A, i, B, j, gamma)) continue;
      for (let k = 0; k < nc; k++) {
        if (!alphaOk[j * nc + k] || !betaOk[i * nc + k]) continue;
        for (let d = 0; d < 3; d++) {
          scale[d] = A.f[3 * i + d]!;
          scale[3 + d] = B.f[3 * j + d]!;
          scale[6 + d] = C.f[3 * k + d]!;
        }
        const det = det3(scale);
        if (Math.abs(det) < 1e-8) continue;
        if (supercellSize !== undefined && !(Math.abs(Math.abs(det) - supercellSize) < 0.5)) continue;
        const aligned = [
          A.c[3 * i]!, A.c[3 * i + 1]!, A.c[3 * i + 2]!,
          B.c[3 * j]!, B.c[3 * j + 1]!, B.c[3 * j + 2]!,
          C.c[3 * k]!, C.c[3 * k + 1]!, C.c[3 * k + 2]!,
        ];
        out.push({ aligned, scale: [scale[0]!, scale[1]!, scale[2]!, scale[3]!, scale[4]!, scale[5]!, scale[6]!, scale[7]!, scale[8]!] });
      }
    }
  return out;
}

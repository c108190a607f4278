// Voxel representation (review Fig. 2; iMatGen): a periodic Gaussian density of the atoms sampled on a grid
// spanning the unit cell, optionally with one channel per element or with each atom weighted by its electrons (Z).
import { StructureError } from "../crystal/errors.js";
import { latticeVolume, reciprocalLattice } from "../crystal/lattice.js";
import type { Structure } from "../crystal/structure.js";

/** Options of voxelGrid. */
export interface VoxelGridOptions {
  /** Grid points along a, b, c: one number for all three axes, default 32. */
  resolution?: number | readonly [number, number, number];
  /** Standard deviation σ of each atom's Gaussian (Å), default 0.5. */
  sigma?: number;
  /** "total" (default): one density; "element": one channel per element present, in increasing Z. */
  channels?: "total" | "element";
  /** Weight of each atom: "atoms" (default, 1) or "electrons" (its atomic number Z). */
  weight?: "atoms" | "electrons";
}

/** A density on a periodic grid over the unit cell. */
export interface VoxelGrid {
  /** Grid points along a, b, c. */
  readonly shape: [number, number, number];
  /** Atomic number of each channel (only with `channels: "element"`). */
  readonly channels?: readonly number[];
  /**
   * Density (weight per Å³) at the grid points f = (i/n_a, j/n_b, k/n_c), channel-major then a, b, c:
   * data[((ch·n_a + i)·n_b + j)·n_c + k]. Summing a channel and multiplying by V / (n_a n_b n_c) gives its total weight.
   */
  readonly data: Float32Array;
}

/** Gaussians are truncated at this many σ (the mass beyond 5σ in 3-D is about 1.6·10⁻⁵ of the total). */
const CUTOFF_SIGMAS = 5;

/**
 * Periodic Gaussian density of a structure: each atom contributes w·(2πσ²)^(−3/2)·exp(−r²/2σ²) from every periodic
 * image within 5σ, sampled at the grid points (weight per Å³). The integral over the cell equals the number of atoms
 * (or of electrons with `weight: "electrons"`) up to the truncation and the sampling error (negligible for grid
 * spacings below σ).
 */
export function voxelGrid(structure: Structure, options: VoxelGridOptions = {}): VoxelGrid {
  const res = options.resolution ?? 32;
  const shape = (typeof res === "number" ? [res, res, res] : [...res]) as [number, number, number];
  if (!shape.every((v) => Number.isInteger(v) && v >= 1)) throw new StructureError(`voxelGrid: resolution must be positive integers (got ${JSON.stringify(res)})`);
  const sigma = options.sigma ?? 0.5;
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new StructureError(`voxelGrid: sigma must be a positive length in Å (got ${sigma})`);
  const [na, nb, nc] = shape;
  const Z = structure.species;
  const channels = options.channels === "element" ? [...new Set(Z)].sort((a, b) => a - b) : undefined;
  const channelOf = new Map((channels ?? []).map((z, c) => [z, c]));
  const data = new Float32Array((channels?.length ?? 1) * na * nb * nc);
  const m = structure.lattice.matrix;
  const recip = reciprocalLattice(structure.lattice, { crystallographic: true }).matrix;
  const radius = CUTOFF_SIGMAS * sigma;
  // Half-width of the box holding the cutoff sphere, in grid steps along each axis (|b*_d| = 1 / plane spacing).
  const reach = [na, nb, nc].map((n, d) => Math.ceil(radius * Math.hypot(recip[3 * d]!, recip[3 * d + 1]!, recip[3 * d + 2]!) * n));
  const norm = 1 / Math.pow(2 * Math.PI * sigma * sigma, 1.5);
  const inv2s2 = 1 / (2 * sigma * sigma);
  const r2max = radius * radius;
  const mod = (i: number, n: number) => ((i % n) + n) % n;
  for (let atom = 0; atom < Z.length; atom++) {
    const w = norm * (options.weight === "electrons" ? Z[atom]! : 1);
    const base = (channels ? channelOf.get(Z[atom]!)! : 0) * na * nb * nc;
    const f = [structure.fracCoords[3 * atom]!, structure.fracCoords[3 * atom + 1]!, structure.fracCoords[3 * atom + 2]!];
    const centre = [Math.round(f[0]! * na), Math.round(f[1]! * nb), Math.round(f[2]! * nc)];
    // Grid points of the unwrapped box around the atom; each maps to index mod n, so images are summed automatically.
    for (let i = centre[0]! - reach[0]!; i <= centre[0]! + reach[0]!; i++) {
      const u = i / na - f[0]!;
      const ux = u * m[0]!, uy = u * m[1]!, uz = u * m[2]!;
      const oi = base + mod(i, na) * nb * nc;
      for (let j = centre[1]! - reach[1]!; j <= centre[1]! + reach[1]!; j++) {
        const v = j / nb - f[1]!;
        const vx = ux + v * m[3]!, vy = uy + v * m[4]!, vz = uz + v * m[5]!;
        const oj = oi + mod(j, nb) * nc;
        for (let k = centre[2]! - reach[2]!; k <= centre[2]! + reach[2]!; k++) {
          const t = k / nc - f[2]!;
          const x = vx + t * m[6]!, y = vy + t * m[7]!, z = vz + t * m[8]!;
          const r2 = x * x + y * y + z * z;
          if (r2 <= r2max) data[oj + mod(k, nc)] += w * Math.exp(-r2 * inv2s2);
        }
      }
    }
  }
  return channels ? { shape, channels, data } : { shape, data };
}

/** Total weight of each channel of a voxel grid: Σ density · V / (n_a n_b n_c) (atoms or electrons). */
export function voxelGridIntegral(grid: VoxelGrid, structure: Structure): number[] {
  const [na, nb, nc] = grid.shape;
  const cells = na * nb * nc;
  const dv = latticeVolume(structure.lattice) / cells;
  const out: number[] = [];
  for (let c = 0; c < grid.data.length / cells; c++) {
    let s = 0;
    for (let q = c * cells; q < (c + 1) * cells; q++) s += grid.data[q]!;
    out.push(s * dv);
  }
  return out;
}

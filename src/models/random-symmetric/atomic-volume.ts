// Per-element atomic volumes for volume estimates: the sphere of the element's covalent radius (Cordero et al., Dalton
// Trans. 2832 (2008), the element table's radius), scaled by a packing factor fitted to training crystals. pyxtal
// estimates volumes the same way from covalent-radius spheres (Fredericks et al., Comput. Phys. Commun. 261, 107810 (2021)).
import { element } from "../../crystal/elements.js";
import { latticeVolume } from "../../crystal/lattice.js";
import type { Structure } from "../../crystal/structure.js";

/**
 * Packing factor used before training: 1 / (π / (3√2)), the inverse of the densest sphere-packing fraction (Kepler;
 * fcc/hcp, 0.7405), i.e. covalent spheres packed as densely as spheres can be.
 */
export const CLOSE_PACKING_VOLUME_FACTOR = (3 * Math.SQRT2) / Math.PI;

/** Volume (Å³) of the sphere of element z's covalent radius, 4/3 π r³; NaN when the table has no radius (Z > 96). */
export function covalentSphereVolume(z: number): number {
  const r = element(z).covalentRadius;
  return (4 / 3) * Math.PI * r * r * r;
}

/** Sum of the covalent-sphere volumes (Å³) of the sites' elements. */
export function summedSphereVolume(species: ArrayLike<number>): number {
  let v = 0;
  for (let i = 0; i < species.length; i++) v += covalentSphereVolume(species[i]!);
  return v;
}

/**
 * The packing factor of crystals: the median over them of cell volume / summed covalent-sphere volume (dimensionless),
 * skipping crystals with an element without a radius; CLOSE_PACKING_VOLUME_FACTOR when none is left.
 */
export function fitVolumeFactor(structures: readonly Structure[]): number {
  const ratios = structures.map((s) => latticeVolume(s.lattice) / summedSphereVolume(s.species)).filter(Number.isFinite).sort((a, b) => a - b);
  if (ratios.length === 0) return CLOSE_PACKING_VOLUME_FACTOR;
  const m = ratios.length >> 1;
  return ratios.length % 2 ? ratios[m]! : (ratios[m - 1]! + ratios[m]!) / 2;
}

// Structural validity (metrics-spec §2): every interatomic distance ≥ 0.5 Å and cell volume ≥ 0.1 Å³.
import { minimumSiteDistance } from "../../crystal/distances.js";
import { latticeVolume } from "../../crystal/lattice.js";
import type { Structure } from "../../crystal/structure.js";

/** Why a structure is structurally invalid (or "ok"). */
export type StructureValidityReason = "ok" | "short_distance" | "small_volume" | "empty" | "non_finite";

/** Structural-validity verdict with the quantities it was decided on. */
export interface StructureValidity {
  valid: boolean;
  reason: StructureValidityReason;
  /** Smallest distance between two different sites over periodic images (Å); Infinity for a 1-site cell. */
  minDistance: number;
  /** Cell volume (Å³). */
  volume: number;
}

/**
 * CDVAE `structure_validity`: valid ⇔ min pairwise periodic distance ≥ `cutoff` (Å, default 0.5; a site's distance to
 * its own images is ignored) and volume ≥ 0.1 Å³. Defensive on bad input (never throws): an empty structure, a
 * non-finite coordinate or lattice entry is invalid with its reason (the reference would crash; metrics-spec §15.14).
 */
export function structureValidity(s: Structure, cutoff = 0.5): StructureValidity {
  const n = s.species.length;
  const volume = latticeVolume(s.lattice);
  if (n === 0) return { valid: false, reason: "empty", minDistance: Number.NaN, volume };
  if (!s.lattice.matrix.every(Number.isFinite) || !s.fracCoords.every(Number.isFinite) || !Number.isFinite(volume))
    return { valid: false, reason: "non_finite", minDistance: Number.NaN, volume };
  if (volume < 0.1) return { valid: false, reason: "small_volume", minDistance: Number.NaN, volume };
  const minDistance = minimumSiteDistance(s);
  return { valid: minDistance >= cutoff, reason: minDistance >= cutoff ? "ok" : "short_distance", minDistance, volume };
}

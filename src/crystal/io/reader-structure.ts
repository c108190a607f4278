// The Structure a file reader builds from arrays it has already validated, without makeStructure's copies and checks.
import { type Lattice, latticeVolume } from "../lattice.js";
import { type Structure, makeStructure } from "../structure.js";

/**
 * Exactly the frozen object makeStructure would return for these arrays (same fields, same order, frozen labels),
 * for readers that guarantee what makeStructure checks: `species` holds valid atomic numbers (1–118), there are
 * `species.length` labels and occupancies, every occupancy is in (0, 1]. The arrays are adopted, not copied, so the
 * caller must hand over fresh arrays of exactly the right length. The two checks a reader cannot guarantee —
 * finite coordinates (a huge value times a symmetry operation can overflow) and a cell of positive volume — are
 * still made; when either fails, makeStructure builds (and so rejects) the structure with its usual StructureError.
 */
export function readerStructure(lattice: Lattice, species: Uint8Array, fracCoords: Float64Array, labels: string[], occupancies?: Float64Array): Structure {
  let finite = true;
  for (let i = 0; i < fracCoords.length; i++) {
    if (!Number.isFinite(fracCoords[i]!)) { finite = false; break; }
  }
  if (!finite || !(latticeVolume(lattice) > 0)) return makeStructure({ lattice, species, fracCoords, labels, ...(occupancies ? { occupancies } : {}) });
  const structure: Structure = occupancies
    ? { lattice, species, fracCoords, occupancies, labels: Object.freeze(labels) }
    : { lattice, species, fracCoords, labels: Object.freeze(labels) };
  return Object.freeze(structure);
}

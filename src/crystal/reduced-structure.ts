// Niggli-reduced structure, as pymatgen's Structure.get_reduced_structure() (metrics-spec §9.5).
import { type Lattice, cartToFrac } from "./lattice.js";
import { niggliReduce } from "./niggli.js";
import { type Structure, cartCoords, makeStructure, wrapFracCoords } from "./structure.js";

/** numpy.allclose(a, b) with its default tolerances (rtol 1e-5, atol 1e-8). */
function matricesClose(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]! - b[i]!) <= 1e-8 + 1e-5 * Math.abs(b[i]!))) return false;
  return true;
}

/**
 * The structure on its Niggli-reduced lattice (tol as niggliReduce, dimensionless), sites at the same Cartesian
 * positions (Å) re-expressed in the new basis and wrapped into [0, 1). As in pymatgen, when the reduced lattice
 * equals the input (numpy allclose) the structure is returned unchanged.
 */
export function reducedStructure(structure: Structure, tol = 1e-5): Structure {
  const reduced: Lattice = niggliReduce(structure.lattice, tol);
  if (matricesClose(reduced.matrix, structure.lattice.matrix)) return structure;
  return makeStructure({
    ...structure,
    lattice: reduced,
    fracCoords: wrapFracCoords(cartToFrac(reduced, cartCoords(structure))),
  });
}

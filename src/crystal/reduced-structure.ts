// Niggli-reduced structure, as pymatgen's Structure.get_reduced_structure() (metrics-spec §9.5).
import { latticeFromMatrix } from "./lattice.js";
import { inv3Into, mul3Into } from "./math3.js";
import { niggliReducedRows } from "./niggli.js";
import { type Structure, wrapFraction } from "./structure.js";

/** numpy.allclose(a, b) with its default tolerances (rtol 1e-5, atol 1e-8). */
function matricesClose(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i]! - b[i]!) <= 1e-8 + 1e-5 * Math.abs(b[i]!))) return false;
  return true;
}

/** Scratch 3×3 matrices of reducedStructure (the inverse of the new basis and the change of basis). */
const inverse = new Float64Array(9), change = new Float64Array(9);

/**
 * The structure on its Niggli-reduced lattice (tol as niggliReduce, dimensionless), sites at the same Cartesian
 * positions (Å) re-expressed in the new basis and wrapped into [0, 1). As in pymatgen, when the reduced lattice
 * equals the input (numpy allclose) the structure is returned unchanged.
 */
export function reducedStructure(structure: Structure, tol = 1e-5): Structure {
  // The reduced matrix stays a plain array until it is known to differ from the input: most dataset cells are
  // already reduced, and a typed array of 9 numbers is a comparatively costly off-heap allocation.
  const rows = niggliReducedRows(structure.lattice, tol);
  if (matricesClose(rows, structure.lattice.matrix)) return structure;
  const lattice = latticeFromMatrix(rows);
  // new frac = old frac · T with T = M_old · M_new⁻¹, wrapped (a monomorphic loop: this is on the matcher's hot path).
  const T = mul3Into(structure.lattice.matrix, inv3Into(lattice.matrix, inverse), change);
  const f = structure.fracCoords;
  const fracCoords = new Float64Array(f.length);
  for (let k = 0; k < f.length; k += 3) {
    const x = f[k]!, y = f[k + 1]!, z = f[k + 2]!;
    fracCoords[k] = wrapFraction(x * T[0]! + y * T[3]! + z * T[6]!);
    fracCoords[k + 1] = wrapFraction(x * T[1]! + y * T[4]! + z * T[7]!);
    fracCoords[k + 2] = wrapFraction(x * T[2]! + y * T[5]! + z * T[8]!);
  }
  // Same sites, species and properties: valid by construction, like wrapStructure.
  return Object.freeze({ ...structure, lattice, fracCoords });
}

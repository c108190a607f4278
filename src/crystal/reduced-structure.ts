// Niggli-reduced structure, as pymatgen's Structure.get_reduced_structure() (metrics-spec §9.5).
import { niggliReduce } from "./niggli.js";
import { inv3, mul3 } from "./math3.js";
import { type Structure, wrapFracCoords } from "./structure.js";

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
  const lattice = niggliReduce(structure.lattice, tol);
  if (matricesClose(lattice.matrix, structure.lattice.matrix)) return structure;
  // new frac = old frac · T with T = M_old · M_new⁻¹ (a monomorphic loop: this is on the matcher's hot path), wrapped.
  const T = mul3(structure.lattice.matrix, inv3(lattice.matrix));
  const f = structure.fracCoords;
  const moved = new Float64Array(f.length);
  for (let k = 0; k < f.length; k += 3) {
    const x = f[k]!, y = f[k + 1]!, z = f[k + 2]!;
    moved[k] = x * T[0]! + y * T[3]! + z * T[6]!;
    moved[k + 1] = x * T[1]! + y * T[4]! + z * T[7]!;
    moved[k + 2] = x * T[2]! + y * T[5]! + z * T[8]!;
  }
  const fracCoords = wrapFracCoords(moved);
  // Same sites, species and properties: valid by construction, like wrapStructure.
  return Object.freeze({ ...structure, lattice, fracCoords });
}

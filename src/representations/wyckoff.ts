// The Wyckoff representation (review Figs. 1–2; DiffCSP++, CrystalFormer, WyFormer): space group, lattice
// parameters, and one (element, Wyckoff letter, free parameters) triple per occupied orbit of the conventional cell.
import { elementSymbol } from "../crystal/elements.js";
import { type LatticeParameters, latticeParameters, metricTensor } from "../crystal/lattice.js";
import { inv3, rowsTimesMat3, transpose3 } from "../crystal/math3.js";
import type { Structure } from "../crystal/structure.js";
import {
  SymmetryError,
  analyzeSymmetry,
  applyOperation,
  fitWyckoffVariables,
  idealLatticeParameters,
  spaceGroupInfo,
  spaceGroupWyckoffTable,
  structureFromWyckoff,
} from "../crystal/symmetry/index.js";

/** One occupied Wyckoff orbit. */
export interface WyckoffToken {
  /** Element symbol. */
  readonly element: string;
  /** Wyckoff letter in the ITA standard setting. */
  readonly wyckoff: string;
  /** Sites of the orbit in the conventional cell. */
  readonly multiplicity: number;
  /** Values of the free variables x, y, z of the letter's coordinate triplet (fractional; unused ones are 0). */
  readonly params: [number, number, number];
}

/** A crystal as space group + conventional lattice parameters + occupied Wyckoff orbits. */
export interface WyckoffRepresentation {
  /** ITA space-group number 1–230 (ITA standard setting). */
  readonly spaceGroup: number;
  /** Conventional (standardised) lattice: a, b, c (Å), α, β, γ (degrees), idealised for the crystal system. */
  readonly lattice: LatticeParameters;
  /** Occupied orbits, in the order of the standardised cell's sites. */
  readonly sites: readonly WyckoffToken[];
}

/**
 * The Wyckoff representation of a structure at distance tolerance `symprec` (Å, default 0.01): the structure is
 * standardised (moyo, ITA standard setting) and each orbit of the conventional cell is reduced to its letter and the
 * free variables that put a member of the orbit on the letter's representative coordinate triplet.
 */
export function wyckoffRepresentation(structure: Structure, options: { symprec?: number } = {}): WyckoffRepresentation {
  const symprec = options.symprec ?? 0.01;
  const std = analyzeSymmetry(structure, { symprec }).stdCell;
  // Analyse the standardised cell itself: its letters refer to the frame that this second standardisation picks
  // (which may differ from `std` by an origin shift or a normaliser operation), so positions are taken there.
  const d = analyzeSymmetry(std, { symprec });
  const table = spaceGroupWyckoffTable(d.number);
  if (d.hallNumber !== spaceGroupInfo(d.number).hallNumber)
    throw new SymmetryError(`Wyckoff representation: standardised cell is in Hall setting ${d.hallNumber}, not the ITA standard one`);
  const toStd = inv3(d.stdLinear);
  const G = metricTensor(d.stdCell.lattice);
  const length = (v: [number, number, number]) => {
    let s = 0;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) s += v[a]! * G[3 * a + b]! * v[b]!;
    return Math.sqrt(s);
  };
  const sites: WyckoffToken[] = [];
  d.orbits.forEach((orbit, i) => {
    if (orbit !== i) return;
    const letter = d.wyckoffs[i]!;
    const wp = table.positions.get(letter);
    if (!wp) throw new SymmetryError(`Wyckoff representation: space group ${d.number} has no Wyckoff position ${letter}`);
    const shifted = [0, 1, 2].map((k) => std.fracCoords[3 * i + k]! - d.stdOriginShift[k]!);
    const p = rowsTimesMat3(shifted, transpose3(toStd)); // x_std = P⁻¹ (x − p)
    // Every operation that maps the site onto the representative triplet gives valid parameters: keep the smallest.
    let params: [number, number, number] | null = null;
    for (const op of table.operations) {
      const q = Array.from(applyOperation(op, p), (x) => x - Math.floor(x));
      const v = fitWyckoffVariables(wp.affine, q, length, 2 * symprec);
      if (v && (!params || lexicographicallyBefore(v, params))) params = v;
    }
    if (!params) throw new SymmetryError(`Wyckoff representation: site ${i} of the standardised cell does not lie on ${wp.multiplicity}${letter} (${wp.coordinates})`);
    sites.push({ element: elementSymbol(std.species[i]!), wyckoff: letter, multiplicity: wp.multiplicity, params });
  });
  return { spaceGroup: d.number, lattice: idealLatticeParameters(d.number, latticeParameters(d.stdCell.lattice)), sites };
}

/** a < b in (x, y, z) order, ignoring differences below 1e-8. */
function lexicographicallyBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < 3; k++) if (Math.abs(a[k]! - b[k]!) > 1e-8) return a[k]! < b[k]!;
  return false;
}

/** The conventional cell of a Wyckoff representation (every orbit expanded with the space group's operations). */
export function structureFromWyckoffRepresentation(rep: WyckoffRepresentation): Structure {
  return structureFromWyckoff({ spaceGroup: rep.spaceGroup, lattice: rep.lattice, sites: rep.sites });
}

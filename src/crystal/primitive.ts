// Primitive cell search, as pymatgen's Structure.get_primitive_structure(tolerance) (metrics-spec §9.6):
// candidate translations from the smallest species group, Hermite-normal-form sub-lattices of every divisor of the
// common site-count gcd, clique merging of equivalent sites, recursion, then Niggli reduction.
import { gcd } from "./composition.js";
import { nearestIntegerDistance } from "./distances.js";
import { elementSymbol } from "./elements.js";
import { latticeFromMatrix } from "./lattice.js";
import { roundHalfEven } from "./lll.js";
import { mul3, rowLengths } from "./math3.js";
import { reducedStructure } from "./reduced-structure.js";
import { type Structure, makeStructure, wrapFracCoords } from "./structure.js";

/** Options of primitiveCell. */
export interface PrimitiveCellOptions {
  /** Per-coordinate site tolerance (Å); pymatgen's default 0.25. */
  tolerance?: number;
}

/** Sites of one species label: the label, the sites' indices in the input and their fractional coordinates (n×3 flat). */
interface SiteGroup {
  readonly label: string;
  readonly sites: number[];
  readonly fc: Float64Array;
}

/** pymatgen's species_string for a site (element symbol, with the occupancy when partial). */
function siteLabel(s: Structure, i: number): string {
  const sym = elementSymbol(s.species[i]!);
  const occ = s.occupancies?.[i];
  return occ !== undefined && occ < 1 ? `${sym}:${occ.toFixed(3)}` : sym;
}

/** |d − round(d)| < tol[k] on every axis, d = a − b (periodic closeness, strict as pymatgen). */
function periodicClose(a: ArrayLike<number>, ia: number, b: ArrayLike<number>, ib: number, tol: ArrayLike<number>): boolean {
  for (let k = 0; k < 3; k++) {
    const d = a[ia + k]! - b[ib + k]!;
    if (!(nearestIntegerDistance(d) < tol[k]!)) return false;
  }
  return true;
}

/** Divisors of n in ascending order. */
function divisors(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= n; i++) if (n % i === 0) out.push(i);
  return out;
}

/**
 * The smallest cell found by pymatgen's primitive search with the given site tolerance (Å, default 0.25). When a
 * smaller cell is found the search recurses on it and the result is Niggli-reduced; otherwise the input is returned
 * unchanged. Sites of the reduced result are grouped by species (sorted by element symbol), positions are averages of
 * the merged sites, wrapped into [0, 1).
 */
export function primitiveCell(structure: Structure, options: PrimitiveCellOptions = {}): Structure {
  const tolerance = options.tolerance ?? 0.25;
  const n = structure.species.length;
  if (n === 0) return structure;
  // Groups of equal labels in ascending label order, sites ascending within a group (a stable sort by label). A
  // structure has few labels: a linear search beats a Map; each element of an ordered structure is labelled once.
  const { species, occupancies, fracCoords } = structure;
  const labels: string[] = [], zs: number[] = [], sitesOf: number[][] = [];
  for (let i = 0; i < n; i++) {
    let g = occupancies ? -1 : zs.indexOf(species[i]!);
    if (g < 0) {
      const label = siteLabel(structure, i);
      g = labels.indexOf(label);
      if (g < 0) {
        g = labels.length;
        labels.push(label);
        zs.push(species[i]!);
        sitesOf.push([]);
      }
    }
    sitesOf[g]!.push(i);
  }
  // Only divisors > 1 of the common gcd of the group sizes can give a smaller cell. (Arrays are built with push, not
  // Array.map: see rowLengths.)
  const sizes: number[] = [];
  for (const g of sitesOf) sizes.push(g.length);
  const numFu = gcd(sizes);
  if (numFu === 1) return structure;
  const groups: SiteGroup[] = [];
  for (let g = 0; g < labels.length; g++) {
    const sites = sitesOf[g]!;
    const fc = new Float64Array(3 * sites.length);
    for (let r = 0; r < sites.length; r++)
      for (let k = 0; k < 3; k++) fc[3 * r + k] = fracCoords[3 * sites[r]! + k]!;
    groups.push({ label: labels[g]!, sites, fc });
  }
  groups.sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
  const abc = rowLengths(structure.lattice.matrix);
  // Literal arrays, not Array.map (see rowLengths).
  const superFtol = [tolerance / abc[0]!, tolerance / abc[1]!, tolerance / abc[2]!];
  const superFtol2 = [2 * superFtol[0]!, 2 * superFtol[1]!, 2 * superFtol[2]!];

  // Approximate periodicities: differences from the first site of the smallest group that map every site of every
  // group onto a site of the same group (within twice the tolerance).
  let minGroup = groups[0]!;
  for (const g of groups) if (g.sites.length < minGroup.sites.length) minGroup = g;
  let minVecs: number[] = [];
  for (let r = 0; r < minGroup.sites.length; r++)
    for (let k = 0; k < 3; k++) minVecs.push(minGroup.fc[3 * r + k]! - minGroup.fc[k]!);
  const bySize = [...groups].sort((x, y) => x.sites.length - y.sites.length);
  const [t0, t1, t2] = superFtol2 as [number, number, number];
  for (const g of bySize) {
    const m = g.sites.length;
    const fc = g.fc;
    for (let f = 0; f < m && minVecs.length > 0; f++) {
      const kept: number[] = [];
      for (let v = 0; v < minVecs.length; v += 3) {
        const vx = minVecs[v]! + fc[3 * f]!, vy = minVecs[v + 1]! + fc[3 * f + 1]!, vz = minVecs[v + 2]! + fc[3 * f + 2]!;
        // Only whether some site h matches matters, so the scan may start at h = f (cyclically): the zero vector, always a
        // candidate, then matches at once.
        for (let step = 0, h = f; step < m; step++, h = h + 1 === m ? 0 : h + 1) {
          let d = vx - fc[3 * h]!;
          if (!(nearestIntegerDistance(d) < t0)) continue;
          d = vy - fc[3 * h + 1]!;
          if (!(nearestIntegerDistance(d) < t1)) continue;
          d = vz - fc[3 * h + 2]!;
          if (!(nearestIntegerDistance(d) < t2)) continue;
          kept.push(minVecs[v]!, minVecs[v + 1]!, minVecs[v + 2]!);
          break;
        }
      }
      minVecs = kept;
    }
  }

  // Sites of one group that are neighbours in the input cell must never be merged. Computed on the first sub-lattice
  // that passes the translation tests (most cells have none, and the result does not depend on when it is computed).
  let nonNeighbours: Uint8Array[] | null = null;
  const neighbourMasks = () => groups.map((g) => {
    const m = g.sites.length;
    const out = new Uint8Array(m * m);
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) {
        let far = a === b;
        for (let k = 0; k < 3 && !far; k++) {
          const d = g.fc[3 * b + k]! - g.fc[3 * a + k]!;
          if (nearestIntegerDistance(d) > superFtol2[k]!) far = true;
        }
        out[a * m + b] = far ? 1 : 0;
      }
    return out;
  });

  const nVecs = minVecs.length / 3;
  /** Is the fractional vector (x, y, z) within the tolerance of some candidate translation (mod 1)? */
  const present = (x: number, y: number, z: number) => {
    for (let v = 0; v < nVecs; v++) {
      let d = x - minVecs[3 * v]!;
      if (!(nearestIntegerDistance(d) < superFtol[0]!)) continue;
      d = y - minVecs[3 * v + 1]!;
      if (!(nearestIntegerDistance(d) < superFtol[1]!)) continue;
      d = z - minVecs[3 * v + 2]!;
      if (nearestIntegerDistance(d) < superFtol[2]!) return true;
    }
    return false;
  };
  // Hermite normal forms M = [[a, b, c], [0, e, f], [0, 0, g]] in pymatgen's order (det, a, e, then b, c, f), with
  // M⁻¹ = [[1/a, −b/(ae), (bf − ce)/(aeg)], [0, 1/e, −f/(eg)], [0, 0, 1/g]]; each row of M⁻¹ must be a translation.
  const row2: boolean[] = []; // whether the second row of M⁻¹ is a translation, for each f
  for (const det of divisors(numFu)) {
    if (det === 1) continue;
    for (const a of divisors(det))
      for (const e of divisors(det / a)) {
        const gg = det / a / e;
        if (!present(0, 0, 1 / gg)) continue;
        row2.length = 0;
        for (let f = 0; f < e; f++) row2.push(present(0, 1 / e, -f / (e * gg)));
        if (!row2.includes(true)) continue;
        for (let b = 0; b < a; b++)
          for (let c = 0; c < a; c++)
            for (let f = 0; f < e; f++) {
              if (!row2[f]) continue;
              const r13 = (b * f - c * e) / (a * e * gg);
              if (!present(1 / a, -b / (a * e), r13)) continue;
              const M = new Float64Array([a, b, c, 0, e, f, 0, 0, gg]);
              const invM = new Float64Array([1 / a, -b / (a * e), r13, 0, 1 / e, -f / (e * gg), 0, 0, 1 / gg]);
              const reduced = mergeIntoSublattice(structure, groups, (nonNeighbours ??= neighbourMasks()), M, invM, det, tolerance);
              if (reduced) return reducedStructure(primitiveCell(reduced, { tolerance }));
            }
      }
  }
  return structure;
}

/**
 * Tries the sub-lattice new = M⁻¹ · old: within each species group, sites equivalent under the new lattice must form
 * cliques of exactly `size` members; each clique becomes one site at the running average of its members.
 * Returns the smaller structure, or null when the lattice does not fit.
 */
function mergeIntoSublattice(
  structure: Structure,
  groups: readonly SiteGroup[],
  nonNeighbours: readonly Uint8Array[],
  M: Float64Array,
  invM: Float64Array,
  size: number,
  tolerance: number,
): Structure | null {
  const newMatrix = mul3(invM, structure.lattice.matrix);
  const newLattice = latticeFromMatrix(newMatrix);
  const [la, lb, lc] = rowLengths(newMatrix);
  const ftol = [tolerance / la!, tolerance / lb!, tolerance / lc!];
  const species: number[] = [];
  const coords: number[] = [];
  const occupancies: number[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    const m = g.sites.length;
    const frac = new Float64Array(3 * m);
    for (let r = 0; r < m; r++)
      for (let k = 0; k < 3; k++)
        frac[3 * r + k] = g.fc[3 * r]! * M[k]! + g.fc[3 * r + 1]! * M[3 + k]! + g.fc[3 * r + 2]! * M[6 + k]!;
    const nn = nonNeighbours[gi]!;
    const adj = new Uint8Array(m * m);
    for (let x = 0; x < m; x++)
      for (let y = 0; y < m; y++) adj[x * m + y] = nn[x * m + y] && periodicClose(frac, 3 * y, frac, 3 * x, ftol) ? 1 : 0;
    for (let y = 0; y < m; y++) {
      let col = 0;
      for (let x = 0; x < m; x++) col += adj[x * m + y]!;
      if (col !== size) return null;
    }
    const members: number[][] = [];
    for (let x = 0; x < m; x++) {
      const mem: number[] = [];
      for (let y = 0; y < m; y++) if (adj[x * m + y]) mem.push(y);
      for (const p of mem) for (const q of mem) if (!adj[p * m + q]) return null;
      members.push(mem);
    }
    const wrapped = wrapFracCoords(frac);
    const added = new Uint8Array(m);
    for (let x = 0; x < m; x++) {
      if (added[x]) continue;
      const mem = members[x]!;
      for (const y of mem) added[y] = 1;
      const first = mem[0]!;
      const pos = [wrapped[3 * first]!, wrapped[3 * first + 1]!, wrapped[3 * first + 2]!];
      for (let t = 1; t < mem.length; t++) {
        const j = mem[t]!;
        for (let k = 0; k < 3; k++) {
          const offset = wrapped[3 * j + k]! - pos[k]!;
          pos[k] = pos[k]! + (offset - roundHalfEven(offset)) / (t + 1);
        }
      }
      const site = g.sites[first]!;
      species.push(structure.species[site]!);
      if (structure.occupancies) occupancies.push(structure.occupancies[site]!);
      coords.push(...pos);
    }
  }
  return makeStructure({
    lattice: newLattice,
    species,
    fracCoords: wrapFracCoords(coords),
    ...(structure.occupancies ? { occupancies } : {}),
  });
}

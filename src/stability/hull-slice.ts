// The part of a phase diagram a figure can draw: the reference entries of one binary or ternary chemical system, which
// of them are stable, the facets of the lower convex hull (segments of a binary, triangles of a ternary) and candidate
// crystals placed in the same coordinates. Everything a hull figure shows is computed here, none of it in src/viz.
import { atomicNumber, elementSymbol } from "../crystal/elements.js";
import {
  type CompositionLike, type PhaseDiagram, PhaseDiagramError, compositionFractions, energyAboveHull, systemKey,
} from "../metrics/stability/phase-diagram.js";
import { compositionFormula, hullPlacement } from "./hull-placement.js";

/** One reference entry of the slice. */
export interface HullSliceEntry {
  /** The entry's id ("mp-1234"; the element symbol for the elemental references; "" when it has none). */
  readonly id: string;
  /** Reduced formula (pymatgen rules). */
  readonly formula: string;
  /** Atomic fractions of the slice's elements, in the order of `HullSlice.elements` (summing to 1). */
  readonly fractions: readonly number[];
  /** Formation energy per atom (eV/atom). */
  readonly energyPerAtom: number;
  /** Energy above the hull of the references (eV/atom, ≥ 0). */
  readonly eAboveHull: number;
  /** A vertex of the lower hull: on the hull, and the first lowest entry of its composition. */
  readonly stable: boolean;
}

/** A candidate crystal placed in the slice. */
export interface HullSlicePoint {
  readonly id: string;
  readonly formula: string;
  /** Atomic fractions of the slice's elements, in the order of `HullSlice.elements`. */
  readonly fractions: readonly number[];
  /** Its formation energy per atom (eV/atom). */
  readonly energyPerAtom: number;
  /** Energy of the reference hull at its composition (eV/atom). */
  readonly hullEnergyPerAtom: number;
  /** energyPerAtom − hullEnergyPerAtom (eV/atom; negative below the reference hull). */
  readonly eAboveHull: number;
}

/** A candidate for hullSlice: a composition with a formation energy per atom (eV/atom). */
export interface HullSliceCandidate {
  readonly id: string;
  readonly composition: CompositionLike;
  readonly energyPerAtom: number;
}

/** A binary or ternary slice of a phase diagram. */
export interface HullSlice {
  /** Atomic numbers of the system, ordered as its chemical system (symbols alphabetically, as pymatgen). */
  readonly elements: readonly number[];
  /** The chemical system, e.g. "Ca-N-O". */
  readonly chemicalSystem: string;
  /** Every reference entry of the system and its subsystems, the elements included (entries repeated with the same id, composition and energy kept once). */
  readonly entries: readonly HullSliceEntry[];
  /**
   * Facets of the lower hull as indices into `entries` (stable entries only): segments [i, j] of a binary ordered by
   * composition, triangles [i, j, k] of a ternary; vertices and facets sorted by the fractions of the second, then the third element.
   */
  readonly facets: readonly (readonly number[])[];
  /** The candidates whose elements all lie in the system, in the order given (the others are not placed). */
  readonly points: readonly HullSlicePoint[];
}

/** Energies within this of the hull (eV/atom) count as on it. */
const ON_HULL = 1e-9;
/** Composition keys round fractions to this many decimals. */
const KEY_DIGITS = 9;

/** The atomic numbers of a chemical system given as "Ca-N-O", ["Ca", "N", "O"] or [20, 7, 8], ordered by symbol. */
function systemElements(system: string | readonly (string | number)[]): number[] {
  const parts = typeof system === "string" ? system.split("-").map((s) => s.trim()) : system;
  const zs = [...new Set(parts.map((p) => (typeof p === "number" ? p : atomicNumber(p))))];
  return zs.sort((a, b) => (elementSymbol(a) < elementSymbol(b) ? -1 : elementSymbol(a) > elementSymbol(b) ? 1 : 0));
}

/** Atomic fractions (Z → fraction) in the order of `elements`, or null when they hold another element. */
function sliceFractions(elements: readonly number[], fractions: ReadonlyMap<number, number>): number[] | null {
  if ([...fractions.keys()].some((z) => !elements.includes(z))) return null;
  return elements.map((z) => fractions.get(z) ?? 0);
}

/** Indices into `pd.entries` of every entry of the system and its subsystems, in the phase diagram's order. */
function entriesWithin(pd: PhaseDiagram, elements: readonly number[]): number[] {
  const found: number[] = [];
  for (let mask = 1; mask < 1 << elements.length; mask++) found.push(...(pd.bySystem.get(systemKey(elements.filter((_, i) => mask & (1 << i)))) ?? []));
  return found.sort((a, b) => a - b);
}

/** Orders compositions by the fraction of the second element, then the third. */
function compareFractions(a: readonly number[], b: readonly number[]): number {
  for (let d = 1; d < a.length; d++) if (a[d] !== b[d]) return a[d]! - b[d]!;
  return 0;
}

/** Solves the k × k system A x = b by Gaussian elimination with partial pivoting; null when (nearly) singular. */
function solve(A: number[][], b: number[]): number[] | null {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    if (Math.abs(M[p]![c]!) < 1e-10) return null;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / M[c]![c]!;
      for (let j = c; j <= k; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((row, i) => row[k]! / row[i]!);
}

/** All k-element subsets of 0…n−1, in lexicographic order. */
function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length === k) out.push([...chosen]);
    else for (let i = start; i < n; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

/**
 * Facets of the lower convex hull of points (composition coordinates `x`, k − 1 of them, and energy `e`): every set of
 * k points spanning a non-degenerate simplex whose plane has no point below it. Energies are lifted by 10⁻⁷·|x|²
 * first, so that exactly coplanar points (ties) are split as a Delaunay triangulation would, never into overlapping facets.
 */
function lowerHullFacets(x: readonly number[][], e: readonly number[]): number[][] {
  const k = (x[0]?.length ?? 0) + 1;
  const lifted = e.map((v, i) => v + 1e-7 * x[i]!.reduce((s, t) => s + t * t, 0));
  return subsets(x.length, k).filter((set) => {
    const plane = solve(set.map((i) => [1, ...x[i]!]), set.map((i) => lifted[i]!));
    if (!plane) return false;
    return x.every((p, j) => set.includes(j) || lifted[j]! - (plane[0]! + p.reduce((s, t, d) => s + plane[d + 1]! * t, 0)) >= -ON_HULL);
  });
}

/**
 * The slice of a phase diagram of formation energies (eV/atom) over one binary or ternary chemical system: its
 * reference entries with their energies above the hull, the stable ones (pymatgen's `PhaseDiagram.stable_entries`) and
 * the facets of the lower hull (`PhaseDiagram.facets`), and `candidates` (e.g. generated crystals) placed in the same
 * composition coordinates with their hull energies (hullPlacement on `pd`).
 * @throws RangeError when the system does not have 2 or 3 elements; PhaseDiagramError when an element of it has no
 *   reference entry; UnknownElementError for a bad symbol.
 */
export function hullSlice(
  pd: PhaseDiagram,
  system: string | readonly (string | number)[],
  candidates: readonly HullSliceCandidate[] = [],
): HullSlice {
  const elements = systemElements(system);
  if (elements.length < 2 || elements.length > 3) throw new RangeError(`hullSlice: a binary or ternary system is needed (got ${elements.map(elementSymbol).join("-") || "none"})`);
  const chemicalSystem = elements.map(elementSymbol).join("-");
  const seen = new Set<string>();
  const raw: { id: string; composition: CompositionLike; fractions: number[]; energyPerAtom: number; key: string }[] = [];
  for (const index of entriesWithin(pd, elements)) {
    const { entry } = pd.entries[index]!;
    const fractions = sliceFractions(elements, pd.entries[index]!.fractions)!;
    const key = fractions.map((f) => f.toFixed(KEY_DIGITS)).join(",");
    const id = entry.id ?? "";
    const identity = `${id}|${key}|${entry.energyPerAtom}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    raw.push({ id, composition: entry.composition, fractions, energyPerAtom: entry.energyPerAtom, key });
  }
  for (const z of elements)
    if (!raw.some((r) => r.fractions[elements.indexOf(z)] === 1)) throw new PhaseDiagramError(`hullSlice: no reference entry for the element ${elementSymbol(z)}`);
  const lowest = new Map<string, number>();
  raw.forEach((r, i) => {
    const best = lowest.get(r.key);
    if (best === undefined || r.energyPerAtom < raw[best]!.energyPerAtom) lowest.set(r.key, i);
  });
  const entries: HullSliceEntry[] = raw.map((r, i) => {
    const eAboveHull = Math.max(0, energyAboveHull(pd, r.composition, r.energyPerAtom));
    return { id: r.id, formula: compositionFormula(r.composition), fractions: r.fractions, energyPerAtom: r.energyPerAtom, eAboveHull, stable: lowest.get(r.key) === i && eAboveHull <= ON_HULL };
  });
  const stable = entries.flatMap((e, i) => (e.stable ? [i] : []));
  const byComposition = (i: number, j: number) => compareFractions(entries[i]!.fractions, entries[j]!.fractions);
  const facets = lowerHullFacets(stable.map((i) => entries[i]!.fractions.slice(1)), stable.map((i) => entries[i]!.energyPerAtom))
    .map((f) => f.map((j) => stable[j]!).sort(byComposition))
    .sort((a, b) => a.reduce((d, i, k) => d || byComposition(i, b[k]!), 0));
  const points: HullSlicePoint[] = candidates.flatMap((c) => {
    const fractions = sliceFractions(elements, compositionFractions(c.composition));
    if (!fractions) return [];
    const p = hullPlacement(pd, c.composition, c.energyPerAtom);
    return [{ id: c.id, formula: p.formula, fractions, energyPerAtom: c.energyPerAtom, hullEnergyPerAtom: p.hullEnergyPerAtom, eAboveHull: p.eAboveHull }];
  });
  return { elements, chemicalSystem, entries, facets, points };
}

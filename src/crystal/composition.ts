import { element, elementSymbol } from "./elements.js";

/** Element counts of a cell: distinct atomic numbers in ascending Z with their amounts (occupancy-weighted). */
export interface Composition {
  /** Atomic numbers, ascending. */
  readonly elements: readonly number[];
  /** Amount of each element in the cell (atoms; fractional for partial occupancy). */
  readonly amounts: readonly number[];
}

/** Composition of a list of species (Z per site), optionally weighted by site occupancy. */
export function composition(species: ArrayLike<number>, occupancies?: ArrayLike<number>): Composition {
  const counts = new Map<number, number>();
  for (let i = 0; i < species.length; i++) counts.set(species[i]!, (counts.get(species[i]!) ?? 0) + (occupancies ? occupancies[i]! : 1));
  const elements = [...counts.keys()].sort((a, b) => a - b);
  return { elements, amounts: elements.map((z) => counts.get(z)!) };
}

/** Greatest common divisor of non-negative integers (0 for an empty list). */
export function gcd(values: readonly number[]): number {
  let g = 0;
  for (let v of values) {
    v = Math.abs(v);
    while (v) [g, v] = [v, g % v];
  }
  return g;
}

/** Composition divided by the gcd of its integer amounts (metrics-spec §1.3); non-integer amounts are left as they are. */
export function reducedComposition(c: Composition): Composition & { readonly factor: number } {
  const integral = c.amounts.every((a) => Math.abs(a - Math.round(a)) < 1e-8);
  const factor = integral ? gcd(c.amounts.map(Math.round)) || 1 : 1;
  return { elements: c.elements, amounts: c.amounts.map((a) => (integral ? Math.round(a) / factor : a)), factor };
}

/** Atomic fraction of each element of a composition (same order as `elements`). */
export function atomicFractions(c: Composition): number[] {
  const total = c.amounts.reduce((s, a) => s + a, 0);
  return c.amounts.map((a) => a / total);
}

/** Number of distinct elements. */
export function numElements(species: ArrayLike<number>): number {
  return new Set(Array.from(species)).size;
}

// pymatgen writes these molecular formulae for the reduced compositions of peroxides and diatomic elements.
const SPECIAL_FORMULAS: Record<string, string> = {
  LiO: "Li2O2", NaO: "Na2O2", KO: "K2O2", HO: "H2O2", CsO: "Cs2O2", RbO: "Rb2O2",
  O: "O2", N: "N2", F: "F2", Cl: "Cl2", H: "H2",
};

/** Amount as pymatgen prints it: 1 → "", 2 → "2", 0.5 → "0.5". */
function formatAmount(x: number): string {
  if (Math.abs(x - 1) < 1e-8) return "";
  if (Math.abs(x - Math.round(x)) < 1e-8) return String(Math.round(x));
  return String(Number(x.toFixed(8)));
}

/**
 * Python's `sorted` for fewer than 64 items (CPython's timsort: one natural run, then binary insertion), with a
 * less-than that may be inconsistent. pymatgen sorts formula elements by the key [χ, symbol]; an element without χ
 * (NaN: He, Ne, Ar, Pm, Rn, Lr …) compares "not less" either way, so its place depends on the input order — emulated here.
 */
function pythonSmallSort<T>(items: readonly T[], lt: (a: T, b: T) => boolean): T[] {
  const a = [...items];
  const n = a.length;
  if (n < 2) return a;
  let run = 2;
  if (lt(a[1]!, a[0]!)) {
    while (run < n && lt(a[run]!, a[run - 1]!)) run++;
    a.splice(0, run, ...a.slice(0, run).reverse());
  } else {
    while (run < n && !lt(a[run]!, a[run - 1]!)) run++;
  }
  for (let i = run; i < n; i++) {
    const pivot = a[i]!;
    let lo = 0;
    let hi = i;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lt(pivot, a[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    a.splice(i, 1);
    a.splice(lo, 0, pivot);
  }
  return a;
}

/**
 * Atomic numbers in pymatgen's formula order, starting from first-appearance order: by [Pauling χ, symbol] for reduced
 * formulas, by χ alone (ties keep their order) for `Composition.formula`.
 */
function byElectronegativity(zs: readonly number[], symbolTieBreak = true): number[] {
  const lt = (p: number, q: number) => {
    const [xp, xq] = [element(p).pauling, element(q).pauling];
    return xp === xq ? symbolTieBreak && elementSymbol(p) < elementSymbol(q) : xp < xq;
  };
  return pythonSmallSort(zs, lt);
}

/** Distinct species in order of first appearance, with their (occupancy-weighted) amounts. */
function amountsInSiteOrder(species: ArrayLike<number>, occupancies?: ArrayLike<number>): Map<number, number> {
  const amounts = new Map<number, number>();
  for (let i = 0; i < species.length; i++) amounts.set(species[i]!, (amounts.get(species[i]!) ?? 0) + (occupancies ? occupancies[i]! : 1));
  return amounts;
}

function formulaFromAmounts(amounts: Map<number, number>): { formula: string; factor: number } {
  const zs = byElectronegativity([...amounts.keys()].filter((z) => Math.abs(amounts.get(z)!) > 1e-8));
  const values = zs.map((z) => amounts.get(z)!);
  const integral = values.every((v) => Number.isInteger(v));
  const factor = integral ? gcd(values) || 1 : 1;
  let poly = "";
  let kept = zs;
  // A trailing pair of close electronegativities forms a polyanion, e.g. Li3PO4 vs LiFe(PO4) (pymatgen's rule: Δχ < 1.65).
  if (zs.length >= 3 && element(zs[zs.length - 1]!).pauling - element(zs[zs.length - 2]!).pauling < 1.65) {
    const pair = new Map(zs.slice(-2).map((z) => [z, amounts.get(z)! / factor]));
    const inner = formulaFromAmounts(pair);
    if (inner.factor !== 1) {
      poly = `(${inner.formula})${Math.trunc(inner.factor)}`;
      kept = zs.slice(0, -2);
    }
  }
  const body = kept.map((z) => elementSymbol(z) + formatAmount(amounts.get(z)! / factor)).join("");
  return { formula: body + poly, factor };
}

/**
 * Reduced formula in pymatgen's convention (`Composition.reduced_formula`): elements ordered by electronegativity,
 * amounts divided by their gcd, polyanions in brackets, peroxides and diatomic elements written molecularly.
 */
export function reducedFormula(species: ArrayLike<number>, occupancies?: ArrayLike<number>): string {
  const amounts = amountsInSiteOrder(species, occupancies);
  const integral = [...amounts.values()].every((a) => Math.abs(a - Math.round(a)) < 1e-8);
  if (!integral) return fullFormula(species, occupancies).replace(/ /g, "");
  const { formula } = formulaFromAmounts(new Map([...amounts].map(([z, a]) => [z, Math.round(a)])));
  return SPECIAL_FORMULAS[formula] ?? formula;
}

/** Full cell formula in pymatgen's `Composition.formula` style, e.g. "Sr1 Ti1 O3". */
export function fullFormula(species: ArrayLike<number>, occupancies?: ArrayLike<number>): string {
  const amount = amountsInSiteOrder(species, occupancies);
  return byElectronegativity([...amount.keys()], false)
    .map((z) => elementSymbol(z) + (Number.isInteger(amount.get(z)!) ? String(amount.get(z)) : String(Number(amount.get(z)!.toFixed(8)))))
    .join(" ");
}

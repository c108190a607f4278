// An enumerated composition space on a cubic prototype: every combination of the given elements per role, charges from
// the Shannon table, the lattice constant and a fitness factor (Goldschmidt tolerance for perovskites) from the radii.
import { reducedFormula } from "../crystal/composition.js";
import { tryAtomicNumber } from "../crystal/elements.js";
import { type Structure, withStructure, wrapStructure } from "../crystal/structure.js";
import { standardPrimitiveCell } from "../crystal/symmetry/analyze.js";
import { structureFromWyckoff } from "../crystal/symmetry/structure-from-wyckoff.js";
import { ScreeningInputError } from "./errors.js";
import { ionName, shannonRadius, tabulatedCharges } from "./ionic-radii.js";
import { type CubicPrototype, cubicPrototype } from "./prototypes.js";

/** Why an element combination gave no candidate (null in a row when it did). */
export type EnumerationRejection = "repeated_element" | "no_charge_balance" | "outside_window";

/** One element combination of the space, built or not. */
export interface EnumerationRow {
  /** `enum-PROTOTYPE-FORMULA`, e.g. "enum-perovskite-SrTiO3". */
  readonly id: string;
  readonly prototype: string;
  /** Reduced formula (pymatgen rules). */
  readonly formula: string;
  /** The ions whose radii were used, roles in alphabetical order, e.g. "Sr+2 Ti+4 O-2"; null without charge balance. */
  readonly ions: string | null;
  /** Lattice constant a (Å); null without charge balance. */
  readonly latticeConstant: number | null;
  /** Name of the prototype's fitness factor ("tolerance_factor", "radius_ratio"). */
  readonly factorName: string;
  /** The fitness factor; null without charge balance. */
  readonly factor: number | null;
  readonly rejected: EnumerationRejection | null;
}

/** Options of enumeratePrototypeCompositions. */
export interface EnumerationOptions {
  /** Keep only candidates whose fitness factor lies in [lo, hi] (e.g. [0.8, 1.06] for the tolerance factor); default: keep all. */
  window?: readonly [number, number];
}

/** The enumerated space: the built candidates (properties: id, prototype, formula, ions, lattice constant, factor) and a row per combination. */
export interface Enumeration {
  readonly structures: Structure[];
  readonly rows: EnumerationRow[];
}

function multiplicity(wyckoff: string): number {
  return Number(/^\d+/.exec(wyckoff)![0]);
}

/** Cartesian product of lists, first list outermost. */
function product<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

/** The first charge assignment (first role's charge lowest, then the next …) that is neutral and has every radius. */
function chargeBalance(proto: CubicPrototype, elements: readonly string[]): { charges: number[]; radii: Record<string, number> } | undefined {
  const options = proto.sites.map((site, k) => tabulatedCharges(elements[k]!).filter((q) => Math.sign(q) === site.sign));
  for (const charges of product(options)) {
    if (charges.reduce((s, q, k) => s + q * multiplicity(proto.sites[k]!.wyckoff), 0) !== 0) continue;
    const radii: Record<string, number> = {};
    proto.sites.forEach((site, k) => (radii[site.role] = shannonRadius(elements[k]!, charges[k]!, site.coordination)!));
    return { charges, radii };
  }
  return undefined;
}

/**
 * Every combination of `elements[role]` on the prototype's roles (|A|·|B|·|X| rows for the perovskite, role lists in
 * the prototype's own role order A, B, X as given), each built as the radii-scaled primitive cell when its elements
 * differ and have a charge-balanced set of Shannon ions, and its fitness factor lies in `window`.
 * @throws ScreeningInputError for an unknown prototype, a missing or extra role, an empty list, an unknown or repeated element
 */
export function enumeratePrototypeCompositions(prototype: string, elements: Readonly<Record<string, readonly string[]>>, options: EnumerationOptions = {}): Enumeration {
  const proto = cubicPrototype(prototype);
  const roles = proto.sites.map((s) => s.role);
  const extra = Object.keys(elements).filter((r) => !roles.includes(r));
  if (extra.length) throw new ScreeningInputError(`${prototype}: unknown role ${extra[0]} (roles: ${roles.join(", ")})`);
  for (const role of roles) {
    const list = elements[role];
    if (!list || list.length === 0) throw new ScreeningInputError(`${prototype}: role ${role} needs at least one element (roles: ${roles.join(", ")})`);
    const unknown = list.find((el) => tryAtomicNumber(el) === undefined);
    if (unknown !== undefined) throw new ScreeningInputError(`${prototype}: unknown element "${unknown}" for role ${role}`);
    const repeated = list.find((el, i) => list.indexOf(el) !== i);
    if (repeated !== undefined) throw new ScreeningInputError(`${prototype}: element ${repeated} listed twice for role ${role}`);
  }
  const displayOrder = [...roles].sort(); // A, B, X: the order the user names them
  const structures: Structure[] = [];
  const rows: EnumerationRow[] = [];
  for (const chosen of product(displayOrder.map((r) => elements[r]!))) {
    const byRole = new Map(displayOrder.map((r, k) => [r, chosen[k]!]));
    const siteElements = roles.map((r) => byRole.get(r)!);
    const species = proto.sites.flatMap((s, k) => new Array<number>(multiplicity(s.wyckoff)).fill(tryAtomicNumber(siteElements[k]!)!));
    const formula = reducedFormula(species);
    const base = { id: `enum-${prototype}-${formula}`, prototype, formula, factorName: proto.factorName };
    if (new Set(siteElements).size < siteElements.length) {
      rows.push({ ...base, ions: null, latticeConstant: null, factor: null, rejected: "repeated_element" });
      continue;
    }
    const balance = chargeBalance(proto, siteElements);
    if (!balance) {
      rows.push({ ...base, ions: null, latticeConstant: null, factor: null, rejected: "no_charge_balance" });
      continue;
    }
    const chargeOf = new Map(roles.map((r, k) => [r, balance.charges[k]!]));
    const ions = displayOrder.map((r) => ionName(byRole.get(r)!, chargeOf.get(r)!)).join(" ");
    const a = proto.latticeConstant(balance.radii);
    const factor = proto.factor(balance.radii);
    const inWindow = !options.window || (factor >= options.window[0] && factor <= options.window[1]);
    rows.push({ ...base, ions, latticeConstant: a, factor, rejected: inWindow ? null : "outside_window" });
    if (!inWindow) continue;
    const conventional = structureFromWyckoff({
      spaceGroup: proto.spaceGroup,
      lattice: { a, b: a, c: a, alpha: 90, beta: 90, gamma: 90 },
      sites: proto.sites.map((s, k) => ({ element: siteElements[k]!, wyckoff: s.wyckoff })),
    });
    const primitive = wrapStructure(standardPrimitiveCell(conventional, { symprec: 1e-3 }));
    structures.push(withStructure(primitive, { properties: { id: base.id, prototype, formula, ions, lattice_constant: a, [proto.factorName]: factor } }));
  }
  return { structures, rows };
}

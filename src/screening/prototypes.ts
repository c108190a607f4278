// Cubic structure prototypes a composition space is enumerated on: one registry entry per prototype.
import type { ShannonCoordination } from "../crystal/data/shannon-radii.js";
import { ScreeningInputError } from "./errors.js";

/** One occupied Wyckoff orbit of a prototype: the role an element plays there, its coordination and charge sign. */
export interface PrototypeSite {
  /** Role name in enumeration specs ("A", "B", "X"). */
  readonly role: string;
  /** Wyckoff position with its multiplicity, ITA standard setting (e.g. "3d"). */
  readonly wyckoff: string;
  /** Coordination whose Shannon radius the role takes. */
  readonly coordination: ShannonCoordination;
  /** +1 for a cation role, −1 for an anion role. */
  readonly sign: 1 | -1;
}

/** A cubic prototype: space group, sites, the lattice constant and a geometric fitness factor from the ionic radii. */
export interface CubicPrototype {
  readonly name: string;
  readonly summary: string;
  /** ITA space-group number. */
  readonly spaceGroup: number;
  /** Sites in the order of the bundled prototypes builder. */
  readonly sites: readonly PrototypeSite[];
  /** Conventional cubic lattice constant a (Å) from the radii (Å) per role. */
  latticeConstant(radii: Readonly<Record<string, number>>): number;
  /** Name of the fitness factor (a column of the enumeration table). */
  readonly factorName: string;
  /** The fitness factor (dimensionless) from the radii (Å) per role. */
  factor(radii: Readonly<Record<string, number>>): number;
}

const PROTOTYPES: ReadonlyMap<string, CubicPrototype> = new Map(
  ([
    {
      name: "perovskite",
      summary: "cubic perovskite ABX3 (Pm-3m): B at 1a (0,0,0), A at 1b (½,½,½), X at 3d; a = 2(r_B + r_X)",
      spaceGroup: 221,
      sites: [
        { role: "B", wyckoff: "1a", coordination: "VI", sign: 1 },
        { role: "A", wyckoff: "1b", coordination: "XII", sign: 1 },
        { role: "X", wyckoff: "3d", coordination: "VI", sign: -1 },
      ],
      latticeConstant: (r) => 2 * (r.B! + r.X!),
      factorName: "tolerance_factor",
      factor: (r) => (r.A! + r.X!) / (Math.SQRT2 * (r.B! + r.X!)), // Goldschmidt, Naturwissenschaften 14, 477 (1926)
    },
    {
      name: "rocksalt",
      summary: "rock salt AX (Fm-3m): A at 4a, X at 4b, both octahedral; a = 2(r_A + r_X)",
      spaceGroup: 225,
      sites: [
        { role: "A", wyckoff: "4a", coordination: "VI", sign: 1 },
        { role: "X", wyckoff: "4b", coordination: "VI", sign: -1 },
      ],
      latticeConstant: (r) => 2 * (r.A! + r.X!),
      factorName: "radius_ratio",
      factor: (r) => r.A! / r.X!,
    },
  ] satisfies CubicPrototype[]).map((p): [string, CubicPrototype] => [p.name, p]),
);

/** Names of the registered prototypes. */
export function prototypeNames(): string[] {
  return [...PROTOTYPES.keys()];
}

/** The registered prototype of that name. @throws ScreeningInputError naming the known prototypes */
export function cubicPrototype(name: string): CubicPrototype {
  const p = PROTOTYPES.get(name);
  if (!p) throw new ScreeningInputError(`unknown prototype "${name}" (known: ${prototypeNames().join(", ")})`);
  return p;
}

// The free lattice parameters of each crystal system (ITA standard settings: monoclinic unique axis b, trigonal groups
// on hexagonal axes) and the conventional lattice they determine.
import type { LatticeParameters } from "../../crystal/lattice.js";
import { spaceGroupInfo } from "../../crystal/symmetry/index.js";

/** One free lattice parameter. */
export type LatticeSlot = "a" | "b" | "c" | "alpha" | "beta" | "gamma";

const FREE: Readonly<Record<string, readonly LatticeSlot[]>> = {
  Triclinic: ["a", "b", "c", "alpha", "beta", "gamma"],
  Monoclinic: ["a", "b", "c", "beta"],
  Orthorhombic: ["a", "b", "c"],
  Tetragonal: ["a", "c"],
  Trigonal: ["a", "c"],
  Hexagonal: ["a", "c"],
  Cubic: ["a"],
};

const cache = new Map<number, readonly LatticeSlot[]>();

/** The free lattice parameters of space group 1–230, in the order a, b, c, α, β, γ. */
export function latticeSlots(spaceGroup: number): readonly LatticeSlot[] {
  let s = cache.get(spaceGroup);
  if (!s) cache.set(spaceGroup, (s = FREE[spaceGroupInfo(spaceGroup).crystalSystem]!));
  return s;
}

/** The conventional lattice parameters (Å, degrees) of space group `spaceGroup` from its free ones (latticeSlots order). */
export function latticeFromSlots(spaceGroup: number, values: readonly number[]): LatticeParameters {
  const v = Object.fromEntries(latticeSlots(spaceGroup).map((k, i) => [k, values[i]!])) as Partial<Record<LatticeSlot, number>>;
  const a = v.a!;
  const hexagonal = ["Trigonal", "Hexagonal"].includes(spaceGroupInfo(spaceGroup).crystalSystem);
  return { a, b: v.b ?? a, c: v.c ?? a, alpha: v.alpha ?? 90, beta: v.beta ?? 90, gamma: v.gamma ?? (hexagonal ? 120 : 90) };
}

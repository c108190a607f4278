import type { LatticeParameters } from "../lattice.js";
import { spaceGroupInfo } from "./space-groups.js";

/**
 * Lattice parameters (Å, degrees) made exactly compatible with the crystal system of space group `number` in its ITA
 * standard setting: right angles (monoclinic: α = γ = 90°, unique axis b), equal lengths averaged (tetragonal a = b,
 * cubic a = b = c), hexagonal axes (a = b, γ = 120°) for trigonal and hexagonal groups. moyo idealises most
 * standardised cells but leaves monoclinic α, γ a few hundredths of a degree off, which breaks the 2-fold axis
 * at tight tolerances once sites are placed exactly on their Wyckoff positions.
 */
export function idealLatticeParameters(number: number, p: LatticeParameters): LatticeParameters {
  const system = spaceGroupInfo(number).crystalSystem;
  const mean = (...xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  switch (system) {
    case "Triclinic":
      return { ...p };
    case "Monoclinic":
      return { ...p, alpha: 90, gamma: 90 };
    case "Orthorhombic":
      return { ...p, alpha: 90, beta: 90, gamma: 90 };
    case "Tetragonal": {
      const a = mean(p.a, p.b);
      return { a, b: a, c: p.c, alpha: 90, beta: 90, gamma: 90 };
    }
    case "Trigonal":
    case "Hexagonal": {
      const a = mean(p.a, p.b);
      return { a, b: a, c: p.c, alpha: 90, beta: 90, gamma: 120 };
    }
    default: {
      const a = mean(p.a, p.b, p.c);
      return { a, b: a, c: a, alpha: 90, beta: 90, gamma: 90 };
    }
  }
}

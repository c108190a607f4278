// Random conventional lattices of a crystal system: random shape, then scaled to the volume wanted.
import { type Lattice, latticeFromParameters, scaleLatticeToVolume } from "../../crystal/lattice.js";
import type { Rng } from "../../util/random.js";

/** Axis ratios b/a and c/a are drawn log-uniformly in [1/RATIO_RANGE, RATIO_RANGE] (our choice). */
const RATIO_RANGE = 2;
/** Free angles are drawn uniformly in [60°, 120°] (our choice). */
const ANGLE_RANGE: readonly [number, number] = [60, 120];
/** Smallest accepted (cell volume / (abc))² of a triclinic draw, so the cell is not nearly flat. */
const MIN_TRICLINIC_SHAPE = 0.2;

/**
 * A random conventional lattice of the crystal system (moyo's names: "Triclinic" … "Cubic"; trigonal groups on
 * hexagonal axes, monoclinic with unique axis b, as the ITA standard settings) of volume `volume` (Å³).
 */
export function randomConventionalLattice(crystalSystem: string, volume: number, random: Rng): Lattice {
  const ratio = () => Math.exp((2 * random.next() - 1) * Math.log(RATIO_RANGE));
  const angle = () => ANGLE_RANGE[0] + random.next() * (ANGLE_RANGE[1] - ANGLE_RANGE[0]);
  let p: [number, number, number, number, number, number];
  switch (crystalSystem) {
    case "Cubic":
      p = [1, 1, 1, 90, 90, 90];
      break;
    case "Tetragonal":
      p = [1, 1, ratio(), 90, 90, 90];
      break;
    case "Trigonal":
    case "Hexagonal":
      p = [1, 1, ratio(), 90, 90, 120];
      break;
    case "Orthorhombic":
      p = [1, ratio(), ratio(), 90, 90, 90];
      break;
    case "Monoclinic":
      p = [1, ratio(), ratio(), 90, angle(), 90];
      break;
    default:
      p = [1, ratio(), ratio(), angle(), angle(), angle()];
      while (triclinicShape(p[3], p[4], p[5]) < MIN_TRICLINIC_SHAPE) p = [p[0], p[1], p[2], angle(), angle(), angle()];
  }
  return scaleLatticeToVolume(latticeFromParameters(...p), volume);
}

/** 1 − cos²α − cos²β − cos²γ + 2 cos α cos β cos γ: (V / abc)², zero for a flat cell. */
function triclinicShape(alpha: number, beta: number, gamma: number): number {
  const [ca, cb, cg] = [alpha, beta, gamma].map((x) => Math.cos((x * Math.PI) / 180)) as [number, number, number];
  return 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
}

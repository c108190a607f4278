// Between crystals and the GAN's fixed-size arrays: training crystals as standardised lattice parameters, fractional
// coordinates and element indices; generator output decoded into Structures (argmax or a categorical draw per atom).
import { latticeFromMatrix } from "../../crystal/lattice.js";
import { type Structure, makeStructure } from "../../crystal/structure.js";
import type { Rng } from "../../util/random.js";
import { repairDegenerateCells, wrapUnit } from "../common/cell-repair.js";
import { SMACT_PAULING } from "../../metrics/data/smact.js";
import { type LatticeParamStats, latticesFromStandard, standardLatticeParams } from "../flowmm/lattice-params.js";

/** Training crystals as flat arrays: lattice [M·6] (standardised), frac [M·N·3] in [0, 1), element index [M·N]. */
export interface CrystalArrays {
  count: number;
  lattice: Float32Array;
  frac: Float32Array;
  types: Int32Array;
}

/** How an atom's element is read from its logits: the most probable, or a draw from softmax(logits). */
export type ElementDraw = "argmax" | "sample";

/**
 * The order in which a crystal's atoms fill the generator's slots: by Pauling electronegativity (elements without a value
 * last), ties by atomic number, then by input order — so that slot i holds atoms of one chemical role across crystals
 * (perov_5: the two cations, then the three anions).
 */
export function slotOrder(species: ArrayLike<number>): number[] {
  const en = (z: number) => (Number.isFinite(SMACT_PAULING[z]!) ? SMACT_PAULING[z]! : Infinity);
  return Array.from({ length: species.length }, (_, i) => i).sort((a, b) => en(species[a]!) - en(species[b]!) || species[a]! - species[b]! || a - b);
}

/** The elements (atomic numbers, ascending) found at each slot of the training crystals: slot i's vocabulary. */
export function slotElements(structures: readonly Structure[], numAtoms: number): number[][] {
  const seen = Array.from({ length: numAtoms }, () => new Set<number>());
  for (const s of structures) slotOrder(s.species).forEach((atom, slot) => seen[slot]!.add(s.species[atom]!));
  return seen.map((set) => [...set].sort((a, b) => a - b));
}

/** The arrays of crystals that all have `numAtoms` atoms of the given elements (Niggli-reduced cells, FlowMM's convention), atoms in slot order. */
export function crystalArrays(structures: readonly Structure[], numAtoms: number, elements: readonly number[], stats: LatticeParamStats): CrystalArrays {
  const M = structures.length;
  const index = new Map(elements.map((z, k) => [z, k]));
  const out: CrystalArrays = { count: M, lattice: new Float32Array(6 * M), frac: new Float32Array(3 * numAtoms * M), types: new Int32Array(numAtoms * M) };
  structures.forEach((s, m) => {
    out.lattice.set(standardLatticeParams(s.lattice.matrix, stats), 6 * m);
    slotOrder(s.species).forEach((atom, slot) => {
      out.frac.set(s.fracCoords.subarray(3 * atom, 3 * atom + 3), 3 * (numAtoms * m + slot));
      out.types[numAtoms * m + slot] = index.get(s.species[atom]!)!;
    });
  });
  return out;
}

/**
 * Crystals from generator output for B crystals of N atoms and K elements: standardised lattice parameters [B·6],
 * fractional coordinates [B·N·3] (wrapped into [0, 1)) and element logits [B·N·K]; degenerate cells are inflated.
 */
export function decodeCrystals(
  out: { lattice: Float32Array; frac: Float32Array; logits: Float32Array }, N: number, elements: readonly number[], stats: LatticeParamStats, draw: ElementDraw, random: Rng,
): Structure[] {
  const K = elements.length;
  const B = out.lattice.length / 6;
  const lattices = repairDegenerateCells(latticesFromStandard(out.lattice, stats));
  const frac = wrapUnit(out.frac);
  return Array.from({ length: B }, (_, b) => {
    const species = Array.from({ length: N }, (_, i) => elements[pickElement(out.logits.subarray((b * N + i) * K, (b * N + i + 1) * K), draw, random)]!);
    return makeStructure({ lattice: latticeFromMatrix(lattices.subarray(9 * b, 9 * b + 9)), species, fracCoords: frac.subarray(3 * N * b, 3 * N * (b + 1)) });
  });
}

/** The index of the largest logit, or a draw from softmax(logits). */
export function pickElement(logits: ArrayLike<number>, draw: ElementDraw, random: Rng): number {
  let best = 0;
  for (let k = 1; k < logits.length; k++) if (logits[k]! > logits[best]!) best = k;
  if (draw === "argmax") return best;
  const weights = Array.from(logits, (v) => Math.exp(v - logits[best]!));
  let u = random.next() * weights.reduce((a, b) => a + b, 0);
  const k = weights.findIndex((w) => (u -= w) < 0);
  return k < 0 ? best : k;
}

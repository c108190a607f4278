// The fixed-size state encoding the policy reads: chosen group (one-hot) and its crystal system, the stage, the atoms
// per allowed element (÷ maxAtoms), the last element chosen (one-hot), the totals, and the chosen lattice bins.
import { spaceGroupInfo } from "../../crystal/symmetry/index.js";
import type { CrystalEnvironment, CrystalState } from "./environment.js";
import { LATTICE_PARAMETER_ORDER, freeLatticeParameters } from "./lattice-stage.js";

const CRYSTAL_SYSTEMS = ["Triclinic", "Monoclinic", "Orthorhombic", "Tetragonal", "Trigonal", "Hexagonal", "Cubic"];

/** Length of the encoding of the environment's states. */
export function encodingSize(env: CrystalEnvironment): number {
  const s = env.spec;
  return s.spaceGroups.length + CRYSTAL_SYSTEMS.length + 3 + 2 * s.elements.length + 2 + 3 * s.lengths.length + 3 * s.angles.length + LATTICE_PARAMETER_ORDER.length;
}

/** Writes the encoding of `state` into `out` at `offset` (out must be zero there). */
export function encodeState(env: CrystalEnvironment, state: CrystalState, out: Float32Array, offset: number): void {
  const s = env.spec;
  let o = offset;
  if (state.spaceGroup !== null) {
    out[o + s.spaceGroups.indexOf(state.spaceGroup)] = 1;
    out[o + s.spaceGroups.length + CRYSTAL_SYSTEMS.indexOf(spaceGroupInfo(state.spaceGroup).crystalSystem)] = 1;
  }
  o += s.spaceGroups.length + CRYSTAL_SYSTEMS.length;
  out[o + (state.spaceGroup === null ? 0 : state.compositionDone ? 2 : 1)] = 1;
  o += 3;
  let total = 0;
  for (const [e, k] of state.composition) {
    out[o + e] = k / s.maxAtoms;
    total += k;
  }
  o += s.elements.length;
  const last = state.composition[state.composition.length - 1];
  if (last) out[o + last[0]] = 1;
  o += s.elements.length;
  out[o] = total / s.maxAtoms;
  out[o + 1] = state.composition.length / s.maxElements;
  o += 2;
  const names = state.spaceGroup === null ? [] : freeLatticeParameters(spaceGroupInfo(state.spaceGroup).crystalSystem);
  state.latticeBins.forEach((b, i) => {
    const slot = LATTICE_PARAMETER_ORDER.indexOf(names[i]!);
    out[o + (slot < 3 ? slot * s.lengths.length : 3 * s.lengths.length + (slot - 3) * s.angles.length) + b] = 1;
  });
  o += 3 * s.lengths.length + 3 * s.angles.length;
  const next = state.compositionDone ? names[state.latticeBins.length] : undefined;
  if (next) out[o + LATTICE_PARAMETER_ORDER.indexOf(next)] = 1;
}

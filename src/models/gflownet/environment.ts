// The Crystal-GFN construction (Hernández-García et al., arXiv 2310.04925) as a tree-shaped DAG: a space group, then a
// composition (elements in ascending order of the allowed-element list, each with its count in the conventional cell,
// so every composition has exactly one trajectory and P_B = 1), then the lattice parameters the group's crystal system
// leaves free, one discretised bin at a time. Invalid actions are masked.
import { spaceGroupInfo } from "../../crystal/symmetry/index.js";
import { smactValidityOfCounts } from "../../metrics/validity/smact.js";
import { wyckoffAssignments } from "../random-symmetric/wyckoff-combinations.js";
import { type AllowedCounts, ChargeLookahead } from "./charge-lookahead.js";
import { type LatticeParameterName, MIN_TRICLINIC_SHAPE, cellShape, freeLatticeParameters, isAngle, sixLatticeParameters } from "./lattice-stage.js";

/** What the construction may choose from. */
export interface CrystalEnvironmentSpec {
  /** Allowed space-group numbers, ascending. */
  readonly spaceGroups: readonly number[];
  /** Allowed atomic numbers, ascending (the canonical order of the composition stage). */
  readonly elements: readonly number[];
  /** Most atoms in the conventional cell. */
  readonly maxAtoms: number;
  /** Fewest and most distinct elements of a composition. */
  readonly minElements: number;
  readonly maxElements: number;
  /** Length bins (Å) of a, b, c. */
  readonly lengths: readonly number[];
  /** Angle bins (degrees) of α, β, γ. */
  readonly angles: readonly number[];
}

/** A (partial) construction. Immutable. */
export interface CrystalState {
  /** Chosen space-group number, or null before the first action. */
  readonly spaceGroup: number | null;
  /** Chosen (index into spec.elements, atoms in the conventional cell) pairs, ascending index. */
  readonly composition: readonly (readonly [element: number, count: number])[];
  /** True once the composition is closed. */
  readonly compositionDone: boolean;
  /** True when the composition was closed at a dead end (no valid continuation): the crystal gets the floor reward. */
  readonly deadEnd: boolean;
  /** Chosen bin indices of the free lattice parameters, in choice order. */
  readonly latticeBins: readonly number[];
}

/** The empty construction. */
export const INITIAL_STATE: CrystalState = { spaceGroup: null, composition: [], compositionDone: false, deadEnd: false, latticeBins: [] };

/** Offsets of the action groups in the flat action vector. */
export interface ActionLayout {
  /** Space-group actions start here (one per allowed group). */
  readonly spaceGroup: number;
  /** Composition actions: element index e with count k at composition + e·maxAtoms + (k − 1). */
  readonly composition: number;
  /** Closing the composition. */
  readonly stop: number;
  /** A length bin (index = length + bin). */
  readonly length: number;
  /** An angle bin (index = angle + bin). */
  readonly angle: number;
  /** Number of actions. */
  readonly size: number;
}

/** The crystal construction environment: masks, transitions, terminal states. */
export class CrystalEnvironment {
  readonly layout: ActionLayout;
  private readonly stopCache = new Map<string, boolean>();
  private readonly maskCache = new Map<string, Uint8Array>();
  private readonly lookahead: ChargeLookahead;
  private readonly orbitSums = new Map<number, AllowedCounts>();

  constructor(readonly spec: CrystalEnvironmentSpec) {
    this.lookahead = new ChargeLookahead(spec.elements, spec.minElements);
    const g = spec.spaceGroups.length, c = g + spec.elements.length * spec.maxAtoms;
    this.layout = { spaceGroup: 0, composition: g, stop: c, length: c + 1, angle: c + 1 + spec.lengths.length, size: c + 1 + spec.lengths.length + spec.angles.length };
  }

  /** The free lattice parameters still to choose in a state whose composition is closed. */
  remainingLattice(state: CrystalState): readonly LatticeParameterName[] {
    return freeLatticeParameters(spaceGroupInfo(state.spaceGroup!).crystalSystem).slice(state.latticeBins.length);
  }

  /** True when every free lattice parameter is chosen. */
  isTerminal(state: CrystalState): boolean {
    return state.compositionDone && this.remainingLattice(state).length === 0;
  }

  /** The composition as (atomic number, atoms in the conventional cell) pairs, ascending Z. */
  counts(state: CrystalState): [number, number][] {
    return state.composition.map(([e, k]) => [this.spec.elements[e]!, k]);
  }

  /** The six lattice parameters (Å, degrees) of a terminal state's bins. */
  latticeParameters(state: CrystalState): [number, number, number, number, number, number] {
    const system = spaceGroupInfo(state.spaceGroup!).crystalSystem;
    const names = freeLatticeParameters(system);
    return sixLatticeParameters(system, state.latticeBins.map((b, i) => (isAngle(names[i]!) ? this.spec.angles : this.spec.lengths)[b]!));
  }

  /**
   * True when the composition may be closed: at least minElements elements, charge-neutral by SMACT (with the
   * Pauling test, all-metal compositions valid as alloys) and held by some Wyckoff assignment of the space group.
   */
  canStop(spaceGroup: number, counts: readonly (readonly [number, number])[]): boolean {
    if (counts.length < this.spec.minElements) return false;
    const key = `${spaceGroup}|${counts.join(";")}`;
    let ok = this.stopCache.get(key);
    if (ok === undefined) {
      ok = smactValidityOfCounts(counts.map(([z]) => z), counts.map(([, n]) => n)).valid && wyckoffAssignments(counts, spaceGroup, 1).length > 0;
      if (this.stopCache.size > 500_000) this.stopCache.clear();
      this.stopCache.set(key, ok);
    }
    return ok;
  }

  /**
   * The valid actions of a non-terminal state (1 = valid). Space group: an allowed group where some composition might
   * close (see the composition stage). Composition: an element
   * after the last one chosen with a count that Wyckoff orbits of the group can hold and that keeps the cell within
   * maxAtoms, such that the result can be closed now (canStop) or later elements (within maxAtoms and maxElements,
   * with such counts) can charge-balance it (ChargeLookahead); closing only when canStop.
   * A state where nothing is valid (a dead end the look-ahead missed) may only close, and the crystal gets the floor
   * reward. Lattice: a bin of the next free parameter (triclinic γ only where the cell is not nearly flat).
   */
  mask(state: CrystalState): Uint8Array {
    const m = new Uint8Array(this.layout.size);
    if (state.spaceGroup === null) this.spec.spaceGroups.forEach((g, i) => (m[i] = this.holdsSomeComposition(g) ? 1 : 0));
    else if (!state.compositionDone) return this.compositionMask(state);
    else this.latticeMask(state, m);
    return m;
  }

  private compositionMask(state: CrystalState): Uint8Array {
    const key = `${state.spaceGroup}|${state.composition.join(";")}`;
    const known = this.maskCache.get(key);
    if (known) return known;
    const { elements, maxAtoms, maxElements } = this.spec;
    const m = new Uint8Array(this.layout.size);
    const counts = this.counts(state);
    const total = counts.reduce((t, [, n]) => t + n, 0);
    const first = state.composition.length ? state.composition[state.composition.length - 1]![0] + 1 : 0;
    const allowed = this.orbitCounts(state.spaceGroup!);
    let any = false;
    for (let e = counts.length < maxElements ? first : elements.length; e < elements.length; e++)
      for (let k = 1; k <= maxAtoms - total; k++) {
        if (!allowed.counts.has(k)) continue;
        const next: [number, number][] = [...counts, [elements[e]!, k]];
        if (this.lookahead.canBalance(next, e + 1, maxAtoms - total - k, maxElements - next.length, allowed) || this.canStop(state.spaceGroup!, next)) {
          m[this.layout.composition + e * maxAtoms + k - 1] = 1;
          any = true;
        }
      }
    if (this.canStop(state.spaceGroup!, counts) || !any) m[this.layout.stop] = 1;
    if (this.maskCache.size > 100_000) this.maskCache.clear();
    this.maskCache.set(key, m);
    return m;
  }

  /** True when some composition of the allowed elements might be closed in the group (ChargeLookahead from the empty one). */
  private holdsSomeComposition(spaceGroup: number): boolean {
    return this.lookahead.canBalance([], 0, this.spec.maxAtoms, this.spec.maxElements, this.orbitCounts(spaceGroup));
  }

  /** The atom counts 1 … maxAtoms that Wyckoff orbits of the group can hold for one element (a necessary condition). */
  private orbitCounts(spaceGroup: number): AllowedCounts {
    let a = this.orbitSums.get(spaceGroup);
    if (!a) {
      const counts = new Set<number>();
      for (let k = 1; k <= this.spec.maxAtoms; k++) if (wyckoffAssignments([[1, k]], spaceGroup, 1).length > 0) counts.add(k);
      this.orbitSums.set(spaceGroup, (a = { tag: spaceGroup, counts }));
    }
    return a;
  }

  private latticeMask(state: CrystalState, m: Uint8Array): void {
    const name = this.remainingLattice(state)[0]!;
    if (!isAngle(name)) {
      m.fill(1, this.layout.length, this.layout.length + this.spec.lengths.length);
      return;
    }
    const angles = this.spec.angles;
    const [alpha, beta] = state.latticeBins.slice(3).map((b) => angles[b]!);
    angles.forEach((g, i) => {
      if (name !== "gamma" || cellShape(alpha!, beta!, g) >= MIN_TRICLINIC_SHAPE) m[this.layout.angle + i] = 1;
    });
  }

  /** The state after a valid action. @throws RangeError for an action outside the state's stage */
  step(state: CrystalState, action: number): CrystalState {
    const L = this.layout;
    if (state.spaceGroup === null) {
      if (action >= L.composition) throw new RangeError(`action ${action} is not a space-group action`);
      return { ...state, spaceGroup: this.spec.spaceGroups[action]! };
    }
    if (!state.compositionDone) {
      if (action === L.stop) return { ...state, compositionDone: true, deadEnd: !this.canStop(state.spaceGroup, this.counts(state)) };
      if (action < L.composition || action > L.stop) throw new RangeError(`action ${action} is not a composition action`);
      const a = action - L.composition;
      return { ...state, composition: [...state.composition, [Math.floor(a / this.spec.maxAtoms), (a % this.spec.maxAtoms) + 1]] };
    }
    const angle = isAngle(this.remainingLattice(state)[0]!);
    const bin = action - (angle ? L.angle : L.length);
    if (bin < 0 || bin >= (angle ? this.spec.angles : this.spec.lengths).length) throw new RangeError(`action ${action} is not a ${angle ? "angle" : "length"} bin`);
    return { ...state, latticeBins: [...state.latticeBins, bin] };
  }

  /** A key naming a state (for reward caches): group, composition, lattice bins, dead end. */
  key(state: CrystalState): string {
    return `${state.spaceGroup}|${state.composition.join(";")}|${state.latticeBins.join(",")}${state.deadEnd ? "|dead" : ""}`;
  }
}

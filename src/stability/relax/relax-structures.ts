// Relaxing many crystals with one potential: FIRE (+ ExpCellFilter), batched evaluations, one result per crystal.
import type { Structure } from "../../crystal/structure.js";
import type { Potential } from "../potential.js";
import { CrystalRelaxation, type RelaxationSettings } from "./crystal-relaxation.js";
import { FIRE_DEFAULTS, type FireParameters } from "./fire.js";
import { type RelaxResult, refusedResult } from "./relax-result.js";
import { nonFiniteRefusal } from "./structure-refusal.js";

/** Options of relaxStructures. */
export interface RelaxOptions {
  /** Converged when every generalised force row is below this (eV/Å; the cell rows compare the virial in eV). Default 0.05. */
  fmax?: number;
  /** Most FIRE steps per crystal (0: evaluate the input only). Default 500. */
  maxSteps?: number;
  /** Relax the positions only, keeping the cell. Default false (positions and cell, as ASE's ExpCellFilter). */
  fixedCell?: boolean;
  /** Crystals per `evaluate` call; they advance in lockstep, and finished ones make room for the next. Default 32. */
  batchSize?: number;
  /** Record a trajectory frame every this many steps, and the last one (0 = none). Default 0. */
  trajectoryEvery?: number;
  /** FIRE parameters replacing ASE's defaults (FIRE_DEFAULTS). */
  fire?: Partial<FireParameters>;
  /** Called each time a crystal finishes (refused ones included), with the number finished and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Default batch size of relaxStructures. */
const DEFAULT_BATCH_SIZE = 32;

/** The settings from the options; throws RangeError on a bad value. */
function settingsOf(options: RelaxOptions): RelaxationSettings & { batchSize: number } {
  const { fmax = 0.05, maxSteps = 500, fixedCell = false, batchSize = DEFAULT_BATCH_SIZE, trajectoryEvery = 0 } = options;
  if (!(fmax > 0 && Number.isFinite(fmax))) throw new RangeError(`relax: fmax must be a finite number > 0 eV/Å (got ${fmax})`);
  for (const [name, value, least] of [["maxSteps", maxSteps, 0], ["batchSize", batchSize, 1], ["trajectoryEvery", trajectoryEvery, 0]] as const)
    if (!Number.isInteger(value) || value < least) throw new RangeError(`relax: ${name} must be an integer ≥ ${least} (got ${value})`);
  const fire = { ...FIRE_DEFAULTS, ...options.fire };
  for (const [name, value] of Object.entries(fire))
    if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`relax: FIRE parameter ${name} must be a finite number ≥ 0 (got ${value})`);
  return { fmax, maxSteps, fixedCell, batchSize, trajectoryEvery, fire };
}

/**
 * Relaxes every crystal with `potential` by FIRE as ASE's ase.optimize.FIRE, over positions and cell together as ASE
 * 3.22's ExpCellFilter (or positions only with `fixedCell`), until the largest generalised force row is below `fmax`
 * (ASE's convergence test) or `maxSteps` is reached. Returns one result per input, in order, none dropped: crystals
 * with non-finite numbers or that `potential.refusal` rejects are "refused" and never evaluated; a crystal whose
 * energy, forces or stress turn non-finite, whose atomic force exceeds EXPLOSION_FORCE (eV/Å), whose cell volume
 * changes by more than a factor EXPLOSION_VOLUME_FACTOR, or that the potential refuses mid-way (checked before every
 * evaluation) is "exploded"; the others relax on regardless. Final structures are wrapped into [0, 1).
 * @throws RangeError on a bad option or when the potential returns the wrong number of results or array lengths.
 * @throws whatever `potential.evaluate` throws (all crystals in flight are then lost).
 */
export async function relaxStructures(potential: Potential, structures: readonly Structure[], options: RelaxOptions = {}): Promise<RelaxResult[]> {
  const settings = settingsOf(options);
  const total = structures.length;
  const results = new Array<RelaxResult | undefined>(total);
  let done = 0;
  const finish = (index: number, result: RelaxResult) => {
    results[index] = result;
    options.onProgress?.(++done, total);
  };
  const pending: number[] = [];
  structures.forEach((s, i) => {
    const reason = nonFiniteRefusal(s) ?? potential.refusal(s);
    if (reason === null) pending.push(i);
    else finish(i, refusedResult(s, reason));
  });
  let next = 0;
  let active: { index: number; relaxation: CrystalRelaxation }[] = [];
  while (next < pending.length || active.length > 0) {
    while (active.length < settings.batchSize && next < pending.length) {
      const index = pending[next++]!;
      active.push({ index, relaxation: new CrystalRelaxation(structures[index]!, settings) });
    }
    active = active.filter(({ index, relaxation }) => {
      const reason = relaxation.stepsTaken === 0 ? null : potential.refusal(relaxation.current);
      if (reason !== null) {
        relaxation.refuse(reason);
        finish(index, relaxation.result());
      }
      return reason === null;
    });
    if (active.length === 0) continue;
    const evaluations = await potential.evaluate(active.map((a) => a.relaxation.current));
    if (evaluations.length !== active.length) throw new RangeError(`relax: ${potential.name} returned ${evaluations.length} evaluations for ${active.length} crystals`);
    active = active.filter(({ index, relaxation }, k) => {
      const ended = relaxation.absorb(evaluations[k]!);
      if (ended) finish(index, relaxation.result());
      return !ended;
    });
  }
  return results as RelaxResult[];
}

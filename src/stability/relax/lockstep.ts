// Relaxing one list of crystals in this thread: batched evaluations in lockstep, one result per crystal.
import type { Structure } from "../../crystal/structure.js";
import type { Potential } from "../potential.js";
import { CrystalRelaxation, type RelaxationSettings } from "./crystal-relaxation.js";
import { type RelaxResult, refusedResult } from "./relax-result.js";
import { nonFiniteRefusal } from "./structure-refusal.js";

/** The settings of one lockstep relaxation: the per-crystal settings plus the crystals per `evaluate` call. */
export interface LockstepSettings extends RelaxationSettings {
  /** Crystals per `evaluate` call; finished ones make room for the next. */
  readonly batchSize: number;
}

/**
 * Relaxes `structures` with `potential` in this thread, `batchSize` crystals per evaluation in lockstep (see
 * relaxStructures for the statuses). `onFinished(index)` is called as each crystal ends, refused ones first.
 * @throws RangeError when the potential returns the wrong number of results or array lengths; whatever it throws.
 */
export async function relaxInLockstep(
  potential: Potential,
  structures: readonly Structure[],
  settings: LockstepSettings,
  onFinished?: (index: number) => void,
): Promise<RelaxResult[]> {
  const results = new Array<RelaxResult | undefined>(structures.length);
  const finish = (index: number, result: RelaxResult) => {
    results[index] = result;
    onFinished?.(index);
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

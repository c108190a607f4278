// The ceiling a de novo model is measured against: real crystals drawn from a data split, as if a perfect generator made them.
import type { Structure } from "../../crystal/structure.js";
import { rng, sampleIndices } from "../../util/random.js";
import { ModelConfigError } from "../training/errors.js";

/** n crystals drawn uniformly without replacement from `pool` (e.g. the training split), seeded. */
export function dataDrawBaseline(pool: readonly Structure[], n: number, seed = 0): Structure[] {
  if (!(Number.isInteger(n) && n >= 1 && n <= pool.length)) throw new ModelConfigError(`the data baseline draws 1–${pool.length} crystals from its pool (asked for ${n})`);
  return sampleIndices(pool.length, n, rng(seed)).map((i) => pool[i]!);
}

import { availableParallelism, totalmem } from "node:os";
import { type Rng, rng } from "../util/random.js";

let seed = 0;

/**
 * Sets the notebook's session seed (default 0) and returns a generator seeded with it. Library functions take explicit
 * seeds; notebooks pass `sessionSeed()` so that one cell at the top fixes every draw below it.
 */
export function setSeed(newSeed: number): Rng {
  if (!Number.isInteger(newSeed)) throw new RangeError(`seed must be an integer, got ${newSeed}`);
  seed = newSeed;
  return rng(seed);
}

/** The session seed set by setSeed (0 until then). */
export function sessionSeed(): number {
  return seed;
}

/**
 * True when notebooks should run their short version (environment WORKBENCH_QUICK=1; CI sets it). Notebooks read it once
 * at the top and shrink sample counts and training steps.
 */
export function quickMode(): boolean {
  return process.env.WORKBENCH_QUICK === "1" || process.env.WORKBENCH_QUICK === "true";
}

/** One line describing where the notebook runs: versions, cores, memory, TF.js backend (when given), seed, quick mode. */
export function environmentReport(options: { backend?: string } = {}): string {
  const parts = [
    `node ${process.version}`,
    `${availableParallelism()} cores`,
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
    ...(options.backend ? [`TF.js backend ${options.backend}`] : []),
    `seed ${seed}`,
    quickMode() ? "quick mode" : "full mode",
    `data ${process.env.CRYSTAL_DATA_DIR ? process.env.CRYSTAL_DATA_DIR : "bundled"}`,
  ];
  return `crystal-workbench · ${parts.join(" · ")}`;
}

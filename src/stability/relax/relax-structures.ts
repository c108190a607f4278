// Relaxing many crystals with one potential: FIRE (+ ExpCellFilter), batched evaluations, fixed chunks of crystals
// relaxed on worker threads (or one after another in this thread), one result per crystal.
import type { Structure } from "../../crystal/structure.js";
import { builtModuleUrl, runParallel, defaultWorkerCount } from "../../metrics/parallel/index.js";
import type { Potential } from "../potential.js";
import { FIRE_DEFAULTS, type FireParameters } from "./fire.js";
import { type LockstepSettings, relaxInLockstep } from "./lockstep.js";
import type { RelaxResult } from "./relax-result.js";
import type { RelaxChunkContext } from "./relax-tasks.js";

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
  /**
   * Crystals per chunk (default 64): the input is cut into consecutive chunks of this size, each relaxed in lockstep on
   * its own. The chunks do not depend on `workers`, so the results are the same whatever the number of workers.
   */
  chunkSize?: number;
  /**
   * Worker threads relaxing chunks at once (default CRYSTAL_WORKERS, else the cores). Used when the potential has a `source`
   * and the package is built (`npm run build`); otherwise (or with 1) the chunks are relaxed in this thread.
   */
  workers?: number;
  /** Record a trajectory frame every this many steps, and the last one (0 = none). Default 0. */
  trajectoryEvery?: number;
  /** FIRE parameters replacing ASE's defaults (FIRE_DEFAULTS). */
  fire?: Partial<FireParameters>;
  /**
   * Progress in crystals (refused ones included): (finished, total). In this thread after every crystal; with workers
   * after every chunk.
   */
  onProgress?: (done: number, total: number) => void;
  /** Told why the relaxation stayed in this thread although workers were asked for (no build, no potential source). */
  onWarning?: (message: string) => void;
}

/** Default batch size of relaxStructures. */
const DEFAULT_BATCH_SIZE = 32;
/** Default chunk size of relaxStructures. */
const DEFAULT_CHUNK_SIZE = 64;
/** The worker-thread task module. */
const TASKS = new URL("./relax-tasks.js", import.meta.url);

/** The settings from the options; throws RangeError on a bad value. */
function settingsOf(options: RelaxOptions): LockstepSettings & { chunkSize: number; workers: number } {
  const { fmax = 0.05, maxSteps = 500, fixedCell = false, batchSize = DEFAULT_BATCH_SIZE, trajectoryEvery = 0 } = options;
  const { chunkSize = DEFAULT_CHUNK_SIZE, workers = defaultWorkerCount() } = options;
  if (!(fmax > 0 && Number.isFinite(fmax))) throw new RangeError(`relax: fmax must be a finite number > 0 eV/Å (got ${fmax})`);
  const integers = [["maxSteps", maxSteps, 0], ["batchSize", batchSize, 1], ["chunkSize", chunkSize, 1], ["workers", workers, 1], ["trajectoryEvery", trajectoryEvery, 0]] as const;
  for (const [name, value, least] of integers)
    if (!Number.isInteger(value) || value < least) throw new RangeError(`relax: ${name} must be an integer ≥ ${least} (got ${value})`);
  const fire = { ...FIRE_DEFAULTS, ...options.fire };
  for (const [name, value] of Object.entries(fire))
    if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`relax: FIRE parameter ${name} must be a finite number ≥ 0 (got ${value})`);
  return { fmax, maxSteps, fixedCell, batchSize, trajectoryEvery, fire, chunkSize, workers };
}

/** Why the chunks cannot go to worker threads, or null. */
function workerObstacle(potential: Potential): string | null {
  if (!potential.source) return `${potential.name} has no source a worker thread could load it from`;
  if (!builtModuleUrl(TASKS) || !builtModuleUrl(potential.source.module)) return "the built package was not found (run `npm run build`)";
  return null;
}

/**
 * Relaxes every crystal with `potential` by FIRE as ASE's ase.optimize.FIRE, over positions and cell together as ASE
 * 3.22's ExpCellFilter (or positions only with `fixedCell`), until the largest generalised force row is below `fmax`
 * (ASE's convergence test) or `maxSteps` is reached. The crystals are cut into chunks of `chunkSize`, relaxed on
 * `workers` threads (each loads the potential from its `source` once) or in this thread, with the same results.
 * Returns one result per input, in order, none dropped: crystals
 * with non-finite numbers or that `potential.refusal` rejects are "refused" and never evaluated; a crystal whose
 * energy, forces or stress turn non-finite, whose atomic force exceeds EXPLOSION_FORCE (eV/Å), whose cell volume
 * changes by more than a factor EXPLOSION_VOLUME_FACTOR, or that the potential refuses mid-way (checked before every
 * evaluation) is "exploded"; the others relax on regardless. Final structures are wrapped into [0, 1).
 * @throws RangeError on a bad option or when the potential returns the wrong number of results or array lengths.
 * @throws whatever `potential.evaluate` throws (all crystals in flight are then lost); on workers, a ParallelTaskError
 *   naming the chunk.
 */
export async function relaxStructures(potential: Potential, structures: readonly Structure[], options: RelaxOptions = {}): Promise<RelaxResult[]> {
  const { chunkSize, workers, ...settings } = settingsOf(options);
  const total = structures.length;
  const chunks: Structure[][] = [];
  for (let start = 0; start < total; start += chunkSize) chunks.push(structures.slice(start, start + chunkSize));
  if (workers > 1 && chunks.length > 1) {
    const obstacle = workerObstacle(potential);
    if (obstacle === null) {
      const context: RelaxChunkContext = { source: potential.source!, settings };
      const perChunk = await runParallel<RelaxResult[]>(TASKS, "stability.relax-chunk", chunks, {
        context, workers, chunkSize: 1, minItems: 2,
        onProgress: (done) => options.onProgress?.(Math.min(total, done * chunkSize), total),
        ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      });
      return perChunk.flat();
    }
    options.onWarning?.(`relax: ${obstacle}; relaxing in this thread`);
  }
  const results: RelaxResult[] = [];
  let done = 0;
  for (const chunk of chunks) results.push(...(await relaxInLockstep(potential, chunk, settings, () => options.onProgress?.(++done, total))));
  return results;
}

// Data-parallel training over worker threads. The calling thread is rank 0; each of the other ranks is a worker thread
// that rebuilds the model from its config through the registry and runs the same `train` call (so every family's own
// task is reused); inside the shared loop each rank computes its shard of every batch and the ranks sum their gradients
// in shared memory (collective.ts). Rank 0 alone reports progress and writes checkpoints.
// Workers load the built `dist/models/training/replica-worker.js` (run `npm run build`).
import { Worker } from "node:worker_threads";
import { CrystalError } from "../../crystal/errors.js";
import { builtModuleUrl, defaultWorkerCount } from "../../metrics/parallel/pool.js";
import { ModelConfigError, TrainingDivergedError } from "../errors.js";
import type { ModelConfig, TrainOptions, TrainingData } from "../types.js";
import { type Collective, type CollectiveMemory, ReplicaAbortedError, collectiveMemory, sharedCollective } from "./collective.js";


/** Named loss parts (Descend's `report`) a step may sum over the ranks besides its gradients and loss. */
export const MAX_LOSS_PARTS = 8;

/** A worker rank failed with an error that is not one of the models' typed errors; names the rank and the error. */
export class ReplicaFailedError extends CrystalError {
  override name = "ReplicaFailedError";
}

/** What a worker needs to rebuild the model and repeat the training call: the family, the config at the call's start, the data. */
export interface ReplicaRecipe {
  family: string;
  config: ModelConfig;
  data: TrainingData;
}

/** Memory of one worker rank at the end of its run (bytes): its V8 heap and its TF.js engine's tensors. */
export interface WorkerMemory {
  rank: number;
  heapBytes: number;
  tensorBytes: number;
}

/** What the calling thread posts to each worker (structured clone). */
export interface ReplicaStart extends ReplicaRecipe {
  rank: number;
  memory: CollectiveMemory;
  /** The train options without callbacks. */
  options: TrainOptions;
}

/** Messages from a worker rank. */
export type ReplicaMessage =
  | { type: "ready" }
  | { type: "done"; memory: WorkerMemory }
  | { type: "error"; name: string; message: string; diverged?: { step: number; batch: string[]; what: string } };

/** The worker-side state of this thread when it is a replica rank (set by the worker entry before `train`). */
let replica: { collective: Collective; memory: CollectiveMemory; ready: () => void } | null = null;

/** Marks this thread as replica rank `rank` of the group in `memory`; `ready` is called when its loop is about to start. */
export function enterReplica(memory: CollectiveMemory, rank: number, ready: () => void): Collective {
  const collective = sharedCollective(memory, rank);
  replica = { collective, memory, ready };
  return collective;
}

/**
 * This thread's collective when it is a replica rank, after checking that its weights have `floats` values like rank 0's,
 * and telling rank 0 that it is ready; null in an ordinary thread.
 * @throws ModelConfigError when the replica's weights differ in size from rank 0's
 */
export function replicaCollective(floats: number): Collective | null {
  if (!replica) return null;
  if (floats + 1 + MAX_LOSS_PARTS > replica.memory.slot) throw new ModelConfigError(`data-parallel replica: ${floats} weights do not fit rank 0's exchange area (${replica.memory.slot - 1 - MAX_LOSS_PARTS})`);
  replica.ready();
  return replica.collective;
}

function parseWorkers(value: unknown, where: string): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new ModelConfigError(`${where} must be a positive integer (got ${JSON.stringify(value)})`);
  return n;
}

/**
 * The number of ranks a training call uses: options.workers, else CRYSTAL_WORKERS, else the number of cores; at most
 * `batchSize`.
 * @throws ModelConfigError for a workers value that is not a positive integer; WorkerCountError for a bad CRYSTAL_WORKERS
 */
export function trainingRanks(options: TrainOptions, batchSize: number): number {
  const n = options.workers !== undefined ? parseWorkers(options.workers, "workers") : defaultWorkerCount();
  return Math.max(1, Math.min(n, batchSize));
}

/** The options a worker repeats: everything but the callbacks (rank 0 alone reports and checkpoints). */
function replicaOptions(options: TrainOptions): TrainOptions {
  const { onStep: _s, onProgress: _p, shouldStop: _q, ...rest } = options;
  return rest;
}

function replicaError(rank: number, m: Extract<ReplicaMessage, { type: "error" }>): Error {
  if (m.diverged) return new TrainingDivergedError(m.diverged.step, m.diverged.batch, m.diverged.what);
  if (m.name === "ModelConfigError" || m.name === "ModelRequestError") return new ModelConfigError(`training worker ${rank}: ${m.message}`);
  return new ReplicaFailedError(`training worker ${rank} failed: ${m.name}: ${m.message}`);
}

/**
 * Runs `run` as rank 0 of `ranks` ranks: starts ranks − 1 workers repeating the training call of `recipe`, waits until
 * each reaches its loop, runs `run` with rank 0's collective and waits for the workers to finish. The group exchanges
 * vectors of up to `floats` + 1 + MAX_LOSS_PARTS values (the weights' gradients, the loss and its parts). A failing rank stops every rank; the error of the
 * rank that failed first is thrown (a worker's typed error is rethrown as such).
 * @throws ModelConfigError when the built worker is missing (run `npm run build`)
 */
export async function withReplicas<T>(recipe: ReplicaRecipe, options: TrainOptions, ranks: number, floats: number, run: (c: Collective) => Promise<T>): Promise<{ result: T; workers: WorkerMemory[] }> {
  const url = builtModuleUrl(new URL("./replica-worker.js", import.meta.url));
  if (!url) throw new ModelConfigError("data-parallel training needs the built worker dist/models/training/replica-worker.js: run `npm run build`, or train with workers 1");
  // The exchange area holds one gradient, loss and loss parts per rank, and rank 0's weights and optimiser state (4
  // vectors) for the first copy.
  const memory = collectiveMemory(ranks, Math.max(floats + 1 + MAX_LOSS_PARTS, Math.ceil((4 * floats + 1) / ranks)));
  const collective = sharedCollective(memory, 0);
  const workers: Worker[] = [];
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    collective.abort();
  };
  const finished: Promise<WorkerMemory>[] = [];
  const ready: Promise<void>[] = [];
  for (let rank = 1; rank < ranks; rank++) {
    const start: ReplicaStart = { ...recipe, rank, memory, options: replicaOptions(options) };
    const w = new Worker(url, { workerData: start });
    workers.push(w);
    let started = false, ended = false;
    let onReady!: () => void, onNotReady!: (e: Error) => void;
    ready.push(new Promise<void>((resolve, reject) => ([onReady, onNotReady] = [resolve, reject])));
    finished.push(
      new Promise<WorkerMemory>((resolve, reject) => {
        const failed = (e: Error) => {
          if (ended) return;
          ended = true;
          fail(e);
          reject(e);
          onNotReady(e);
        };
        w.on("message", (m: ReplicaMessage) => {
          if (m.type === "ready") (started = true), onReady();
          else if (m.type === "done" && started) (ended = true), resolve(m.memory);
          else if (m.type === "done") failed(new ReplicaFailedError(`training worker ${rank} finished without reaching the training loop`));
          else if (m.type === "error" && m.name === ReplicaAbortedError.name) (ended = true), reject(new ReplicaAbortedError(m.message)), onNotReady(new ReplicaAbortedError(m.message)); // stopped by another rank
          else if (m.type === "error") failed(replicaError(rank, m));
        });
        w.on("error", (e) => failed(new ReplicaFailedError(`training worker ${rank} failed: ${e.message}`)));
        w.on("exit", (code) => failed(new ReplicaFailedError(`training worker ${rank} exited (code ${code}) before finishing`)));
      }),
    );
  }
  // Failures are read through `failure`; these handlers keep the rejections from being reported as unhandled.
  for (const p of [...finished, ...ready]) p.catch(() => undefined);
  try {
    await Promise.all(ready);
    let result: T;
    try {
      result = await run(collective);
    } catch (e) {
      // Rank 0 saw the group abort: report the worker's error (it arrives as a message).
      if (e instanceof ReplicaAbortedError) await Promise.allSettled(finished);
      throw failure ?? e;
    }
    const memoryReports = await Promise.all(finished);
    return { result, workers: memoryReports };
  } catch (e) {
    collective.abort();
    throw failure ?? e;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

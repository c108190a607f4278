// A small worker-thread pool: runs a named pure task of a task module over many items on all cores, in chunks,
// returning results in input order. Workers stay alive (idle, unref'd) between runs, so later runs skip start-up
// and use warm JIT code; closeParallelPool() ends them. Workers load the built `dist/metrics/parallel/worker.js` (run `npm run build`);
// when it is missing, workers cannot start, or the run is small, the task runs in the calling thread instead.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { CrystalError } from "../../crystal/errors.js";
import type { ChunkReply, ChunkRequest, TaskModule } from "./protocol.js";

/**
 * A task failed on one item (in a worker or in-thread); `index` is the item's position in the input (when a worker
 * thread crashed: the first item of the chunk it was running).
 */
export class ParallelTaskError extends CrystalError {
  override name = "ParallelTaskError";
  constructor(
    readonly task: string,
    readonly index: number,
    readonly reason: string,
  ) {
    super(`parallel task "${task}" failed on item ${index}: ${reason}`);
  }
}

/** Environment variable that sets the default number of threads of training, sampling and relaxation (else the cores). */
export const WORKERS_ENV = "CRYSTAL_WORKERS";

/** A worker-thread count that is not a positive integer; names where it came from (an option or WORKERS_ENV). */
export class WorkerCountError extends CrystalError {
  override name = "WorkerCountError";
}

/**
 * The default number of worker threads for model work (training, sampling, relaxation): CRYSTAL_WORKERS when set,
 * else os.availableParallelism(). The metrics pool defaults to the cores.
 * @throws WorkerCountError when CRYSTAL_WORKERS is set but is not a positive integer
 */
export function defaultWorkerCount(): number {
  const env = process.env[WORKERS_ENV];
  if (env === undefined || env.trim() === "") return availableParallelism();
  const n = Number(env);
  if (!(Number.isInteger(n) && n >= 1)) throw new WorkerCountError(`${WORKERS_ENV} must be a positive integer (got ${JSON.stringify(env)})`);
  return n;
}

/** Options of runParallel. */
export interface ParallelOptions {
  /** Shared read-only data passed to every call (structured-clone safe). */
  context?: unknown;
  /** Use worker threads (default true); false runs everything in the calling thread. */
  parallel?: boolean;
  /** Number of workers (default os.availableParallelism()). */
  workers?: number;
  /** Items per message (default: about 8 chunks per worker, at most 256 items). */
  chunkSize?: number;
  /** Runs with fewer items stay in the calling thread (default 32). */
  minItems?: number;
  /** Progress in items: (done, total), after every chunk. */
  onProgress?: (done: number, total: number) => void;
  /** Told why a run fell back to the calling thread (missing build, worker start failure). */
  onWarning?: (message: string) => void;
}

/**
 * The built JavaScript file of a module URL: a `.js` URL that exists is used as is; otherwise a `…/src/…(.ts|.js)`
 * URL is mapped to `…/dist/….js` (running from TypeScript sources, as under vitest). Returns null when neither exists.
 */
export function builtModuleUrl(url: string | URL): URL | null {
  const u = new URL(url);
  if (u.protocol !== "file:") return u;
  const path = fileURLToPath(u);
  if (path.endsWith(".js") && existsSync(path)) return u;
  const i = path.lastIndexOf("/src/");
  if (i < 0) return null;
  const built = `${path.slice(0, i)}/dist/${path.slice(i + 5)}`.replace(/\.ts$/, ".js");
  return existsSync(built) ? pathToFileURL(built) : null;
}

/** The task module as the calling thread loads it (the source URL when running from TypeScript). */
async function loadInThread(moduleUrl: string | URL): Promise<TaskModule> {
  const u = new URL(moduleUrl);
  const path = u.protocol === "file:" ? fileURLToPath(u) : "";
  const source = path.endsWith(".js") && !existsSync(path) && existsSync(path.replace(/\.js$/, ".ts")) ? pathToFileURL(path.replace(/\.js$/, ".ts")) : u;
  return (await import(source.href)) as TaskModule;
}

async function runInThread<R>(moduleUrl: string | URL, task: string, items: readonly unknown[], options: ParallelOptions): Promise<R[]> {
  const mod = await loadInThread(moduleUrl);
  const fn = mod.tasks?.[task] as ((item: unknown, context: unknown) => R | Promise<R>) | undefined;
  if (typeof fn !== "function") throw new ParallelTaskError(task, 0, `task is not exported by ${String(moduleUrl)}`);
  const out: R[] = new Array(items.length);
  const step = Math.max(1, Math.ceil(items.length / 100));
  for (let i = 0; i < items.length; i++) {
    try {
      out[i] = await fn(items[i], options.context);
    } catch (e) {
      throw new ParallelTaskError(task, i, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
    if ((i + 1) % step === 0 || i + 1 === items.length) options.onProgress?.(i + 1, items.length);
  }
  return out;
}

/** Idle worker threads kept between runs (unref'd: they never keep the process alive), and the run queue. */
let pool: { url: string; workers: Worker[] } = { url: "", workers: [] };
let queue: Promise<void> = Promise.resolve();

/** Waits until no other run uses the pooled workers; resolves to the release function. */
function acquirePool(): Promise<() => void> {
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const ready = queue.then(() => release);
  queue = queue.then(() => mine);
  return ready;
}

/** `count` pooled workers running `workerUrl`, starting new ones as needed (warm workers are reused). */
function pooledWorkers(workerUrl: URL, count: number): Worker[] {
  if (pool.url !== workerUrl.href) {
    for (const w of pool.workers) void w.terminate();
    pool = { url: workerUrl.href, workers: [] };
  }
  while (pool.workers.length < count) {
    const w = new Worker(workerUrl);
    w.unref();
    w.on("error", () => undefined); // reported through the run's own listener; keeps a crashed idle worker quiet
    w.once("exit", () => {
      pool.workers = pool.workers.filter((x) => x !== w);
    });
    pool.workers.push(w);
  }
  return pool.workers.slice(0, count);
}

/** Terminates the pooled worker threads (they are otherwise kept, idle and unref'd, for the next run). */
export async function closeParallelPool(): Promise<void> {
  const workers = pool.workers;
  pool = { url: "", workers: [] };
  await Promise.all(workers.map((w) => w.terminate()));
}

/** Number of worker threads currently kept by the pool. */
export function parallelPoolSize(): number {
  return pool.workers.length;
}

/**
 * Runs `tasks[task](item, context)` of the task module at `moduleUrl` (an ES module exporting `tasks`; a task may be
 * async) over every item, on worker threads, and resolves to the results in input order. Items, context and results must be
 * structured-clone data (plain objects, typed arrays). A throwing task rejects the run with ParallelTaskError naming
 * the item. Falls back to the calling thread for small runs or when the built worker is unavailable.
 */
export async function runParallel<R>(moduleUrl: string | URL, task: string, items: readonly unknown[], options: ParallelOptions = {}): Promise<R[]> {
  const total = items.length;
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), total));
  if (options.parallel === false || total < (options.minItems ?? 32) || workerCount < 2) return runInThread<R>(moduleUrl, task, items, options);
  const workerUrl = builtModuleUrl(new URL("./worker.js", import.meta.url));
  const taskUrl = builtModuleUrl(moduleUrl);
  if (!workerUrl || !taskUrl) {
    options.onWarning?.("parallel pool: built worker or task module not found (run `npm run build`); running in this thread");
    return runInThread<R>(moduleUrl, task, items, options);
  }
  const chunkSize = options.chunkSize ?? Math.max(1, Math.min(256, Math.ceil(total / (workerCount * 8))));
  const chunks: number[] = [];
  for (let s = 0; s < total; s += chunkSize) chunks.push(s);
  const results: R[] = new Array(total);
  const release = await acquirePool();
  let workers: Worker[];
  try {
    workers = pooledWorkers(workerUrl, Math.min(workerCount, chunks.length));
  } catch (e) {
    release();
    options.onWarning?.(`parallel pool: workers could not start (${e instanceof Error ? e.message : String(e)}); running in this thread`);
    return runInThread<R>(moduleUrl, task, items, options);
  }
  let next = 0, done = 0, failed = false;
  const running = new Map<Worker, number>(); // the first item of the chunk each worker is running
  const listeners: [Worker, (reply: ChunkReply) => void, (e: Error) => void][] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (w: Worker) => {
        if (next >= chunks.length) return;
        const start = chunks[next]!;
        const req: ChunkRequest = { id: next++, module: taskUrl.href, task, items: items.slice(start, start + chunkSize), context: options.context, start };
        running.set(w, start);
        w.postMessage(req);
      };
      for (const w of workers) {
        const onMessage = (reply: ChunkReply) => {
          if (reply.error !== undefined) {
            failed = true;
            reject(new ParallelTaskError(task, reply.index ?? 0, reply.error));
            return;
          }
          const start = chunks[reply.id]!;
          const res = reply.results as R[];
          for (let k = 0; k < res.length; k++) results[start + k] = res[k]!;
          done += res.length;
          options.onProgress?.(done, total);
          if (done === total) resolve();
          else send(w);
        };
        const onError = (e: Error) => {
          failed = true;
          reject(new ParallelTaskError(task, running.get(w) ?? -1, `worker failed: ${e.message}`));
        };
        w.ref(); // keep the process alive while this run waits for the worker
        w.on("message", onMessage);
        w.on("error", onError);
        listeners.push([w, onMessage, onError]);
        send(w);
      }
    });
  } finally {
    for (const [w, onMessage, onError] of listeners) {
      w.off("message", onMessage);
      w.off("error", onError);
      w.unref();
    }
    // After a failure, workers may still be busy with chunks of this run: discard them rather than reuse them.
    if (failed) await closeParallelPool();
    release();
  }
  return results;
}

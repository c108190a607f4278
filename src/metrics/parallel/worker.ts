// Worker-thread side of the parallel pool: loads task modules on demand and runs one chunk of items per message
// (items one after another; an async task is awaited before the next item starts).
// Must be loaded from the built file (dist/metrics/parallel/worker.js): run `npm run build` first.
import { parentPort } from "node:worker_threads";
import type { ChunkReply, ChunkRequest, TaskModule } from "./protocol.js";

const modules = new Map<string, Promise<TaskModule>>();

function loadTasks(url: string): Promise<TaskModule> {
  let m = modules.get(url);
  if (!m) {
    m = import(url) as Promise<TaskModule>;
    modules.set(url, m);
  }
  return m;
}

async function runChunk(req: ChunkRequest): Promise<ChunkReply> {
  const mod = await loadTasks(req.module);
  const task = mod.tasks?.[req.task] as ((item: unknown, context: unknown) => unknown) | undefined; // may return a promise
  if (typeof task !== "function") return { id: req.id, error: `task "${req.task}" is not exported by ${req.module}`, index: req.start };
  const results: unknown[] = [];
  for (let k = 0; k < req.items.length; k++) {
    try {
      results.push(await task(req.items[k], req.context));
    } catch (e) {
      return { id: req.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), index: req.start + k };
    }
  }
  return { id: req.id, results };
}

parentPort?.on("message", (req: ChunkRequest) => {
  runChunk(req).then(
    (reply) => parentPort!.postMessage(reply),
    (e: unknown) => parentPort!.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e), index: req.start } satisfies ChunkReply),
  );
});

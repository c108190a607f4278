// The shared-memory collective of data-parallel training, with a real worker thread as rank 1 (it loads the built
// collective: `npm run build`, as the test command does first).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { ReplicaAbortedError, collectiveMemory, sharedCollective } from "../../src/models/training/collective.js";

const COLLECTIVE_URL = pathToFileURL(resolve("dist/models/training/collective.js")).href;

/** Rank 1 in a worker: runs `body` (JS, with `c` its collective) and then exits with code 7 without saying goodbye. */
function rankOne(memory: ReturnType<typeof collectiveMemory>, body: string): Worker {
  const code = `const { workerData } = require("node:worker_threads");
import(workerData.url).then(async ({ sharedCollective }) => { const c = sharedCollective(workerData.memory, 1); ${body}; process.exit(7); });`;
  return new Worker(code, { eval: true, workerData: { url: COLLECTIVE_URL, memory } });
}

describe("the shared-memory collective", () => {
  it("sums in rank order, broadcasts rank 0's values and agrees on rank 0's integer", async () => {
    const memory = collectiveMemory(2, 3);
    const c = sharedCollective(memory, 0);
    const worker = rankOne(memory, `const sum = await c.allReduce(new Float32Array([10, 20, 0.5]));
      const got = new Float32Array(3); await c.broadcast(got);
      const agreed = await c.agree(99);
      await c.allReduce(new Float32Array([sum[2], got[1], agreed]))`);
    const exited = new Promise<number>((done) => worker.on("exit", done));
    expect([...(await c.allReduce(new Float32Array([1, 2, 0.25])))]).toEqual([11, 22, 0.75]);
    await c.broadcast(new Float32Array([4, 5, 6]));
    expect(await c.agree(3)).toBe(3);
    // rank 1 sent back what it received: its sum's last entry, rank 0's broadcast, rank 0's integer
    expect([...(await c.allReduce(new Float32Array(3)))]).toEqual([0.75, 5, 3]);
    expect(await exited).toBe(7);
  });

  it("keeps rank 0's event loop while it waits: a worker that dies without arriving aborts the group, no hang", async () => {
    const memory = collectiveMemory(2, 3);
    const c = sharedCollective(memory, 0);
    const worker = rankOne(memory, "await c.allReduce(new Float32Array([10, 20, 30]))");
    // What withReplicas does when a worker exits early: abort the group.
    const exited = new Promise<number>((done) => worker.on("exit", (code) => (c.abort(), done(code))));
    expect([...(await c.allReduce(new Float32Array([1, 2, 3])))]).toEqual([11, 22, 33]);
    // Rank 1 is gone: this reduction waits for it until the exit handler (on this thread's event loop) aborts.
    await expect(c.allReduce(new Float32Array([1, 2, 3]))).rejects.toThrow(ReplicaAbortedError);
    expect(await exited).toBe(7);
  }, 20_000);
});

// The worker-thread pool: ordered results across workers, progress, typed errors, in-thread fallback.
// Worker runs load dist/ (built by `npm run build`, which `npm test` runs first).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ParallelTaskError, builtModuleUrl, closeParallelPool, parallelPoolSize, runParallel } from "../../../src/metrics/parallel/index.js";

const TASKS = new URL("../../../src/metrics/structure-matcher/worker-tasks.ts", import.meta.url);

describe("runParallel", () => {
  it("finds the built worker and task module for a source URL", () => {
    expect(builtModuleUrl(new URL("../../../src/metrics/parallel/worker.ts", import.meta.url))?.pathname).toMatch(/\/dist\/metrics\/parallel\/worker\.js$/);
    expect(builtModuleUrl(TASKS)?.pathname).toMatch(/\/dist\/metrics\/structure-matcher\/worker-tasks\.js$/);
  });

  it("returns the same ordered results on workers as in this thread, with progress reaching the total", async () => {
    const cubic = (a: number) => ({ matrix: new Float64Array([a, 0, 0, 0, a, 0, 0, 0, a]) });
    const items = Array.from({ length: 60 }, (_, i) => ({
      a: { lattice: cubic(3 + (i % 5) * 0.1), species: new Uint8Array([11, 17]), fracCoords: new Float64Array([0, 0, 0, 0.5, 0.5, 0.5]) },
      b: { lattice: cubic(3), species: new Uint8Array([11, 17]), fracCoords: new Float64Array([0.01 * (i % 7), 0, 0, 0.5, 0.5, 0.5]) },
    }));
    const context = { ltol: 0.2, stol: 0.3, angleTol: 5, primitiveCell: true, scale: true, attemptSupercell: false, allowSubset: false };
    const progress: number[] = [];
    const warnings: string[] = [];
    const par = await runParallel(TASKS, "structure-matcher.rms-dist", items, { context, workers: 2, chunkSize: 7, onProgress: (d) => progress.push(d), onWarning: (m) => warnings.push(m) });
    const seq = await runParallel(TASKS, "structure-matcher.rms-dist", items, { context, parallel: false });
    expect(warnings).toEqual([]);
    expect(par).toEqual(seq);
    expect(progress[progress.length - 1]).toBe(60);
    expect((par[0] as { rms: number }).rms).toBeLessThan(1e-12);
    expect((par[1] as { rms: number }).rms).toBeGreaterThan(0);
  });

  it("rejects with ParallelTaskError naming an unknown task", async () => {
    await expect(runParallel(TASKS, "no-such-task", Array(40).fill(0), { workers: 2 })).rejects.toThrow(ParallelTaskError);
    await expect(runParallel(TASKS, "no-such-task", [0], { parallel: false })).rejects.toThrow(/no-such-task/);
  });
});

describe("a crashing worker thread", () => {
  it("rejects with ParallelTaskError naming the first item of the chunk the worker was running", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-pool-crash-"));
    try {
      writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
      // Item 3 throws outside the task (an uncaught exception ends its worker thread) and never answers.
      writeFileSync(join(dir, "crash-tasks.js"), "export const tasks = { crash: (i) => { if (i !== 3) return i; setImmediate(() => { throw new Error('boom'); }); return new Promise(() => {}); } };\n");
      const e = await runParallel(pathToFileURL(join(dir, "crash-tasks.js")), "crash", [0, 1, 2, 3, 4, 5], { workers: 2, chunkSize: 1, minItems: 2 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ParallelTaskError);
      expect((e as ParallelTaskError).index).toBe(3);
      expect((e as Error).message).toMatch(/failed on item 3: worker failed: boom/);
    } finally {
      await closeParallelPool();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the worker pool between runs", () => {
  it("keeps its workers for the next run (same results), and closeParallelPool ends them", async () => {
    const items = Array.from({ length: 40 }, () => ({ a: { lattice: { matrix: new Float64Array([3, 0, 0, 0, 3, 0, 0, 0, 3]) }, species: new Uint8Array([26]), fracCoords: new Float64Array(3) }, b: { lattice: { matrix: new Float64Array([3.1, 0, 0, 0, 3, 0, 0, 0, 3]) }, species: new Uint8Array([26]), fracCoords: new Float64Array(3) } }));
    const context = { ltol: 0.2, stol: 0.3, angleTol: 5, primitiveCell: true, scale: true, attemptSupercell: false, allowSubset: false };
    const first = await runParallel(TASKS, "structure-matcher.rms-dist", items, { context, workers: 2 });
    expect(parallelPoolSize()).toBe(2);
    const [second, third] = await Promise.all([
      runParallel(TASKS, "structure-matcher.rms-dist", items, { context, workers: 2 }),
      runParallel(TASKS, "structure-matcher.rms-dist", items, { context, workers: 2 }),
    ]);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(parallelPoolSize()).toBe(2);
    await closeParallelPool();
    expect(parallelPoolSize()).toBe(0);
  });
});

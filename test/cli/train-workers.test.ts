// `xtal train --workers N`: data-parallel training from the CLI (this thread + N − 1 workers from the built dist/), and
// the typed refusals (exit 2): a count that is not a positive integer, and a family that trains on one thread only.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { DATA_DIR } from "../shared-paths.js";
import { captureIO } from "./capture-io.js";

process.env["CRYSTAL_DATA_DIR"] = DATA_DIR;
const dir = mkdtempSync(join(tmpdir(), "cw-cli-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tiny = ["--dataset", "perov_5", "--split", "val", "--limit", "8", "--epochs", "1", "--batch-size", "4", "--hidden", "8", "--layers", "1", "--freqs", "2"];

describe("xtal train --workers", () => {
  it("trains on 2 threads and reports them; the checkpoint records every step", async () => {
    const out = join(dir, "two");
    const io = captureIO();
    expect(await run(["train", "diffcsp", ...tiny, "--workers", "2", "--out", out, "--json"], io)).toBe(0);
    const summary = JSON.parse(io.out);
    expect(summary).toMatchObject({ family: "diffcsp", stepsDone: 2, totalSteps: 2, threads: 2 });
    expect(summary.workerMemory).toEqual([{ rank: 1, heapBytes: expect.any(Number), tensorBytes: expect.any(Number) }]);
    expect(summary.workerMemory[0].tensorBytes).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, "config.json"), "utf8")).training.stepsDone).toBe(2);
  });

  it("refuses --workers 0 with one line and exit 2", async () => {
    const zero = captureIO();
    expect(await run(["train", "diffcsp", ...tiny, "--workers", "0", "--out", join(dir, "zero")], zero)).toBe(2);
    expect(zero.err).toMatch(/^xtal: train: --workers must be a positive integer \(got 0\)\n$/);
  });
});

import { describe, expect, it } from "vitest";
import { formatDuration, progressBar, progressText } from "../../src/kernel-helpers/progress.js";
import { NotInKernelError, displayBundle, inKernel } from "../../src/kernel-helpers/display.js";

describe("progress", () => {
  it("formatDuration writes seconds, minutes and hours", () => {
    expect(formatDuration(3.25)).toBe("3.3 s");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(184)).toBe("3 min 04 s");
    expect(formatDuration(3720)).toBe("1 h 02 min");
  });

  it("progressText shows count, percentage and a linear time estimate", () => {
    expect(progressText("load", 250, 1000, 10)).toBe("load  250/1000 (25 %)  10 s elapsed, ~30 s left");
    expect(progressText("load", 7, undefined, 2)).toBe("load  7  2.0 s elapsed");
  });

  it("a terminal bar writes one line per decile when stderr is not a TTY", () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    const tty = process.stderr.isTTY;
    (process.stderr as { isTTY: boolean }).isTTY = false;
    process.stderr.write = ((s: string) => (lines.push(s), true)) as typeof process.stderr.write;
    try {
      const bar = progressBar("parse", { total: 100, target: "terminal", intervalMs: 0 });
      for (let i = 1; i <= 100; i++) bar.onProgress(i);
      bar.finish("parsed 100");
    } finally {
      process.stderr.write = write;
      (process.stderr as { isTTY: boolean | undefined }).isTTY = tty;
    }
    expect(lines.length).toBe(12); // deciles 0–10, then the closing line
    expect(lines[0]).toMatch(/^parse {2}1\/100 \(1 %\)/);
    expect(lines.at(-1)).toBe("parsed 100\n");
  });
});

describe("display", () => {
  it("outside a kernel, displayBundle throws NotInKernelError", () => {
    expect(inKernel()).toBe(false);
    expect(() => displayBundle({ "text/plain": "x" })).toThrow(NotInKernelError);
  });
});

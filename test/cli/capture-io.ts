import type { CliIO } from "../../src/cli/types.js";

/** A CliIO that records what a command writes. */
export function captureIO(): CliIO & { out: string; err: string } {
  const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

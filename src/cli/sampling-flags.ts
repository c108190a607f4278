// Flags of the commands that sample a model (xtal sample, evaluate, optimize): worker threads, seeded chunk size and the
// one-stream path that reproduces files recorded before chunked seeding.
import type { ParallelSamplingOptions } from "../models/index.js";
import { CliUsageError, positiveIntegerFlag } from "./args.js";

/** --workers N, --chunk-size C, --single-stream. */
export const SAMPLING_FLAGS = {
  workers: { type: "number" },
  "chunk-size": { type: "number" },
  "single-stream": { type: "boolean" },
} as const;

/** Usage lines of SAMPLING_FLAGS. */
export const SAMPLING_USAGE = [
  "  --workers N        sampling threads (default: CRYSTAL_WORKERS, else the machine's cores); the samples do not depend on N.",
  "                     Each worker first loads TF.js and the checkpoint (seconds): for a small request --workers 1 is faster",
  "  --chunk-size C     crystals per seeded chunk (default 256): chunk c draws with a seed derived from (--seed, c)",
  "  --single-stream    one random stream over the whole request in one thread, as before chunked seeding (reproduces",
  "                     the eval files recorded then)",
];

/**
 * The chunked-sampling options of the flags.
 * @throws CliUsageError for a --workers or --chunk-size that is not a positive integer, or either with --single-stream
 */
export function samplingOptionsOf(command: string, flags: { workers?: number | undefined; "chunk-size"?: number | undefined; "single-stream"?: boolean }): ParallelSamplingOptions {
  for (const name of ["workers", "chunk-size"] as const) {
    const v = flags[name];
    positiveIntegerFlag(command, name, v);
    if (v !== undefined && flags["single-stream"]) throw new CliUsageError(`${command}: --${name} does not apply with --single-stream (one stream, one thread)`);
  }
  return {
    ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
    ...(flags["chunk-size"] !== undefined ? { chunkSize: flags["chunk-size"] } : {}),
    ...(flags["single-stream"] ? { singleStream: true } : {}),
  };
}

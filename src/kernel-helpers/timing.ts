import { formatDuration } from "./progress.js";

/** Runs `work`, prints "label: 1.2 s" to stdout and returns its result with the elapsed wall time (seconds). */
export async function timed<T>(label: string, work: () => T | Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: ${formatDuration(seconds)}`);
  return { result, seconds };
}

// Progress of long CLI work as occasional stderr lines (a log-friendly progress bar).
import type { CliIO } from "./types.js";

/** A progress callback printing "WHAT done/total (p %)" on stderr at most every `everyMs` (default 10 s) and at the end. */
export function progressLines(io: CliIO, what: string, everyMs = 10_000): (done: number, total: number) => void {
  let last = Date.now();
  return (done, total) => {
    if (done < total && Date.now() - last < everyMs) return;
    last = Date.now();
    io.stderr(`${what} ${done}/${total} (${Math.floor((100 * done) / Math.max(total, 1))} %)\n`);
  };
}

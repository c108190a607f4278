// Process bookkeeping for tests that start servers (Linux /proc): which processes descend from one, and which still run.
import { readFileSync, readdirSync } from "node:fs";

/** A process: its pid and its start time (clock ticks after boot), so a reused pid is not mistaken for it. */
export interface ProcessId {
  readonly pid: number;
  readonly start: number;
}

// Parent pid, state and start time from /proc/PID/stat, or null when it is gone. "comm" (field 2) may hold spaces and
// parentheses, so the fields are counted from the last ")": state is field 3, ppid 4, starttime 22.
function stat(pid: number): { ppid: number; state: string; start: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, ppid: Number(fields[1]), start: Number(fields[19]) };
  } catch {
    return null;
  }
}

/** Every live process below `root` (children, grandchildren, …). */
export function descendants(root: number): ProcessId[] {
  const all = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      const s = stat(Number(d));
      return s ? [{ pid: Number(d), ...s }] : [];
    });
  const found: ProcessId[] = [];
  const walk = (parent: number) => {
    for (const p of all) {
      if (p.ppid !== parent) continue;
      found.push({ pid: p.pid, start: p.start });
      walk(p.pid);
    }
  };
  walk(root);
  return found;
}

/** The processes among `processes` still running (a zombie waiting to be reaped has stopped running). */
export function stillRunning(processes: Iterable<ProcessId>): ProcessId[] {
  return [...processes].filter((p) => {
    const s = stat(p.pid);
    return s !== null && s.start === p.start && s.state !== "Z";
  });
}

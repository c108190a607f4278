// Whole-process timing for the CLI benchmark: two commands started cold, in turn (A B A B …, so drift on a shared
// machine hits both alike), wall time from spawn to exit; the median of the runs is quoted.
import { spawnSync } from "node:child_process";

/** One run of [cmd, ...args]: wall ms and stdout; throws with its stderr when it fails. */
function runOnce([cmd, ...args], env) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28, env });
  const wallMs = performance.now() - t;
  if (r.error || r.status !== 0) throw new Error(`${[cmd, ...args].join(" ")} exited ${r.status}: ${r.error?.message ?? r.stderr.trim()}`);
  return { wallMs, stdout: r.stdout };
}

/** Median wall ms over `runs` alternating cold runs of each command, and each command's last stdout. */
export function timeProcessPair(ours, reference, runs, env = process.env) {
  const times = { ours: [], reference: [] };
  const stdout = {};
  for (let k = 0; k < runs; k++) {
    for (const [side, command] of [["ours", ours], ["reference", reference]]) {
      const r = runOnce(command, env);
      times[side].push(r.wallMs);
      stdout[side] = r.stdout;
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ours: median(times.ours), reference: median(times.reference), stdout };
}

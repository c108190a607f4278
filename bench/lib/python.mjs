// Runs a reference Python script with Debian's python3 and reads the JSON object on its last stdout line.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
export const PYTHON = "/usr/bin/python3";
/** One BLAS/OpenMP thread: our side runs in one thread, and idle OpenBLAS threads would inflate CPU times. */
export const SERIAL_ENV = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };

/** The parsed last stdout line of `python3 script ...args` (stdin: `input` if given); rejects with its stderr on failure. */
export async function runPython(script, args = [], { input, env = SERIAL_ENV } = {}) {
  const child = run(PYTHON, [script, ...args.map(String)], { maxBuffer: 1 << 28, env });
  child.child.stdin.end(input ?? "");
  let stdout;
  try {
    ({ stdout } = await child);
  } catch (e) {
    throw new Error(`${script} failed: ${e.stderr?.trim() || e.message}`);
  }
  return JSON.parse(stdout.trim().split("\n").pop());
}

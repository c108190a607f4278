// Runs test/py/crystal_reference.py (pymatgen) on a dataset CSV and returns its records (one per row).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** One row of pymatgen reference values (see test/py/crystal_reference.py). */
export interface PymatgenRecord {
  row: number;
  error?: string;
  cif: string;
  matrix: number[];
  species: number[];
  occupancies: number[];
  frac: number[];
  formula: string;
  nsites: number;
  params: number[];
  volume: number;
  density: number;
  niggliMatrix: number[];
  niggliParams: number[];
  niggliFrac: number[];
  lllMatrix: number[];
  lllMapping: number[];
  distanceMatrix?: number[];
  neighbourCounts?: number[];
  neighbourDistances?: number[][];
}

const script = fileURLToPath(new URL("../py/crystal_reference.py", import.meta.url));

/** pymatgen values for the first `n` rows (all when undefined) of a CSV; `extras` adds distances and neighbours. */
export function pymatgenReference(csv: string, n?: number, extras = false): PymatgenRecord[] {
  const args = [script, csv, ...(n === undefined ? [] : [String(n)]), ...(extras ? ["--extras"] : [])];
  const r = spawnSync("/usr/bin/python3", args, { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`crystal_reference.py failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim().split("\n").map((line) => JSON.parse(line) as PymatgenRecord);
}

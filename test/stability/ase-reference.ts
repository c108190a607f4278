// Runs test/py/stability_ase.py (ASE 3.22 LennardJones, FIRE, ExpCellFilter; scipy expm) on a batch of tasks.
import { execFileSync } from "node:child_process";
import type { Structure } from "../../src/crystal/structure.js";

/** The Lennard-Jones parameters ASE is given. */
export interface AseLennardJones {
  sigma: number;
  epsilon: number;
  rc: number;
}

/** A crystal as the script reads it. */
export interface AseCrystal {
  cell: number[];
  frac: number[];
  numbers: number[];
}

/** One task of the script (see test/py/stability_ase.py). */
export type AseTask =
  | ({ kind: "evaluate" } & AseCrystal)
  | ({ kind: "filter-forces"; q: number[] } & AseCrystal)
  | ({ kind: "relax"; filter: boolean; fmax: number; steps: number } & AseCrystal)
  | { kind: "expm"; a: number[]; e: number[] };

/** ASE's answers, one per task, in the order given. */
export function aseReference<T>(lj: AseLennardJones, tasks: AseTask[]): T[] {
  const out = execFileSync("/usr/bin/python3", ["test/py/stability_ase.py"], { input: JSON.stringify({ lj, tasks }), encoding: "utf8", maxBuffer: 1 << 28 });
  return JSON.parse(out) as T[];
}

/** The crystal in the script's form. */
export function aseCrystal(s: Structure): AseCrystal {
  return { cell: Array.from(s.lattice.matrix), frac: Array.from(s.fracCoords), numbers: Array.from(s.species) };
}

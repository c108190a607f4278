// Runs test/py/fingerprint_reference.py (pymatgen 2022.11.7 CrystalNN + re-created matminer "ops" loop).
import { spawnSync } from "node:child_process";
import { latticeFromMatrix } from "../../../src/crystal/lattice.js";
import { makeStructure, type Structure } from "../../../src/crystal/structure.js";
import { SHARED_DIR } from "../../shared-paths.js";

/** A structure for the reference: explicit arrays, or a dataset row prepared the CDVAE way (CIF → Niggli → parameters). */
export type ReferenceInput =
  | { lattice: number[]; species: number[]; frac: number[][] }
  | { dataset: string; split: string; row: number };

/** One reference result. */
export interface ReferenceOutput {
  lattice: number[];
  species: number[];
  frac: number[][];
  sites?: { cn_weights?: Record<string, number>; neighbors?: [number, number[], number][]; error?: string }[];
  site_fp?: number[][];
  fp?: number[];
  seconds?: number;
  error?: string;
}

/** Calls the python reference; throws (the test fails) if python or pymatgen is missing. */
export function runReference(structures: ReferenceInput[], want: string[], repeat = 1): ReferenceOutput[] {
  const r = spawnSync("/usr/bin/python3", ["test/py/fingerprint_reference.py"], {
    input: JSON.stringify({ structures, want, repeat }),
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, CRYSTAL_SHARED_DIR: SHARED_DIR },
  });
  if (r.status !== 0) throw new Error(`fingerprint_reference.py failed: ${r.error ?? r.stderr}`);
  return JSON.parse(r.stdout) as ReferenceOutput[];
}

/** Our Structure from a reference result (same lattice matrix and fractional coordinates). */
export function toStructure(o: ReferenceOutput): Structure {
  return makeStructure({ lattice: latticeFromMatrix(o.lattice), species: o.species, fracCoords: o.frac.flat() });
}

// Generated structure pairs for the pymatgen cross-check, and the bridge to test/py/matcher_reference.py.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { latticeFromMatrix, cartCoords, cartToFrac, makeStructure, supercell, type Structure } from "../../../src/crystal/index.js";
import { type Rng, rng } from "../../../src/util/random.js";
import type { MatcherOptions } from "../../../src/metrics/structure-matcher/index.js";

/** A structure as plain JSON numbers (what the python script reads). */
export interface PlainStructure {
  lattice: number[];
  species: number[];
  frac: number[];
}

/** One cross-check case. */
export interface MatcherCase {
  kind: string;
  a: Structure;
  b: Structure;
  options: MatcherOptions;
}

/** pymatgen's answer for one case. */
export interface ReferenceAnswer {
  rms?: number | null;
  maxDist?: number | null;
  fit?: boolean;
  error?: string;
  groups?: number[][];
  prim?: { n: number; abc: number[]; angles: number[]; volume: number; species: number[] };
}

export function plain(s: Structure): PlainStructure {
  return { lattice: Array.from(s.lattice.matrix), species: Array.from(s.species), frac: Array.from(s.fracCoords) };
}

const script = fileURLToPath(new URL("../../py/matcher_reference.py", import.meta.url));

/** Runs the pymatgen reference on JSON requests (one per line); returns one answer per request. */
export function pymatgenAnswers(requests: object[]): ReferenceAnswer[] {
  const dir = mkdtempSync(join(tmpdir(), "matcher-xcheck-"));
  const file = join(dir, "pairs.jsonl");
  writeFileSync(file, requests.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const r = spawnSync("/usr/bin/python3", [script, file], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`matcher_reference.py failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim().split("\n").map((l) => JSON.parse(l) as ReferenceAnswer);
}

/** Sites moved by isotropic Gaussian noise of `sigma` Å (Cartesian), coordinates wrapped. */
export function perturbed(s: Structure, sigma: number, random: Rng): Structure {
  const cart = cartCoords(s);
  for (let i = 0; i < cart.length; i++) cart[i] = cart[i]! + sigma * random.normal();
  const frac = cartToFrac(s.lattice, cart).map((x) => x - Math.floor(x));
  return makeStructure({ lattice: s.lattice, species: s.species, fracCoords: frac });
}

/** The same crystal rigidly rotated in Cartesian space (random axis and angle), sites permuted and translated. */
export function rotatedPermuted(s: Structure, random: Rng): Structure {
  const axis = [random.normal(), random.normal(), random.normal()];
  const len = Math.hypot(axis[0]!, axis[1]!, axis[2]!);
  const [x, y, z] = axis.map((v) => v / len) as [number, number, number];
  const th = 2 * Math.PI * random.next();
  const c = Math.cos(th), si = Math.sin(th), t = 1 - c;
  const R = [t * x * x + c, t * x * y - si * z, t * x * z + si * y, t * x * y + si * z, t * y * y + c, t * y * z - si * x, t * x * z - si * y, t * y * z + si * x, t * z * z + c];
  const m = s.lattice.matrix;
  const rotated = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) rotated[3 * i + j] = m[3 * i]! * R[3 * j]! + m[3 * i + 1]! * R[3 * j + 1]! + m[3 * i + 2]! * R[3 * j + 2]!;
  const n = s.species.length;
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const shift = [random.next(), random.next(), random.next()];
  const frac: number[] = [];
  for (const p of perm) for (let d = 0; d < 3; d++) {
    const v = s.fracCoords[3 * p + d]! + shift[d]!;
    frac.push(v - Math.floor(v));
  }
  return makeStructure({ lattice: latticeFromMatrix(rotated), species: perm.map((p) => s.species[p]!), fracCoords: frac });
}

/** The lattice strained by a random symmetric strain with entries of size `eps` (fractional coordinates kept). */
export function strained(s: Structure, eps: number, random: Rng): Structure {
  const e = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 3; i++)
    for (let j = i; j < 3; j++) {
      const v = eps * (2 * random.next() - 1) * (i === j ? 1 : 0.5);
      e[3 * i + j] = v;
      e[3 * j + i] = v;
    }
  const m = s.lattice.matrix;
  const out = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) {
      let v = m[3 * i + j]!;
      for (let k = 0; k < 3; k++) v += m[3 * i + k]! * e[3 * k + j]!;
      out[3 * i + j] = v;
    }
  return makeStructure({ lattice: latticeFromMatrix(out), species: s.species, fracCoords: s.fracCoords });
}

/** A random small supercell (2×1×1, 1×2×1, 1×1×2 or 2×2×1). */
export function randomSupercell(s: Structure, random: Rng): Structure {
  const choices: [number, number, number][] = [[2, 1, 1], [1, 2, 1], [1, 1, 2], [2, 2, 1]];
  return supercell(s, choices[random.int(s.species.length > 8 ? 3 : 4)]!);
}

export const CSP = { ltol: 0.3, stol: 0.5, angleTol: 10 };
export const DEFAULT = { ltol: 0.2, stol: 0.3, angleTol: 5 };

/** Cross-check cases drawn from the given datasets (structures per dataset), deterministic for a seed. */
export function generateCases(datasets: Structure[][], perDataset: number, seed: number): MatcherCase[] {
  const random = rng(seed);
  const cases: MatcherCase[] = [];
  const settings = [CSP, DEFAULT];
  for (const list of datasets) {
    const byFormula = new Map<string, Structure[]>();
    for (const s of list) {
      const key = Array.from(s.species).sort((a, b) => a - b).join(",");
      byFormula.set(key, [...(byFormula.get(key) ?? []), s]);
    }
    const polymorphGroups = [...byFormula.values()].filter((g) => g.length > 1);
    for (let k = 0; k < perDataset; k++) {
      const s = list[random.int(list.length)]!;
      const options = settings[k % 2]!;
      const kind = k % 8;
      if (kind === 0 || kind === 1) {
        const sigma = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5][random.int(6)]!;
        cases.push({ kind: `perturbed ${sigma}`, a: s, b: perturbed(s, sigma, random), options });
      } else if (kind === 2) {
        const attemptSupercell = random.next() < 0.7;
        cases.push({ kind: `supercell${attemptSupercell ? "+attempt" : ""}`, a: perturbed(randomSupercell(s, random), 0.03, random), b: s, options: { ...options, attemptSupercell } });
      } else if (kind === 3) {
        cases.push({ kind: "rotated+permuted", a: s, b: perturbed(rotatedPermuted(s, random), 0.05 * random.next(), random), options });
      } else if (kind === 4) {
        const eps = [0.02, 0.05, 0.1, 0.2][random.int(4)]!;
        cases.push({ kind: `strained ${eps}`, a: s, b: perturbed(strained(s, eps, random), 0.02, random), options });
      } else if (kind === 5 && polymorphGroups.length > 0) {
        const g = polymorphGroups[random.int(polymorphGroups.length)]!;
        const i = random.int(g.length);
        let j = random.int(g.length - 1);
        if (j >= i) j++;
        cases.push({ kind: "polymorphs", a: g[i]!, b: g[j]!, options });
      } else if (kind === 6) {
        const other = datasets[random.int(datasets.length)]!;
        cases.push({ kind: "cross-dataset", a: s, b: other[random.int(other.length)]!, options });
      } else {
        const t = list[random.int(list.length)]!;
        cases.push({ kind: "random same-dataset", a: s, b: t, options });
      }
    }
  }
  return cases;
}

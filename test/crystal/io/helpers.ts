// Test helpers for the IO tests: periodic comparison of structures and the cif column of the shared dataset CSVs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { expect } from "vitest";
import { reducedFormula } from "../../../src/crystal/composition.js";
import { type CifEntry, readCifs } from "../../../src/crystal/io/index.js";
import { sharedPositions } from "../../../src/crystal/shared-positions.js";
import type { Structure } from "../../../src/crystal/structure.js";
import { parseCsvText } from "../../../src/datasets/csv.js";
import { DATA_DIR } from "../../shared-paths.js";

export const FIXTURES = new URL("../../fixtures/structures/", import.meta.url).pathname;
export { DATA_DIR };
export const REALWORLD = new URL("../../fixtures/cif-realworld/", import.meta.url).pathname;

/** readCifs on a real-world fixture, the file named by its base name (as in error messages). */
export function readRealWorld(name: string): CifEntry[] {
  return readCifs(readFileSync(REALWORLD + name, "utf8"), { file: name });
}

/** An entry as pymatgen summarises it: sites (co-located ones as one), reduced formula, and the reader's warnings. */
export function entrySummary(e: CifEntry): { nsites: number; formula: string; warnings: string[] } {
  const s = e.structure;
  return { nsites: sharedPositions(s).length, formula: reducedFormula(s.species, s.occupancies), warnings: e.warnings };
}

/** Largest periodic difference |Δf − round(Δf)| between two fractional coordinate arrays. */
export function maxPeriodicFracDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    m = Math.max(m, Math.abs(d - Math.round(d)));
  }
  return m;
}

/** Asserts two structures are identical site by site within tol (lattice Å, fractional coordinates periodic, occupancies). */
export function expectSameStructure(a: Structure, b: Structure, tol = 1e-8): void {
  expect(Array.from(b.species)).toEqual(Array.from(a.species));
  for (let i = 0; i < 9; i++) expect(Math.abs(a.lattice.matrix[i]! - b.lattice.matrix[i]!)).toBeLessThan(tol);
  expect(maxPeriodicFracDiff(a.fracCoords, b.fracCoords)).toBeLessThan(tol);
  const occA = Array.from(a.species, (_, i) => a.occupancies?.[i] ?? 1);
  const occB = Array.from(b.species, (_, i) => b.occupancies?.[i] ?? 1);
  occA.forEach((o, i) => expect(Math.abs(o - occB[i]!)).toBeLessThan(tol));
}

/** Sites as sortable rows [Z, f1, f2, f3] with coordinates wrapped to [0, 1) and rounded to `digits`. */
export function sortedSites(species: ArrayLike<number>, frac: ArrayLike<number>, digits = 4): number[][] {
  const rows: number[][] = [];
  const w = (x: number) => {
    const r = Number((x - Math.floor(x)).toFixed(digits));
    return r >= 1 ? 0 : r;
  };
  for (let i = 0; i < species.length; i++) rows.push([species[i]!, w(frac[3 * i]!), w(frac[3 * i + 1]!), w(frac[3 * i + 2]!)]);
  return rows.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]! || p[2]! - q[2]! || p[3]! - q[3]!);
}

/** The first n CIF strings (with their material ids) of a dataset CSV under the shared data dir. */
export function datasetCifs(relPath: string, n: number): { id: string; cif: string }[] {
  const bytes = readFileSync(join(DATA_DIR, relPath));
  // The first 4 MB hold far more than the rows the tests use; the datasets module's RFC-4180 parser splits them.
  const text = (relPath.endsWith(".gz") ? gunzipSync(bytes) : bytes).subarray(0, 4_000_000).toString("utf8");
  // Cut before the last record start (a line beginning "<index>,"; no CIF line does) so no record is truncated.
  let cut = text.length;
  for (const m of text.matchAll(/\n(?=\d+,)/g)) cut = m.index;
  const [header, ...records] = parseCsvText(text.slice(0, cut + 1));
  const c = header!.fields.indexOf("cif");
  const m = header!.fields.indexOf("material_id");
  return records.slice(0, n).map((r) => ({ id: r.fields[m]!, cif: r.fields[c]! }));
}

/** Asserts that two site lists are the same set: every site of `a` matches a distinct site of `b` with the same Z within `tol` (fractional, periodic). */
export function expectSameSites(aSpecies: ArrayLike<number>, aFrac: ArrayLike<number>, bSpecies: ArrayLike<number>, bFrac: ArrayLike<number>, tol = 1e-6, what = ""): void {
  expect(bSpecies.length, what).toBe(aSpecies.length);
  const used = new Uint8Array(bSpecies.length);
  for (let i = 0; i < aSpecies.length; i++) {
    let found = -1;
    for (let j = 0; j < bSpecies.length && found < 0; j++) {
      if (used[j] || bSpecies[j] !== aSpecies[i]) continue;
      if (maxPeriodicFracDiff([aFrac[3 * i]!, aFrac[3 * i + 1]!, aFrac[3 * i + 2]!], [bFrac[3 * j]!, bFrac[3 * j + 1]!, bFrac[3 * j + 2]!]) < tol) found = j;
    }
    expect(found, `${what}: site ${i} (Z=${aSpecies[i]}) has no partner`).toBeGreaterThanOrEqual(0);
    used[found] = 1;
  }
}

// Cross-check of the moyo bridge against spglib (Debian python3-spglib) on every structure of two test sets.
// Acceptance: space-group numbers agree at symprec 0.1 Å on every structure but the known, explained disagreements
// (tolerance-threshold cases, listed below by row); each disagreement is printed.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { readCif } from "../../src/crystal/io/index.js";
import { reducedFormula } from "../../src/crystal/composition.js";
import type { Structure } from "../../src/crystal/structure.js";
import { analyzeSymmetry, spaceGroupOperations } from "../../src/crystal/symmetry/index.js";
import { DATA_DIR } from "../shared-paths.js";

const SYMPREC = 0.1;

interface Reference {
  row: number;
  id: string;
  cif: string;
  number: number | null;
}

function spglibReference(csv: string): Reference[] {
  const out = execFileSync("/usr/bin/python3", ["test/py/symmetry_spglib.py", `${DATA_DIR}/${csv}`, String(SYMPREC)], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return out.trim().split("\n").map((line) => JSON.parse(line) as Reference);
}

/** Point-group order (operations per primitive cell) of a space group, or "?" when unknown. */
function order(n: number | string | null): number | string {
  return typeof n === "number" ? spaceGroupOperations(n, { primitive: true }).length : "?";
}

/**
 * Why the two disagree: the group orders (which one found more symmetry) and moyo's answers at nearby tolerances,
 * which show whether the structure sits at the symprec threshold (the usual reason: the two codes fix the
 * translation of an approximate operation differently, see src/crystal/symmetry/spglib-tolerance.ts).
 */
function explain(s: Structure, ours: number | string, theirs: number | null): string {
  const nearby = [0.05, 0.08, 0.09, 0.11, 0.12, 0.2].map((tol) => {
    try {
      return `${tol}→${analyzeSymmetry(s, { symprec: tol }).number}`;
    } catch {
      return `${tol}→error`;
    }
  });
  const hit = nearby.find((x) => x.endsWith(`→${theirs}`));
  return (
    `point-group orders moyo ${order(ours)} vs spglib ${order(theirs)}; moyo at other symprec ${nearby.join(" ")}` +
    (hit ? ` (threshold effect: moyo agrees at symprec ${hit.split("→")[0]} Å)` : " (moyo finds spglib's group at none of these tolerances: the two codes' tolerance tests differ for this structure)")
  );
}

/**
 * The measured disagreements (spglib 2.0.2 through Debian's python3-spglib; moyo-wasm 0.15.0): perov_5 99.947 %,
 * mpts_52 99.963 % agreement. A new disagreement, or a known one that goes away, fails the test.
 */
const KNOWN_DISAGREEMENTS: Readonly<Record<string, readonly number[]>> = {
  "perov_5/test.csv": [454, 1103],
  "mpts_52/test.csv.gz": [97, 3245, 3967],
};

function crossCheck(csv: string): void {
  const refs = spglibReference(csv);
  const disagreements: string[] = [];
  const rows: number[] = [];
  for (const ref of refs) {
    const s = readCif(ref.cif, { file: `${csv} row ${ref.row}` });
    let ours: number | string;
    try {
      ours = analyzeSymmetry(s, { symprec: SYMPREC }).number;
    } catch (e) {
      ours = (e as Error).message;
    }
    if (ours !== ref.number) {
      rows.push(ref.row);
      disagreements.push(`row ${ref.row} ${ref.id} ${reducedFormula(s.species)} (${s.species.length} atoms): moyo ${ours}, spglib ${ref.number}; ${explain(s, ours, ref.number)}`);
    }
  }
  const agreement = 1 - disagreements.length / refs.length;
  console.log(
    `${csv}: ${refs.length} structures, moyo and spglib agree on ${(100 * agreement).toFixed(3)} % at symprec ${SYMPREC} Å` +
      (disagreements.length ? `; disagreements:\n  ${disagreements.join("\n  ")}` : ""),
  );
  expect(refs.length).toBeGreaterThan(1000);
  expect(rows).toEqual(KNOWN_DISAGREEMENTS[csv]);
}

describe("analyzeSymmetry agrees with spglib", () => {
  it("on the Perov-5 test set (3785 structures) but 2 threshold cases", () => crossCheck("perov_5/test.csv"), 300_000);
  it("on the MPTS-52 test set (8096 structures) but 3 known cases", () => crossCheck("mpts_52/test.csv.gz"), 300_000);
});

// Acceptance cross-check against pymatgen 2022.11 on every CIF of perov_5 test and mpts_52 test: our CIF parse
// (formula, sites, cell, volume, density), LLL basis, and Niggli reduction agree with pymatgen's.
import { describe, expect, it } from "vitest";
import {
  type Structure,
  density,
  latticeFromMatrix,
  latticeParameters,
  latticeVolume,
  lllReduce,
  makeStructure,
  niggliReduce,
  reducedFormula,
  reducedStructure,
} from "../../src/crystal/index.js";
import { readCif } from "../../src/crystal/io/index.js";
import { type PymatgenRecord, pymatgenReference } from "./pymatgen-reference.js";

const dataDir = process.env.CRYSTAL_DATA_DIR ?? new URL("../../../shared/data", import.meta.url).pathname;
/** Rows per dataset; all by default (CRYSTAL_CROSSCHECK_N limits it while developing). */
const limit = process.env.CRYSTAL_CROSSCHECK_N ? Number(process.env.CRYSTAL_CROSSCHECK_N) : undefined;

const paramsOf = (s: { lattice: Parameters<typeof latticeParameters>[0] }) => {
  const p = latticeParameters(s.lattice);
  return [p.a, p.b, p.c, p.alpha, p.beta, p.gamma];
};

/** Index of the first lattice parameter off by more than 1e-4 Å / 1e-3°, or -1. */
function paramMismatch(ours: number[], ref: number[]): number {
  return ours.findIndex((v, i) => !(Math.abs(v - ref[i]!) <= (i < 3 ? 1e-4 : 1e-3)));
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function pymatgenStructure(r: PymatgenRecord): Structure {
  return makeStructure({ lattice: latticeFromMatrix(r.matrix), species: r.species, fracCoords: r.frac });
}

/** Every disagreement of one row, as readable lines. */
function compareRow(r: PymatgenRecord): string[] {
  const bad: string[] = [];
  if (r.error) return [`row ${r.row}: pymatgen could not parse it (${r.error})`];
  let s: Structure;
  try {
    s = readCif(r.cif, { file: `row ${r.row}` });
  } catch (e) {
    return [`row ${r.row}: readCif threw ${(e as Error).message}`];
  }
  const occ = s.occupancies;
  const formula = reducedFormula(s.species, occ);
  if (formula !== r.formula) bad.push(`row ${r.row}: formula ${formula} vs pymatgen ${r.formula}`);
  if (s.species.length !== r.nsites) bad.push(`row ${r.row}: ${s.species.length} sites vs pymatgen ${r.nsites}`);
  const p = paramsOf(s);
  if (paramMismatch(p, r.params) >= 0) bad.push(`row ${r.row}: cell ${p} vs pymatgen ${r.params}`);
  const v = latticeVolume(s.lattice);
  if (!(Math.abs(v - r.volume) <= 1e-6 * r.volume)) bad.push(`row ${r.row}: volume ${v} vs pymatgen ${r.volume}`);
  const d = density(s);
  if (!(Math.abs(d - r.density) <= 1e-6 * r.density)) bad.push(`row ${r.row}: density ${d} vs pymatgen ${r.density}`);
  // Niggli parameters from our own parse.
  const np = paramsOf(reducedStructure(s));
  if (paramMismatch(np, r.niggliParams) >= 0) bad.push(`row ${r.row}: Niggli ${np} vs pymatgen ${r.niggliParams}`);
  // LLL and Niggli matrices from pymatgen's own lattice: the same basis vectors, not just the same parameters.
  const ps = pymatgenStructure(r);
  const lll = lllReduce(ps.lattice);
  if (maxAbsDiff(lll.lattice.matrix, r.lllMatrix) > 1e-8 || maxAbsDiff(lll.mapping, r.lllMapping) > 0) {
    // Exact ties (a Gram–Schmidt coefficient of exactly ±1/2 in a symmetric cell) are broken by 1-ulp differences of
    // numpy's BLAS dot products; the other choice is an equally reduced basis: same lengths, same distances.
    const ours = paramsOf(lll).slice(0, 3).sort((x, y) => x - y);
    const ref = paramsOf({ lattice: latticeFromMatrix(r.lllMatrix) }).slice(0, 3).sort((x, y) => x - y);
    if (maxAbsDiff(ours, ref) > 1e-8) bad.push(`row ${r.row}: LLL basis ${Array.from(lll.mapping)} vs pymatgen ${r.lllMapping}`);
    else lllTies.push(r.row);
  }
  const nm = niggliReduce(ps.lattice).matrix;
  if (maxAbsDiff(nm, r.niggliMatrix) > 1e-8) bad.push(`row ${r.row}: Niggli matrix ${Array.from(nm)} vs pymatgen ${r.niggliMatrix}`);
  const rs = reducedStructure(ps);
  if (maxAbsDiff(rs.fracCoords, r.niggliFrac) > 1e-6) {
    // A coordinate at the cell boundary may be 0 on one side and 1 on the other (numpy mod keeps 1.0 for −1e-17).
    const wrapped = Array.from(rs.fracCoords, (x, i) => Math.abs(x - r.niggliFrac[i]!) > 0.5 ? 1 - Math.abs(x - r.niggliFrac[i]!) : Math.abs(x - r.niggliFrac[i]!));
    if (Math.max(...wrapped) > 1e-6) bad.push(`row ${r.row}: Niggli frac coords differ by ${Math.max(...wrapped)}`);
  }
  return bad;
}

/** Rows whose LLL basis differs from pymatgen's only by the choice at an exact tie (reported, not failed). */
let lllTies: number[] = [];

function crossCheck(csv: string): { rows: number; disagreements: string[] } {
  const records = pymatgenReference(csv, limit);
  lllTies = [];
  const disagreements = records.flatMap(compareRow);
  console.log(`${csv}: ${records.length} rows, ${disagreements.length} disagreements, ${lllTies.length} LLL ties broken differently (rows ${lllTies.join(", ")})`);
  return { rows: records.length, disagreements };
}

describe("crystal core agrees with pymatgen on every CIF of the benchmark test sets", () => {
  it("perov_5 test: parse, cell, density, LLL and Niggli reduction", () => {
    const { rows, disagreements } = crossCheck(`${dataDir}/perov_5/test.csv`);
    if (disagreements.length) console.log(disagreements.slice(0, 50).join("\n"));
    expect(rows).toBe(limit ?? 3785);
    expect(disagreements).toEqual([]);
  }, 900_000);

  it("mpts_52 test: parse, cell, density, LLL and Niggli reduction", () => {
    const { rows, disagreements } = crossCheck(`${dataDir}/mpts_52/test.csv.gz`);
    if (disagreements.length) console.log(disagreements.slice(0, 50).join("\n"));
    expect(rows).toBe(limit ?? 8096);
    expect(disagreements).toEqual([]);
  }, 900_000);
});

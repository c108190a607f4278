// CIFs that give only a space-group symbol: the standard-setting operations must expand a general position to the
// group's full orbit, exactly as pymatgen's CifParser does for unambiguous symbols.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { atomicNumber } from "../../../src/crystal/elements.js";
import { latticeParameters, latticeFromMatrix } from "../../../src/crystal/lattice.js";
import { operationsFromSpaceGroupSymbol, readCif } from "../../../src/crystal/io/index.js";
import { expectSameSites } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "cw-io-sg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// [symbol, cell a b c α β γ, general-position multiplicity in the conventional cell (ITA)]
const CASES: [string, number[], number][] = [
  ["P 1 21/c 1", [5.1, 6.2, 7.3, 90, 101.5, 90], 4],
  ["C 1 2/c 1", [9.1, 6.2, 7.3, 90, 110, 90], 8],
  ["P n m a", [5.1, 6.2, 7.3, 90, 90, 90], 8],
  ["C m c m", [5.1, 6.2, 7.3, 90, 90, 90], 16],
  ["I 4/m m m", [4.1, 4.1, 7.3, 90, 90, 90], 32],
  ["P 42/m n m", [4.6, 4.6, 2.96, 90, 90, 90], 16],
  ["R -3 m", [3.1, 3.1, 15.2, 90, 90, 120], 36],
  ["P 63/m m c", [3.2, 3.2, 5.2, 90, 90, 120], 24],
  ["P -3 m 1", [3.2, 3.2, 5.2, 90, 90, 120], 12],
  ["F m -3 m", [5.6, 5.6, 5.6, 90, 90, 90], 192],
  ["I a -3 d", [12.1, 12.1, 12.1, 90, 90, 90], 96],
  ["P m -3 m", [3.9, 3.9, 3.9, 90, 90, 90], 48],
];

const cifText = (symbol: string, c: number[]) => `data_general
_cell_length_a ${c[0]}
_cell_length_b ${c[1]}
_cell_length_c ${c[2]}
_cell_angle_alpha ${c[3]}
_cell_angle_beta ${c[4]}
_cell_angle_gamma ${c[5]}
_symmetry_space_group_name_H-M '${symbol}'
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Si1 0.1234 0.2345 0.3456
`;

describe("operations from an H-M symbol (standard setting) expand a general position to the full orbit", () => {
  test.each(CASES)("%s (multiplicity of the general position from ITA)", (symbol, cell, mult) => {
    const s = readCif(cifText(symbol, cell), { file: `${symbol}.cif` });
    expect(s.species.length).toBe(mult);
  });

  test("short monoclinic symbols mean the standard setting: 'P 21/c' = 'P 1 21/c 1', 'C 2/c' = 'C 1 2/c 1'", () => {
    // pymatgen 2022.11 does not recognise these short symbols and falls back to P1 (with a warning).
    for (const [short, full] of [["P 21/c", 0], ["C 2/c", 1]] as const) {
      const a = readCif(cifText(short, CASES[full]![1]));
      const b = readCif(cifText(CASES[full]![0], CASES[full]![1]));
      expectSameSites(a.species, a.fracCoords, b.species, b.fracCoords, 1e-12, short);
    }
  });

  test("the expanded positions equal pymatgen CifParser's for all 12 symbols", () => {
    const paths = CASES.map(([symbol, cell], i) => {
      const p = join(dir, `sg${i}.cif`);
      writeFileSync(p, cifText(symbol, cell));
      return p;
    });
    const out = execFileSync("/usr/bin/python3", ["test/py/io_pymatgen_read.py", ...paths], { encoding: "utf8", timeout: 120_000 });
    out.trim().split("\n").forEach((line, i) => {
      const r = JSON.parse(line) as { ok: boolean; error?: string; structures: { species: string[]; frac: number[][]; lattice: number[][] }[] };
      expect(r.ok, r.error).toBe(true);
      const p = r.structures[0]!;
      const s = readCif(cifText(CASES[i]![0], CASES[i]![1]));
      expectSameSites(s.species, s.fracCoords, p.species.map((x) => atomicNumber(x)), p.frac.flat(), 1e-6, CASES[i]![0]);
      expect(latticeParameters(latticeFromMatrix(p.lattice)).gamma).toBeCloseTo(CASES[i]![1][5]!, 8);
    });
  });

  test.each([
    ["F d -3 m", 227, "two origin choices"],
    ["P n m a", 14, "IT number says 14"],
    [undefined, 62, "several settings"],
  ] as const)("refused: symbol %s, number %s (%s)", (symbol, number, reason) => {
    const cell = { a: 3.1, b: 3.1, c: 15.2, alpha: 90, beta: 90, gamma: 120 };
    const r = operationsFromSpaceGroupSymbol(symbol, number, cell);
    expect("reason" in r && r.reason).toMatch(reason);
  });
  test("accepted: 'F d -3 m :2', 'F d -3 m Z' (ICSD style), the number 225 alone, 'R -3 m H'; non-standard settings 'P 1 21/n 1', 'P b n m', 'F d -3 m :1', 'R -3 m :R'", () => {
    const cubic = { a: 3.5, b: 3.5, c: 3.5, alpha: 90, beta: 90, gamma: 90 };
    const hex = { a: 3.1, b: 3.1, c: 15.2, alpha: 90, beta: 90, gamma: 120 };
    const count = (r: ReturnType<typeof operationsFromSpaceGroupSymbol>) => ("operations" in r ? r.operations.length : r.reason);
    expect(count(operationsFromSpaceGroupSymbol("F d -3 m :2", 227, cubic))).toBe(192);
    expect(count(operationsFromSpaceGroupSymbol("F d -3 m Z", undefined, cubic))).toBe(192);
    expect(count(operationsFromSpaceGroupSymbol(undefined, 225, cubic))).toBe(192);
    expect(count(operationsFromSpaceGroupSymbol("R -3 m H", undefined, hex))).toBe(36);
    const setting = (symbol: string, cell: typeof cubic) => {
      const r = operationsFromSpaceGroupSymbol(symbol, undefined, cell);
      return "operations" in r ? [r.number, r.hallNumber, r.operations.length] : r.reason;
    };
    expect(setting("P 1 21/n 1", hex)).toEqual([14, 82, 4]);
    expect(setting("P b n m", hex)).toEqual([62, 294, 8]);
    expect(setting("F d -3 m :1", cubic)).toEqual([227, 525, 192]);
    expect(setting("R -3 m :R", hex)).toEqual([166, 459, 12]);
  });
});

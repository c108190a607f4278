// writeCif with symprec: the refined conventional cell's asymmetric unit and operations, checked against
// pymatgen's CifWriter(structure, symprec) and by reading the file back (ours and pymatgen's readers).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parseCifBlocks, parseXyzOperation, readCif, writeCif } from "../../../src/crystal/io/index.js";
import { standardConventionalCell } from "../../../src/crystal/symmetry/index.js";
import { FIXTURES, datasetCifs, expectSameSites } from "./helpers.js";

const PYTHON = "/usr/bin/python3";
const dir = mkdtempSync(join(tmpdir(), "cw-io-sym-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Items, operations (as sorted canonical strings) and atom rows of a CIF text. */
function summary(text: string) {
  const [b] = parseCifBlocks(text);
  const t = b!.tokens;
  const item = (tag: string) => t.text.slice(t.starts[b!.items.get(tag)!]!, t.ends[b!.items.get(tag)!]!);
  const loopRows = (tag: string) => {
    const [li] = b!.looped.get(tag)!;
    const loop = b!.loops[li]!;
    return Array.from({ length: loop.rows }, (_, r) => loop.tags.map((_, c) => t.text.slice(t.starts[loop.first + r * loop.tags.length + c]!, t.ends[loop.first + r * loop.tags.length + c]!)));
  };
  const canon = (op: string) => {
    const o = parseXyzOperation(op);
    return JSON.stringify([o.rotation, o.translation.map((x) => Number((((x % 1) + 1) % 1).toFixed(6)) % 1)]);
  };
  return {
    symbol: item("_symmetry_space_group_name_h-m"),
    number: item("_symmetry_int_tables_number"),
    formulaSum: item("_chemical_formula_sum"),
    z: item("_cell_formula_units_z"),
    ops: loopRows("_symmetry_equiv_pos_as_xyz").map((r) => canon(r[1]!)).sort(),
    // type, label, multiplicity, x, y, z (occupancy formatting differs: pymatgen writes "1.0" after parsing)
    atoms: loopRows("_atom_site_fract_x").map((r) => r.slice(0, 6).map((v) => (v === "-0.00000000" ? "0.00000000" : v))),
  };
}

const fixtures = ["nacl-fm3m.cif", "rutile-p42mnm-newstyle.cif", "wurtzite-zno-p63mc.cif"];

describe("writeCif(s, { symprec }) writes the symmetrised CIF like pymatgen's CifWriter", () => {
  const rows = datasetCifs("mpts_52/test.csv.gz", 12).map((r, i) => {
    const f = join(dir, `mpts${i}.cif`);
    writeFileSync(f, r.cif);
    return f;
  });
  const files = [...fixtures.map((f) => FIXTURES + f), ...rows];

  test("same space group, formula, Z, operations and asymmetric-unit species with multiplicities as CifWriter(symprec=0.01)", () => {
    const out = execFileSync(PYTHON, ["test/py/io_pymatgen_write.py", "0.01", ...files], { encoding: "utf8", timeout: 120_000 });
    const refs = out.trim().split("\n").map((l) => JSON.parse(l) as { file: string; cif: string });
    expect(refs).toHaveLength(files.length);
    let sameRows = 0;
    refs.forEach((ref, i) => {
      const ours = summary(writeCif(readCif(readFileSync(files[i]!, "utf8")), { symprec: 0.01 }));
      const theirs = summary(ref.cif);
      expect({ ...ours, atoms: undefined }, ref.file).toEqual({ ...theirs, atoms: undefined });
      expect(ours.atoms.length, ref.file).toBe(theirs.atoms.length);
      const typeAndMultiplicity = (rows: string[][]) => rows.map((r) => `${r[0]} ${r[2]}`).sort();
      expect(typeAndMultiplicity(ours.atoms), ref.file).toEqual(typeAndMultiplicity(theirs.atoms));
      if (JSON.stringify(ours.atoms) === JSON.stringify(theirs.atoms)) sameRows++;
    });
    // Representatives are chosen by pymatgen's rule, but the refined cell comes from moyo, which may pick another of the
    // equivalent origins than spglib (e.g. z shifted by 1/2 in Cmcm): then the rows differ by that shift. They agree
    // on the fixtures and on part of the dataset rows (5 of 15 when this was written).
    expect(sameRows).toBeGreaterThanOrEqual(4);
  });

  test("reading the symmetrised CIF back gives the standard conventional cell (ours and pymatgen's reader)", () => {
    const written = files.map((f, i) => {
      const s = readCif(readFileSync(f, "utf8"));
      const path = join(dir, `sym${i}.cif`);
      writeFileSync(path, writeCif(s, { symprec: 0.01 }));
      return { s, path };
    });
    const out = execFileSync(PYTHON, ["test/py/io_pymatgen_read.py", ...written.map((w) => w.path)], { encoding: "utf8", timeout: 120_000 });
    const refs = out.trim().split("\n").map((l) => JSON.parse(l) as { ok: boolean; structures: { species: string[]; frac: number[][] }[] });
    written.forEach(({ s, path }, i) => {
      const conv = standardConventionalCell(s, { symprec: 0.01, setting: "Spglib" });
      const back = readCif(readFileSync(path, "utf8"), { file: path });
      expectSameSites(conv.species, conv.fracCoords, back.species, back.fracCoords, 1e-7, path);
      expect(refs[i]!.ok).toBe(true);
      expect(refs[i]!.structures[0]!.species.length, path).toBe(conv.species.length);
    });
  });
});

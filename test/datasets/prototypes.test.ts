import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { atomicNumber } from "../../src/crystal/elements.js";
import { writeCif } from "../../src/crystal/io/cif-write.js";
import { latticeParameters } from "../../src/crystal/lattice.js";
import { analyzeSymmetry } from "../../src/crystal/symmetry/analyze.js";
import { type Dataset, loadDataset } from "../../src/datasets/load.js";
import { datasetPath } from "../../src/datasets/paths.js";
import { datasetSpec } from "../../src/datasets/registry.js";

const BUNDLED = join(import.meta.dirname, "..", "..", "data", "prototypes");

describe("the bundled prototypes dataset", () => {
  const splits: Record<string, Dataset> = {};
  beforeAll(async () => {
    const saved = process.env.CRYSTAL_DATA_DIR;
    delete process.env.CRYSTAL_DATA_DIR;
    try {
      for (const s of ["train", "val", "test"]) splits[s] = await loadDataset("prototypes", s, { download: false });
    } finally {
      if (saved !== undefined) process.env.CRYSTAL_DATA_DIR = saved;
    }
  });

  it("loads from data/prototypes inside the package without CRYSTAL_DATA_DIR, every row kept", () => {
    expect(datasetSpec("prototypes").bundledDir).toBe(`${BUNDLED}/`);
    const counts = Object.fromEntries(Object.entries(splits).map(([s, d]) => [s, d.structures.length]));
    expect(counts).toEqual({ train: 1067, val: 134, test: 134 });
    for (const d of Object.values(splits)) {
      expect(d.provenance.file.startsWith(BUNDLED)).toBe(true);
      expect(d.provenance.rowsRejected).toEqual([]);
      expect(d.provenance.missingColumns).toEqual([]);
      expect(d.provenance.extraColumns).toEqual([]);
    }
    const total = ["train", "val", "test"].reduce((s, x) => s + statSync(join(BUNDLED, `${x}.csv`)).size, 0);
    expect(total).toBeLessThan(3 * 1024 * 1024);
    const ids = Object.values(splits).flatMap((d) => d.table.array("id") as string[]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(datasetPath("prototypes", "test", { dataDir: "/nonexistent" })).toBe(join(BUNDLED, "test.csv"));
  });

  it("has the space group it claims (moyo at symprec 1e-3), the density pymatgen computes from its CIF, and its site count, on every row", () => {
    // The density column was written by our density(); the reference is pymatgen reading the same CIF text.
    const py = [
      "import csv, json, sys, warnings",
      "warnings.filterwarnings('ignore')",
      "from pymatgen.core import Structure",
      "csv.field_size_limit(1 << 30)",
      "out = {}",
      "for path in sys.argv[1:]:",
      "    for row in csv.DictReader(open(path)):",
      "        out[row['material_id']] = Structure.from_str(row['cif'], fmt='cif').density",
      "print(json.dumps(out))",
    ].join("\n");
    const pymatgen = JSON.parse(execFileSync("/usr/bin/python3", ["-c", py, ...["train", "val", "test"].map((x) => join(BUNDLED, `${x}.csv`))], { maxBuffer: 1 << 26 }).toString()) as Record<string, number>;
    let wrongGroup = 0;
    let wrongDensity = 0;
    let wrongSites = 0;
    let checked = 0;
    for (const d of Object.values(splits))
      d.structures.forEach((s, k) => {
        const row = d.table.object(k) as Record<string, number | string>;
        if (analyzeSymmetry(s, { symprec: 1e-3 }).number !== row["spacegroup.number"]) wrongGroup++;
        const ref = pymatgen[String(row["id"])]!;
        checked++;
        if (!(Math.abs((row["density"] as number) - ref) <= 1e-5 * ref)) wrongDensity++;
        if (s.species.length !== row["nsites_file"]) wrongSites++;
      });
    expect(checked).toBe(1335);
    expect([wrongGroup, wrongDensity, wrongSites]).toEqual([0, 0, 0]);
  });

  it("rock-salt NaCl: a = 2(r_Na + r_Cl) (Shannon CN VI) and Madelung energy −M e²/(4πε₀ r₀)/2 per atom, M = 1.747565", () => {
    const k = (splits.test!.table.array("id") as string[]).indexOf("proto-rocksalt-NaCl");
    expect(k).toBeGreaterThanOrEqual(0);
    const s = splits.test!.structures[k]!;
    const r0 = 1.02 + 1.81;
    expect(latticeParameters(s.lattice).a).toBeCloseTo((2 * r0) / Math.SQRT2, 6); // primitive fcc cell
    expect(splits.test!.table.object(k)).toMatchObject({ formula: "NaCl", prototype: "rocksalt", "spacegroup.number": 225 });
    expect((splits.test!.table.object(k) as { madelung_energy: number }).madelung_energy).toBeCloseTo((-1.747565 * 14.3996454784) / r0 / 2, 5);
  });

  it("madelung_energy agrees with pymatgen's EwaldSummation on formal charges across prototypes", () => {
    const charge: Record<string, number> = { Na: 1, K: 1, Cs: 1, Li: 1, Cl: -1, F: -1, I: -1, Zn: 2, Ni: 2, Mg: 2, Ca: 2, Cd: 2, S: -2, O: -2, Ti: 4, Al: 3, La: 3, Ga: 3, N: -3 };
    const picked: { cif: string; charges: Record<string, number>; energy: number; proto: string }[] = [];
    for (const d of Object.values(splits))
      d.structures.forEach((s, k) => {
        const symbols = Array.from(s.species, (z) => Object.keys(charge).find((e) => atomicNumber(e) === z));
        if (symbols.some((e) => e === undefined)) return;
        const proto = String(d.table.get("prototype", k));
        if (picked.filter((p) => p.proto === proto).length >= 6) return;
        if (symbols.reduce((sum, e) => sum + charge[e!]!, 0) !== 0) return; // e.g. TiN holds Ti3+, not the Ti4+ of TiO2
        const row = d.table.object(k) as { madelung_energy: number; prototype: string };
        picked.push({ cif: writeCif(s), charges: Object.fromEntries(symbols.map((e) => [e!, charge[e!]!])), energy: row.madelung_energy, proto: row.prototype });
      });
    expect(new Set(picked.map((p) => p.proto)).size).toBeGreaterThanOrEqual(8);
    const ref = JSON.parse(execFileSync("/usr/bin/python3", ["test/py/datasets_reference.py", "ewald"], { input: JSON.stringify(picked.map((p) => [p.cif, p.charges])), maxBuffer: 1 << 26 }).toString()) as { energy: number }[];
    picked.forEach((p, k) => expect(p.energy, `${p.proto} ${p.cif.split("\n")[1]}`).toBeCloseTo(ref[k]!.energy, 4));
  }, 120_000);
});

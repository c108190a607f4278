import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCif } from "../../../src/crystal/io/index.js";
import { latticeFromParameters, latticeParameters } from "../../../src/crystal/lattice.js";
import { reducedStructure } from "../../../src/crystal/reduced-structure.js";
import { makeStructure, type Structure } from "../../../src/crystal/structure.js";
import { parseCsvText } from "../../../src/datasets/csv.js";
import { CRYSTALNN_FINGERPRINT_LABELS, crystalNNFingerprint } from "../../../src/metrics/fingerprints/structure-fingerprint.js";
import { DATA_DIR } from "../../shared-paths.js";
import { GOLDEN_FILE } from "../../shared-paths.js";

interface GoldenRow {
  dataset: string;
  split: string;
  row: number;
  struct_fp: number[];
}
const golden = JSON.parse(readFileSync(GOLDEN_FILE, "utf8")) as {
  per_structure: GoldenRow[];
  struct_fp_labels: string[];
};
const dataDir = DATA_DIR;

/** Golden preprocessing (setup.preprocessing, CDVAE build_crystal): CIF → Niggli → rebuilt from lattice parameters. */
function goldenStructure(dataset: string, split: string, row: number): Structure {
  const [header, ...records] = parseCsvText(readFileSync(`${dataDir}/${dataset}/${split}.csv`, "utf8"));
  const cif = records[row]!.fields[header!.fields.indexOf("cif")]!;
  const niggli = reducedStructure(readCif(cif));
  const p = latticeParameters(niggli.lattice);
  return makeStructure({ lattice: latticeFromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma), species: niggli.species, fracCoords: niggli.fracCoords });
}

describe("CrystalNN ops fingerprint reproduces metrics-golden.json struct_fp", () => {
  it("uses matminer's 61 feature labels in order", () => {
    expect(CRYSTALNN_FINGERPRINT_LABELS).toEqual(golden.struct_fp_labels);
  });
  for (const g of golden.per_structure) {
    it(`${g.dataset} ${g.split} row ${g.row}: every component within 1e-6`, () => {
      const fp = crystalNNFingerprint(goldenStructure(g.dataset, g.split, g.row));
      expect(fp.length).toBe(61);
      const dev = Math.max(...g.struct_fp.map((v, i) => Math.abs(v - fp[i]!)));
      expect(dev).toBeLessThan(1e-6);
    });
  }
});

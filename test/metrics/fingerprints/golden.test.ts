import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CRYSTALNN_FINGERPRINT_LABELS, crystalNNFingerprint } from "../../../src/metrics/fingerprints/structure-fingerprint.js";
import { runReference, toStructure } from "./reference.js";

interface GoldenRow {
  dataset: string;
  split: string;
  row: number;
  struct_fp: number[];
}
const golden = JSON.parse(readFileSync("/work/shared/golden/metrics-golden.json", "utf8")) as {
  per_structure: GoldenRow[];
  struct_fp_labels: string[];
};

describe("CrystalNN ops fingerprint reproduces metrics-golden.json struct_fp", () => {
  it("uses matminer's 61 feature labels in order", () => {
    expect(CRYSTALNN_FINGERPRINT_LABELS).toEqual(golden.struct_fp_labels);
  });
  // Structures prepared like the golden ones (CIF → Niggli → rebuilt from lattice parameters) by pymatgen.
  const prepared = runReference(golden.per_structure.map(({ dataset, split, row }) => ({ dataset, split, row })), []);
  golden.per_structure.forEach((g, k) => {
    it(`${g.dataset} ${g.split} row ${g.row}: every component within 1e-6`, () => {
      const fp = crystalNNFingerprint(toStructure(prepared[k]!));
      expect(fp.length).toBe(61);
      const dev = Math.max(...g.struct_fp.map((v, i) => Math.abs(v - fp[i]!)));
      expect(dev).toBeLessThan(1e-6);
    });
  });
});

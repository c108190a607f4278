import { describe, expect, it } from "vitest";
import {
  CompositionFingerprintError,
  MAGPIE_FEATURE_LABELS,
  magpieFingerprint,
  magpieFingerprintOfComposition,
  scaleCompositionFingerprint,
} from "../../src/metrics/composition-fingerprint/index.js";
import { speciesFromFormula } from "../../src/crystal/formula.js";
import { golden } from "./golden.js";

describe("Magpie composition fingerprint", () => {
  it("labels its 132 features exactly as matminer does", () => {
    expect(MAGPIE_FEATURE_LABELS).toEqual(golden.comp_fp_labels);
  });

  const formulas = ["TiOsOFN", "RuTlO2F", "PtBiON2"];
  for (const [k, g] of golden.per_structure.entries()) {
    it(`reproduces the raw and CompScaler-scaled fingerprints of ${g.dataset} ${g.split} row ${g.row} to 1e-6`, () => {
      const raw = magpieFingerprint(speciesFromFormula(formulas[k]!)); // the golden rows' CSV formula column
      g.comp_fp_raw.forEach((v, i) => {
        if (v === null) expect(raw[i]).toBeNaN();
        else expect(Math.abs(raw[i]! - v), MAGPIE_FEATURE_LABELS[i]).toBeLessThan(1e-6 * Math.max(1, Math.abs(v)));
      });
      const scaled = scaleCompositionFingerprint(raw);
      g.comp_fp_scaled.forEach((v, i) => expect(Math.abs(scaled[i]! - v), MAGPIE_FEATURE_LABELS[i]).toBeLessThan(1e-6));
    });
  }

  it("gives identical statistics for counts and fractions, with the mode at the smallest value among max-weight elements", () => {
    const a = magpieFingerprintOfComposition([8, 22, 38], [3, 1, 1]);
    const b = magpieFingerprintOfComposition([8, 22, 38], [0.6, 0.2, 0.2]);
    for (let i = 0; i < 132; i++) expect(b[i]).toBeCloseTo(a[i]!, 12);
    // Number: min 8, max 38, range 30, mean (24+22+38)/5 = 16.8, avg_dev (3·8.8+5.2+21.2)/5 = 10.56, mode 8 (O has weight 3)
    expect(Array.from(a.slice(0, 6))).toEqual([8, 38, 30, 16.8, expect.closeTo(10.56, 12), 8]);
    // Tie of weights: mode is the smaller value (NaCl: Number mode = 11)
    expect(magpieFingerprintOfComposition([11, 17], [1, 1])[5]).toBe(11);
  });

  it("propagates missing elemental data as NaN and the scaler maps NaN to 0", () => {
    const he = magpieFingerprint([2, 8]); // He has no MeltingT in Magpie
    const meltingMin = MAGPIE_FEATURE_LABELS.indexOf("MagpieData minimum MeltingT");
    expect(he[meltingMin]).toBeNaN();
    expect(scaleCompositionFingerprint(he)[meltingMin]).toBe(0);
  });

  it("rejects elements beyond Z = 103 with a typed error", () => {
    expect(() => magpieFingerprintOfComposition([8, 104], [1, 1])).toThrow(CompositionFingerprintError);
    expect(() => magpieFingerprint([])).toThrow(CompositionFingerprintError);
  });
});

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { smactValidity, smactValidityOfCounts } from "../../src/metrics/validity/smact.js";
import { parseFormula } from "../../src/crystal/formula.js";
import { GOLDEN_FILE } from "../shared-paths.js";

const golden = JSON.parse(readFileSync(GOLDEN_FILE, "utf8")) as {
  smact_cases: Record<string, boolean>;
};
const FLIP_UNDER_STRICT = new Set(["Pm2O3", "PmO", "NaPmO2", "RnF2", "NaRnF"]);

function verdict(formula: string, mode: "2.2.1" | "strict") {
  const c = parseFormula(formula);
  return smactValidityOfCounts([...c.keys()], [...c.values()], { smactMode: mode }).valid;
}

describe("SMACT compositional validity", () => {
  it("reproduces every golden case under SMACT 2.2.1 semantics", () => {
    const cases = Object.entries(golden.smact_cases);
    expect(cases.length).toBe(50);
    for (const [formula, expected] of cases) expect([formula, verdict(formula, "2.2.1")]).toEqual([formula, expected]);
  });

  it("flips exactly the missing-electronegativity cases (Pm, Rn) under strict SMACT ≥ 2.6 semantics", () => {
    for (const [formula, expected] of Object.entries(golden.smact_cases)) {
      const want = FLIP_UNDER_STRICT.has(formula) ? false : expected;
      expect([formula, verdict(formula, "strict")]).toEqual([formula, want]);
    }
  });

  for (const [seed, n, pool] of [[0, 3000, "all"], [1, 1500, "missing"]] as const) {
    it(`agrees with a brute-force Python transcription of CDVAE smact_validity on ${n} random compositions (${pool} elements)`, () => {
      const cases = JSON.parse(execFileSync("/usr/bin/python3", ["test/py/metrics_smact.py", String(seed), String(n), pool], { encoding: "utf8" })) as {
        zs: number[];
        counts: number[];
        valid: boolean;
      }[];
      expect(cases.length).toBe(n);
      const mismatches = cases.filter((c) => smactValidityOfCounts(c.zs, c.counts).valid !== c.valid);
      expect(mismatches).toEqual([]);
      expect(cases.filter((c) => c.valid).length).toBeGreaterThan(n / 10);
    });
  }

  it("reduces counts by their gcd and accepts a per-site species list", () => {
    // Na2Cl2 as sites = NaCl
    expect(smactValidity([11, 17, 11, 17]).valid).toBe(true);
    expect(smactValidity([11, 17, 17]).valid).toBe(false);
  });

  it("handles huge counts through their gcd without expanding them", () => {
    expect(smactValidityOfCounts([11, 17, 11], [4e8, 6e8, 2e8])).toEqual({ valid: true, reason: "neutral-and-pauling" });
    expect(smactValidityOfCounts([11, 17], [1e9, 2e9]).valid).toBe(false);
  });

  it("treats all-metal compositions as alloys unless disabled, and single elements as valid", () => {
    expect(smactValidityOfCounts([29, 30], [1, 1]).reason).toBe("alloy");
    expect(smactValidityOfCounts([29, 30], [1, 1], { includeAlloys: false }).valid).toBe(false);
    expect(smactValidityOfCounts([2], [3]).reason).toBe("single-element");
  });

  it("marks elements beyond Z = 103 (no SMACT data) invalid instead of crashing", () => {
    expect(smactValidityOfCounts([8, 104], [2, 1])).toEqual({ valid: false, reason: "unsupported-element" });
    expect(smactValidity([])).toEqual({ valid: false, reason: "empty" });
  });

  it("applies the DiffCSP (1e7 ⇒ invalid) and MatterGen (1e6 ⇒ valid) combination cutoffs only when asked", () => {
    // C Mn Fe Tc Ru Re Os Ir: 8·10·8·9·9·9·10·10 = 4.67e7 combinations
    const zs = [6, 25, 26, 43, 44, 75, 76, 77];
    const counts = [1, 1, 1, 1, 1, 1, 1, 1];
    expect(smactValidityOfCounts(zs, counts, { comboCutoff: "diffcsp" })).toEqual({ valid: false, reason: "combination-cutoff" });
    expect(smactValidityOfCounts(zs, counts, { comboCutoff: "mattergen" })).toEqual({ valid: true, reason: "combination-cutoff" });
    // Without a cutoff the full search decides (C −4 with metals positive: neutral combinations exist and pass Pauling).
    expect(smactValidityOfCounts(zs, counts).valid).toBe(true);
  });

  it("the Pauling test can be switched off (charge neutrality alone)", () => {
    // MgB2: Mg +2, B... all B states positive → no neutral combination either way
    expect(smactValidityOfCounts([5, 12], [2, 1], { usePaulingTest: false }).valid).toBe(false);
    // CO with both positive/negative: C +2 O −2 passes; C −2 O +2 neutral but fails Pauling; disabled → still valid
    expect(smactValidityOfCounts([6, 8], [1, 1], { usePaulingTest: false }).valid).toBe(true);
  });
});

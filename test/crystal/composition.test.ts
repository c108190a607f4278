import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { atomicNumber, composition, fullFormula, reducedComposition, reducedFormula } from "../../src/crystal/index.js";
import { gcd } from "../../src/crystal/composition.js";

const zs = (symbols: string[]) => symbols.map(atomicNumber);

describe("composition", () => {
  it("counts elements in ascending Z with occupancy weights", () => {
    expect(composition(zs(["O", "Sr", "O", "Ti", "O"]))).toEqual({ elements: [8, 22, 38], amounts: [3, 1, 1] });
    expect(composition(zs(["Fe", "Ni"]), [0.5, 0.5])).toEqual({ elements: [26, 28], amounts: [0.5, 0.5] });
  });

  it("reduces by the gcd of integer amounts", () => {
    expect(gcd([4, 6, 10])).toBe(2);
    expect(reducedComposition(composition(zs(["Fe", "Fe", "Fe", "Fe", "O", "O", "O", "O", "O", "O"])))).toEqual({ elements: [8, 26], amounts: [3, 2], factor: 2 });
  });

  it("writes formulas exactly as pymatgen, including elements without electronegativity", () => {
    const reference = JSON.parse(execFileSync("/usr/bin/python3", [join(import.meta.dirname, "..", "py", "crystal_formulas.py")], { encoding: "utf8" })) as [string[], string, string][];
    expect(reference.length).toBeGreaterThan(10);
    for (const [symbols, reduced, formula] of reference) {
      expect(reducedFormula(zs(symbols)), symbols.join(" ")).toBe(reduced);
      expect(fullFormula(zs(symbols)), symbols.join(" ")).toBe(formula);
    }
  });
});

import { describe, expect, it } from "vitest";
import { radialDistribution } from "../../src/analysis/rdf.js";
import { latticeFromParameters, makeStructure } from "../../src/crystal/index.js";

describe("radialDistribution", () => {
  it("integrates to the fcc coordination shells: 12 neighbours at a/√2, 6 at a", () => {
    const a = 4;
    const fcc = makeStructure({ lattice: latticeFromParameters(a, a, a, 90, 90, 90), species: [29, 29, 29, 29], fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5] });
    const dr = 0.01;
    const rdf = radialDistribution(fcc, { rMax: 4.2, binWidth: dr });
    const rho = 4 / a ** 3;
    // Coordination number = ∫ ρ g(r) 4πr² dr over a shell.
    const cn = (lo: number, hi: number) => rdf.r.reduce((s, r, i) => (r > lo && r < hi ? s + rho * rdf.total[i]! * 4 * Math.PI * r * r * dr : s), 0);
    expect(cn(2.7, 2.95)).toBeCloseTo(12, 1);
    expect(cn(3.9, 4.1)).toBeCloseTo(6, 1);
    expect(cn(0, 2.7)).toBe(0);
    expect(rdf.partials["Cu-Cu"]).toEqual(rdf.total);
  });

  it("normalises unordered partials so that they average to the total for a binary", () => {
    const nacl = makeStructure({ lattice: latticeFromParameters(5.64, 5.64, 5.64, 90, 90, 90), species: [11, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    const rdf = radialDistribution(nacl, { rMax: 6, binWidth: 0.1 });
    // total = (n_Na² g_NaNa + 2 n_Na n_Cl g_NaCl + n_Cl² g_ClCl) / n² with n_Na = n_Cl = 1.
    rdf.total.forEach((t, i) => expect(t).toBeCloseTo((rdf.partials["Na-Na"]![i]! + 2 * rdf.partials["Na-Cl"]![i]! + rdf.partials["Cl-Cl"]![i]!) / 4, 9));
  });
});

// The substitution family: probabilities mined from a hand-made training set against hand counts; generated crystals
// charge neutral by SMACT, on their parent's positions, at the rescaled volume; seeding; the attempt cap.
import { describe, expect, it } from "vitest";
import { reducedFormula } from "../../src/crystal/composition.js";
import { atomicNumber } from "../../src/crystal/elements.js";
import { latticeFromParameters, latticeVolume } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { smactValidity } from "../../src/metrics/validity/smact.js";
import { modelFamily } from "../../src/models/index.js";
import { SearchExhaustedError } from "../../src/models/random-symmetric/attempts.js";
import { summedSphereVolume } from "../../src/models/random-symmetric/atomic-volume.js";
import { type SubstitutionCounts, substitutionDistribution } from "../../src/models/substitution/substitution-probabilities.js";

const Z = atomicNumber;
/** Rock salt, primitive fcc cell of conventional edge a (Å). */
const rockSalt = (cation: string, anion: string, a: number) =>
  makeStructure({ lattice: latticeFromParameters(a / Math.SQRT2, a / Math.SQRT2, a / Math.SQRT2, 60, 60, 60), species: [Z(cation), Z(anion)], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: `${cation}${anion}` } });
const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);
const training: Structure[] = [
  rockSalt("Na", "Cl", 5.64), rockSalt("K", "Cl", 6.29), rockSalt("Na", "Br", 5.97), rockSalt("K", "Br", 6.6), rockSalt("Mg", "O", 4.21),
  makeStructure({ lattice: cubic(4.12), species: [Z("Cs"), Z("Cl")], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: "CsCl" } }),
  makeStructure({ lattice: cubic(3.9), species: [Z("Sr"), Z("Ti"), 8, 8, 8], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id: "SrTiO3" } }),
];

async function trained(alpha = 0.1) {
  const model = modelFamily("substitution").create({ alpha });
  await model.train(training);
  return model;
}

describe("mined substitution probabilities", () => {
  it("count a→b h(a)·h(b) times per rock-salt rank; CsCl (Pm-3m) and SrTiO3 are prototypes of their own (hand count)", async () => {
    const fc = (await trained()).config.familyConfig as { counts: [number, number, number][]; elements: number[] };
    // Rock salt (Fm-3m, 1:1): cations Na ×2, K ×2, Mg ×1; anions Cl ×2, Br ×2, O ×1.
    const hand: [string, string, number][] = [["Na", "K", 4], ["Na", "Mg", 2], ["K", "Mg", 2], ["Cl", "Br", 4], ["Cl", "O", 2], ["Br", "O", 2]];
    const expected = hand.flatMap(([a, b, c]) => [[Z(a), Z(b), c], [Z(b), Z(a), c]]).sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
    expect(fc.counts).toEqual(expected);
    expect(fc.elements).toEqual(["O", "Na", "Mg", "Cl", "K", "Ti", "Br", "Sr", "Cs"].map(Z));
  });

  it("p(b | a) = (count + α) / (Σ counts + α (K − 1)) over the K = 9 training elements", async () => {
    const fc = (await trained(0.1)).config.familyConfig as { counts: SubstitutionCounts; elements: number[] };
    const { to, p } = substitutionDistribution(fc.counts, fc.elements, 0.1, Z("Na"));
    const prob = (sym: string) => p[to.indexOf(Z(sym))]!;
    expect(to).not.toContain(Z("Na"));
    expect(prob("K")).toBeCloseTo(4.1 / 6.8, 12);
    expect(prob("Mg")).toBeCloseTo(2.1 / 6.8, 12);
    expect(prob("Cs")).toBeCloseTo(0.1 / 6.8, 12);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });
});

describe("substituted crystals", () => {
  it("are SMACT charge neutral, differ from their parent, keep its positions and have the rescaled volume", async () => {
    const model = await trained();
    const out = await model.sample({ n: 30, seed: 2 });
    expect(out).toHaveLength(30);
    for (const s of out) {
      const parent = training.find((t) => t.properties!.id === s.properties!.parent)!;
      expect(parent).toBeDefined();
      expect(smactValidity(s.species).valid).toBe(true);
      expect(Array.from(s.fracCoords)).toEqual(Array.from(parent.fracCoords));
      const pairs = String(s.properties!.substitutions).split(" ").map((t) => t.split("→").map(Z) as [number, number]);
      const map = new Map(pairs);
      expect(pairs.length).toBeGreaterThanOrEqual(1);
      expect(Array.from(s.species)).toEqual(Array.from(parent.species, (z) => map.get(z) ?? z));
      expect(reducedFormula(s.species)).not.toBe(reducedFormula(parent.species));
      const ratio = summedSphereVolume(s.species) / summedSphereVolume(parent.species);
      expect(latticeVolume(s.lattice)).toBeCloseTo(latticeVolume(parent.lattice) * ratio, 8);
      expect(Number.isInteger(s.properties!.attempts) && (s.properties!.attempts as number) >= 1).toBe(true);
    }
  });

  it("are seeded: the same seed gives the same crystals, another seed others", async () => {
    const model = await trained();
    const plain = (s: Structure) => [Array.from(s.lattice.matrix), Array.from(s.species), s.properties];
    expect((await model.sample({ n: 8, seed: 5 })).map(plain)).toEqual((await model.sample({ n: 8, seed: 5 })).map(plain));
    expect((await model.sample({ n: 8, seed: 6 })).map(plain)).not.toEqual((await model.sample({ n: 8, seed: 5 })).map(plain));
  });

  it("hit the attempt cap with a typed error when no substitution is charge neutral (a noble-gas crystal among noble gases)", async () => {
    const model = modelFamily("substitution").create();
    // Elements Ne, Ar, Kr: in NeAr the only new element is Kr, giving KrAr or NeKr (or no candidate for the second
    // species); in ArKr likewise NeKr or ArNe. Noble gases have no oxidation states, so SMACT rejects every result.
    const fcc = (a: string, b: string) => makeStructure({ lattice: cubic(5), species: [Z(a), Z(b)], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: a + b } });
    await model.train([fcc("Ne", "Ar"), fcc("Ar", "Kr")]);
    const e = await model.sample({ n: 1, seed: 0, settings: { maxAttempts: 30 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SearchExhaustedError);
    expect((e as Error).message).toMatch(/crystal 0 \(last parent tried: (NeAr|ArKr)\) after 30 attempts/);
  });
});

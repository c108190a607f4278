import { describe, expect, it } from "vitest";
import { reducedFormula } from "../../src/crystal/composition.js";
import { readCif } from "../../src/crystal/io/index.js";
import { latticeParameters, latticeVolume } from "../../src/crystal/lattice.js";
import { minimumSiteDistance } from "../../src/crystal/distances.js";
import { applyOperation, spaceGroupOperations, structureFromWyckoff } from "../../src/crystal/symmetry/index.js";
import { fitStructures } from "../../src/metrics/structure-matcher/matcher.js";
import { wyckoffAssignments } from "../../src/models/random-symmetric/wyckoff-combinations.js";
import { grammarPositions } from "../../src/models/wyckoff-transformer/completion.js";
import { type GrammarConstraints, allowedTokens } from "../../src/models/wyckoff-transformer/grammar.js";
import { latticeSlots } from "../../src/models/wyckoff-transformer/lattice-slots.js";
import { decodeSequence, encodeCrystal, structureFromSequence } from "../../src/models/wyckoff-transformer/sequence.js";
import { readSequence } from "../../src/models/wyckoff-transformer/sequence-state.js";
import {
  ANGLE_BASE, ANGLE_BINS, BOS, COORD_BASE, DEFAULT_BINNING, EOS, LENGTH_BASE, LENGTH_BINS, SEP, WYCKOFF_LETTERS, elementToken, fitBinning, lengthToken, letterToken, sgToken, tokenKind, tokenLength,
  tokenLetter, tokenZ,
} from "../../src/models/wyckoff-transformer/vocabulary.js";
import { datasetCifs, everyNth } from "../representations/dataset-cifs.js";

const crystals = [...everyNth(datasetCifs("perov_5/test.csv"), 60), ...everyNth(datasetCifs("mpts_52/test.csv.gz"), 60)].map((c) => readCif(c));
const binning = fitBinning(
  crystals.flatMap((s) => { const p = latticeParameters(s.lattice); return [p.a, p.b, p.c].flatMap((x) => [x / 4, x * 4]); }),
  [30, 179],
);
const open = (extra: Partial<GrammarConstraints> = {}): GrammarConstraints => ({
  elements: Array.from({ length: 118 }, (_, i) => i + 1), spaceGroups: Array.from({ length: 230 }, (_, i) => i + 1), maxCellAtoms: 1000, contextLength: 1000, binning, ...extra,
});

/** Every complete orbit list (the tokens up to and including SEP) the mask allows after BOS, SG. */
function enumerateOrbitLists(sg: number, c: GrammarConstraints): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[]) => {
    for (const t of allowedTokens(prefix, c)) {
      if (t === SEP) out.push([...prefix, t]);
      else walk([...prefix, t]);
    }
  };
  walk([BOS, sgToken(sg)]);
  return out;
}

/** A complete sequence from an orbit list: generic free coordinates (k/120 for k = 7, 13, 19 …) and mid-range lattice bins. */
function completeSequence(orbitList: number[]): number[] {
  const s = [...orbitList];
  const state = readSequence(s);
  for (const slot of state.latticeSlots) s.push(slot === "a" || slot === "b" || slot === "c" ? LENGTH_BASE + LENGTH_BINS / 2 : ANGLE_BASE + ANGLE_BINS / 2);
  for (let i = 0; i < state.coordCount; i++) s.push(COORD_BASE + ((7 + 6 * i) % 120));
  s.push(EOS);
  return s;
}

describe("Wyckoff sequences: crystal → tokens → crystal", () => {
  it("every letter of every space group is in the alphabet, in ITA order", () => {
    for (let g = 1; g <= 230; g++) {
      const letters = grammarPositions(g).map((p) => p.letter);
      expect(letters.every((l) => WYCKOFF_LETTERS.includes(l))).toBe(true);
      expect(letters.join("")).toBe(WYCKOFF_LETTERS.slice(0, letters.length));
    }
  });

  it("round trip matches the input with StructureMatcher within the bin resolution (perov_5 and mpts_52 test crystals)", () => {
    const misses: string[] = [];
    for (const s of crystals) {
      const tokens = encodeCrystal(s, binning);
      const back = structureFromSequence(tokens, binning);
      expect(reducedFormula(back.species)).toBe(reducedFormula(s.species));
      if (!fitStructures(s, back)) misses.push(reducedFormula(s.species));
    }
    expect(crystals.length).toBeGreaterThan(150);
    expect(misses).toEqual([]);
  });

  it("the decoded crystal is invariant under every operation of the encoded space group (symmetric by construction)", () => {
    for (const s of crystals.slice(0, 80)) {
      const tokens = encodeCrystal(s, binning);
      const sg = decodeSequence(tokens, binning).spaceGroup;
      const back = structureFromSequence(tokens, binning);
      const n = back.species.length;
      for (const op of spaceGroupOperations(sg))
        for (let i = 0; i < n; i++) {
          const p = applyOperation(op, Array.from(back.fracCoords.subarray(3 * i, 3 * i + 3)));
          const image = Array.from({ length: n }, (_, j) => j).find((j) => back.species[j] === back.species[i] && [0, 1, 2].every((k) => {
            const d = p[k]! - back.fracCoords[3 * j + k]!;
            return Math.abs(d - Math.round(d)) < 1e-6;
          }));
          expect(image).toBeDefined();
        }
    }
  });

  it("layout: BOS, SG, (element, letter)… in canonical order, SEP, the crystal system's free lattice parameters, the free coordinates, EOS", () => {
    for (const s of crystals) {
      const t = Array.from(encodeCrystal(s, binning));
      expect(t[0]).toBe(BOS);
      expect(t[t.length - 1]).toBe(EOS);
      const sep = t.indexOf(SEP);
      const pairs = t.slice(2, sep);
      const keys = [];
      for (let i = 0; i < pairs.length; i += 2) keys.push([tokenZ(pairs[i]!), WYCKOFF_LETTERS.indexOf(tokenLetter(pairs[i + 1]!))]);
      for (let i = 1; i < keys.length; i++) expect(keys[i]![0]! > keys[i - 1]![0]! || (keys[i]![0] === keys[i - 1]![0] && keys[i]![1]! >= keys[i - 1]![1]!)).toBe(true);
      const state = readSequence(t);
      expect(state.latticeTokens.length).toBe(latticeSlots(state.spaceGroup!).length);
      expect(t.length).toBe(sep + 1 + state.latticeSlots.length + state.coordCount + 1);
    }
  });

  it("a sequence that breaks the grammar is refused with its position", () => {
    expect(() => decodeSequence([BOS, SEP], DEFAULT_BINNING)).toThrow(/token 1: expected a space-group token/);
    expect(() => decodeSequence([BOS, sgToken(221), SEP], DEFAULT_BINNING)).toThrow(/token 2: expected at least one orbit/);
    expect(() => decodeSequence([BOS, sgToken(221), 234 + 7, 352 + 26], DEFAULT_BINNING)).toThrow(/token 3: expected a Wyckoff letter of space group 221/);
    expect(() => decodeSequence([BOS, sgToken(221), 234 + 7, 352], DEFAULT_BINNING)).toThrow(/stops before EOS/);
  });
});

describe("the grammar mask", () => {
  it("admits every real crystal's sequence, with and without its composition as the prompt", () => {
    for (const s of crystals.slice(0, 60)) {
      const t = Array.from(encodeCrystal(s, binning));
      const sg = decodeSequence(t, binning).spaceGroup;
      const counts = new Map<number, number>();
      for (const z of s.species) counts.set(z, (counts.get(z) ?? 0) + 1);
      const g = [...counts.values()].reduce((a, b) => gcd(a, b));
      const formula = [...counts].sort((a, b) => a[0] - b[0]).map(([z, n]) => [z, n / g] as const);
      for (const c of [open(), open({ spaceGroups: [sg], composition: { formula, maxFormulaUnits: 64 } })])
        for (let i = 1; i < t.length; i++) expect(Array.from(allowedTokens(t.slice(0, i), c))).toContain(t[i]);
    }
  });

  it("exhaustive on Pm-3m with the prompt SrTiO3: the allowed orbit lists are exactly the Wyckoff assignments, canonically ordered", () => {
    const formula = [[8, 3], [22, 1], [38, 1]] as const;
    const lists = enumerateOrbitLists(221, open({ spaceGroups: [221], composition: { formula, maxFormulaUnits: 2 } }));
    const fromMask = lists.map((l) => label(l)).sort();
    const expected = [1, 2].flatMap((u) => wyckoffAssignments(formula.map(([z, n]) => [z, n * u]), 221, 100_000))
      .map((a) => [...a].sort((x, y) => x.element - y.element || WYCKOFF_LETTERS.indexOf(x.letter) - WYCKOFF_LETTERS.indexOf(y.letter)).map((s) => `${s.element}${s.letter}`).join(" "))
      .sort();
    expect(fromMask).toEqual([...new Set(expected)]);
    expect(fromMask).toContain("8d 22a 38b"); // the perovskite itself (O 3d, Ti 1a, Sr 1b)
    for (const l of lists) {
      const s = structureFromSequence(completeSequence(l), DEFAULT_BINNING);
      const units = s.species.filter((z) => z === 38).length;
      expect([1, 2]).toContain(units);
      expect(s.species.filter((z) => z === 8).length).toBe(3 * units);
      expect(s.species.filter((z) => z === 22).length).toBe(units);
    }
  });

  it("exhaustive on P-1 (de novo, one element, 16 tokens of context): every allowed sequence builds, special positions at most once", () => {
    const c = open({ elements: [14], spaceGroups: [2], contextLength: 16 });
    const lists = enumerateOrbitLists(2, c);
    // 16 − 4 (BOS, SG, SEP, EOS) − 6 (triclinic lattice) = 6 tokens of orbits: up to three of the eight special
    // positions 1a–1h (2 tokens each) or the general position 2i alone (5 tokens): 8 + 28 + 56 + 1 lists.
    expect(lists.length).toBe(93);
    const special = new Set(grammarPositions(2).filter((p) => p.freeVariables.length === 0).map((p) => p.letter));
    for (const l of lists) {
      const full = completeSequence(l);
      expect(full.length).toBeLessThanOrEqual(16);
      const letters = l.slice(2, -1).filter((_, i) => i % 2 === 1).map(tokenLetter);
      expect(letters.filter((x) => special.has(x)).length).toBe(new Set(letters.filter((x) => special.has(x))).size);
      const expectedAtoms = letters.reduce((n, x) => n + grammarPositions(2).find((p) => p.letter === x)!.multiplicity, 0);
      expect(structureFromSequence(full, DEFAULT_BINNING).species.length).toBe(expectedAtoms);
    }
  });

  it("after the space group only its letters; after SEP the crystal system's lattice tokens; EOS last", () => {
    const c = open();
    const letters = Array.from(allowedTokens([BOS, sgToken(221), 234 + 13], c)).map((t) => tokenKind(t));
    expect(new Set(letters)).toEqual(new Set(["letter"]));
    expect(allowedTokens([BOS, sgToken(221), 234 + 13], c).length).toBe(grammarPositions(221).length);
    const cubic = [BOS, sgToken(221), 234 + 13, 352, SEP];
    expect(new Set(Array.from(allowedTokens(cubic, c), tokenKind))).toEqual(new Set(["length"]));
    expect(Array.from(allowedTokens([...cubic, LENGTH_BASE], c))).toEqual([EOS]);
    expect(allowedTokens([...cubic, LENGTH_BASE, EOS], c).length).toBe(0);
  });

  it("a triclinic γ is allowed only where α, β, γ make a cell ((V/abc)² ≥ 0.01)", () => {
    const angle = (deg: number) => ANGLE_BASE + Math.floor(((deg - binning.angleRange[0]) / (binning.angleRange[1] - binning.angleRange[0])) * ANGLE_BINS);
    const prefix = [BOS, sgToken(1), 234 + 13, 352, SEP, LENGTH_BASE + 100, LENGTH_BASE + 100, LENGTH_BASE + 100, angle(60), angle(60)];
    const allowed = Array.from(allowedTokens(prefix, open()));
    expect(allowed.length).toBeGreaterThan(0);
    expect(allowed.length).toBeLessThan(ANGLE_BINS);
    expect(allowed).not.toContain(angle(150)); // α = β = 60° needs γ < 120°
    for (const t of allowed) {
      const s = structureFromSequence([...prefix, t, COORD_BASE, COORD_BASE + 40, COORD_BASE + 80, EOS], binning);
      const p = latticeParameters(s.lattice);
      expect(latticeVolume(s.lattice) / (p.a * p.b * p.c)).toBeGreaterThan(0.09); // √0.01 = 0.1, less the bins' rounding
    }
  });

  it("triclinic angles never reach a dead end: every allowed α has an allowed β, every allowed (α, β) an allowed γ (every α, every 7th β)", () => {
    const lattice = [BOS, sgToken(2), 234 + 13, 352, SEP, LENGTH_BASE + 100, LENGTH_BASE + 100, LENGTH_BASE + 100];
    const alphas = Array.from(allowedTokens(lattice, open()));
    expect(alphas.length).toBeGreaterThan(ANGLE_BINS / 2);
    expect(alphas.length).toBeLessThan(ANGLE_BINS); // α near 177° makes no cell whatever β and γ are
    let pairs = 0;
    for (const a of alphas) {
      const betas = Array.from(allowedTokens([...lattice, a], open()));
      expect(betas.length).toBeGreaterThan(0);
      for (const b of betas.filter((_, i) => i % 7 === 0)) {
        expect(allowedTokens([...lattice, a, b], open()).length).toBeGreaterThan(0);
        pairs += 1;
      }
    }
    expect(pairs).toBeGreaterThan(1000);
  });

  it("distance mask (minDistance): Pm-3m Na 1a, Cl 6e (x,0,0), K 3d; the allowed x are exactly those derived by hand", () => {
    // With u = min(x, 1 − x), the 6e sites (±x,0,0), (0,±x,0), (0,0,±x) lie u·a from Na at the origin, (1 − 2u)·a from
    // each other along an axis (√2·u·a across), and (½ − u)·a from K at (½,0,0) (3d has no free coordinate, so it is
    // fixed although it comes later). Every other distance is longer. Hence u·a, (1 − 2u)·a, (½ − u)·a ≥ d.
    const orbits = [elementToken(11), letterToken("a"), elementToken(17), letterToken("e"), elementToken(19), letterToken("d")];
    const prefix = (length: number) => [BOS, sgToken(221), ...orbits, SEP, lengthToken(length, binning)];
    const coordK = (tokens: Int32Array) => Array.from(tokens, (t) => t - COORD_BASE);
    const orbitSizeKeeps = Array.from({ length: 120 }, (_, k) => k).filter((k) => k !== 0 && k !== 60);
    expect(coordK(allowedTokens(prefix(5), open()))).toEqual(orbitSizeKeeps); // off by default: only the orbit-size rule
    for (const d of [0.7, 1.1]) {
      const a = tokenLength(lengthToken(5, binning), binning);
      const expected = orbitSizeKeeps.filter((k) => {
        const u = Math.min(k, 120 - k) / 120;
        return u * a >= d && (1 - 2 * u) * a >= d && (0.5 - u) * a >= d;
      });
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(orbitSizeKeeps.length);
      expect(coordK(allowedTokens(prefix(5), open({ minDistance: d })))).toEqual(expected);
    }
    // In a 1.6 Å cell no x keeps 1 Å: the mask leaves every value the orbit-size rule keeps.
    expect(coordK(allowedTokens(prefix(1.6), open({ minDistance: 1 })))).toEqual(orbitSizeKeeps);
  });

  it("distance mask look-ahead: Pnma 8d (x,y,z) — the allowed y are those for which some z builds 8 sites ≥ d apart (builder + distance matrix)", () => {
    // Oracle: the crystal core's structure-from-Wyckoff builder and periodic distance matrix, independent of the mask's
    // orbit expansion. 8d's mirror image (x, ½ − y, z) makes y near ¼ and ¾ clash whatever z is.
    const [a, b, cl] = [5.2, 6.1, 7.4].map((x) => lengthToken(x, binning));
    const x = 37;
    const prefix = [BOS, sgToken(62), elementToken(8), letterToken("d"), SEP, a!, b!, cl!, COORD_BASE + x];
    const lattice = { a: tokenLength(a!, binning), b: tokenLength(b!, binning), c: tokenLength(cl!, binning), alpha: 90, beta: 90, gamma: 90 };
    const d = 1.2;
    const apart = (y: number, z: number) => {
      const s = structureFromWyckoff({ spaceGroup: 62, lattice, sites: [{ element: "O", wyckoff: "d", params: [x / 120, y / 120, z / 120] }] });
      return s.species.length === 8 && minimumSiteDistance(s) >= d;
    };
    const expected = Array.from({ length: 120 }, (_, y) => y).filter((y) => Array.from({ length: 120 }, (_, z) => z).some((z) => apart(y, z)));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(120);
    expect(expected).not.toContain(30); // y = ¼ lies on the mirror
    expect(Array.from(allowedTokens(prefix, open({ minDistance: d })), (t) => t - COORD_BASE)).toEqual(expected);
    expect(allowedTokens(prefix, open()).length).toBe(120); // without the mask, every y
    // and the last coordinate: exactly the z that build 8 sites ≥ d apart with the drawn x, y
    const y = expected[0]!;
    const zs = Array.from(allowedTokens([...prefix, COORD_BASE + y], open({ minDistance: d })), (t) => t - COORD_BASE);
    expect(zs).toEqual(Array.from({ length: 120 }, (_, z) => z).filter((z) => apart(y, z)));
  });

  it("a composition no Wyckoff assignment of the group holds leaves no space group", () => {
    // Pm-3m has two one-site orbits (1a, 1b) and no other orbit below 3 sites: Na2Cl with one formula unit does not fit, NaCl does.
    const c = open({ spaceGroups: [221], composition: { formula: [[11, 2], [17, 1]], maxFormulaUnits: 1 } });
    expect(allowedTokens([BOS], c).length).toBe(0);
    expect(Array.from(allowedTokens([BOS], open({ spaceGroups: [221], composition: { formula: [[11, 1], [17, 1]], maxFormulaUnits: 1 } })))).toEqual([sgToken(221)]);
  });
});

function label(list: number[]): string {
  const pairs = list.slice(2, -1);
  const out: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) out.push(`${tokenZ(pairs[i]!)}${tokenLetter(pairs[i + 1]!)}`);
  return out.join(" ");
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

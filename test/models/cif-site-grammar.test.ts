// The site grammar of the CIF transformer: the multiplicities of a space group (ITA tables, by hand), which counts they
// fill, the space groups allowed for a cell formula; every token of the canonical CIFs of the bundled prototypes and of
// 40 mpts_52 test crystals passes the grammar (it forbids nothing the data write); and random walks through it — every
// constrained token drawn at random from the allowed ones, the label and occupancy written by a fixed filler — always
// write rows that the CIF reader expands to exactly their stated multiplicity, adding up to the cell formula; and hand
// cases of bond clearance (z kept clear of earlier atoms and of the row's own images) and of the cell lines a crystal
// system fixes.
import { beforeAll, describe, expect, it } from "vitest";
import { readCif } from "../../src/crystal/io/index.js";
import { initSymmetry } from "../../src/crystal/symmetry/index.js";
import { loadDataset } from "../../src/datasets/load.js";
import { formulaGrammar } from "../../src/models/cif-transformer/index.js";
import { cellContinuations } from "../../src/models/cif-transformer/cell-grammar.js";
import { DEFAULT_BOND_LENGTH } from "../../src/models/cif-transformer/config.js";
import { idsText, specialIds, textIds } from "../../src/models/cif-transformer/sequences.js";
import { groupSites, rowCompletable, rowImages } from "../../src/models/cif-transformer/site-coordinates.js";
import { fewestOrbits, rowMultiplicities, siteGrammarTokens, siteGrammarTokensAfter, spaceGroupMultiplicities } from "../../src/models/cif-transformer/site-grammar.js";
import { canonicalCif, cifTokenVocabulary, restoreSymmetryOperations } from "../../src/representations/index.js";
import { DATA_DIR } from "../shared-paths.js";

const vocabulary = cifTokenVocabulary().tokens;
const eos = specialIds().eos;
const HEADER = ["_atom_site_type_symbol", "_atom_site_label", "_atom_site_symmetry_multiplicity", "_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z", "_atom_site_occupancy"]
  .map((t) => ` ${t}\n`).join("");

beforeAll(async () => {
  await initSymmetry();
});

describe("site grammar: multiplicities", () => {
  it("are the ITA conventional-cell multiplicities of a group in spglib's setting", () => {
    expect(spaceGroupMultiplicities(1)).toEqual([1]);
    expect(spaceGroupMultiplicities(221)).toEqual([1, 3, 6, 8, 12, 24, 48]); // Pm-3m: a b 1, c d 3, e 6, f 8, g–j 12, k–m 24, n 48
    expect(spaceGroupMultiplicities(225)).toEqual([4, 8, 24, 32, 48, 96, 192]); // Fm-3m
    expect(spaceGroupMultiplicities(166)).toEqual([3, 6, 9, 18, 36]); // R-3m on hexagonal axes (spglib's setting, as the canonical CIF)
  });

  it("are the orbit sizes the CIF reader finds: a generic point of every Wyckoff position of all 230 groups (spglib's setting)", () => {
    const v = [0.1234, 0.2871, 0.3519];
    for (let sg = 1; sg <= 230; sg++)
      for (const [m, subspaces] of groupSites(sg).byMultiplicity) {
        const { A, b } = subspaces[0]!;
        const p = [0, 1, 2].map((r) => A[3 * r]! * v[0]! + A[3 * r + 1]! * v[1]! + A[3 * r + 2]! * v[2]! + b[r]!) as [number, number, number];
        if (rowImages(sg, p).length !== 3 * m) throw new Error(`space group ${sg}: a point of multiplicity ${m} makes ${rowImages(sg, p).length / 3} atoms`);
      }
  });

  it("fill a count with the fewest orbits when it is a sum of them, and a row may state only those that leave a fillable rest", () => {
    expect(fewestOrbits(12, [4, 8])).toBe(2);
    expect(fewestOrbits(6, [4, 8])).toBe(Infinity);
    expect(fewestOrbits(0, [4])).toBe(0);
    expect(fewestOrbits(40, [16, 24, 32])).toBe(2); // 16 + 24
    expect(fewestOrbits(12, [1, 3, 6])).toBe(2);
    expect(rowMultiplicities(12, [4, 8, 24])).toEqual([4, 8]);
    expect(rowMultiplicities(8, [3, 5])).toEqual([3, 5]);
    expect(rowMultiplicities(7, [3, 5])).toEqual([]);
    expect(rowMultiplicities(10, [4, 6, 8])).toEqual([4, 6]); // 8 would leave 2
  });
});

describe("site grammar: tokens", () => {
  const t = siteGrammarTokens(vocabulary, eos)!;
  const ids = (text: string) => textIds(text, true);
  const names = (allowed: Int32Array | null) => (allowed ? Array.from(allowed, (i) => vocabulary[i]!).sort() : null);

  it("allows only the space groups whose multiplicities can hold the cell formula", () => {
    const allowed = names(siteGrammarTokensAfter(ids("data_Sr1Ti1O3\n_symmetry_space_group_name_H-M   "), new Map([[38, 1], [22, 1], [8, 3]]), t))!;
    expect(allowed).toContain("Pm-3m");
    expect(allowed).toContain("P1");
    expect(allowed).not.toContain("Fm-3m"); // nothing below 4
    expect(allowed).not.toContain("Ia-3d"); // nothing below 16
    // In a context of 400 tokens, 32 atoms cannot take 32 rows of P1 (≥ 130 + 32 × 31 tokens); Ama2 needs 5 rows.
    const cell = new Map([[73, 4], [81, 4], [29, 8], [16, 16]]);
    const choices = (context?: number) => names(siteGrammarTokensAfter(ids("data_Ta4Tl4Cu8S16\n_symmetry_space_group_name_H-M   "), cell, t, context === undefined ? {} : { contextLength: context }))!;
    expect(choices()).toContain("P1");
    expect(choices(400)).not.toContain("P1");
    expect(choices(400)).toContain("Ama2");
    expect(choices(20)).toEqual(choices()); // nothing fits: every group that can hold the cell
    const na4cl4 = names(siteGrammarTokensAfter(ids("data_Na4Cl4\n_symmetry_space_group_name_H-M   "), new Map([[11, 4], [17, 4]]), t))!;
    expect(na4cl4).toContain("Fm-3m");
  });

  it("writes rows of elements with atoms left, multiplicities that add up, and <eos> when every atom is placed", () => {
    const counts = new Map([[38, 1], [22, 1], [8, 3]]);
    const head = `data_Sr1Ti1O3\n_symmetry_space_group_name_H-M   Pm-3m\nloop_\n${HEADER}`;
    const after = (text: string) => names(siteGrammarTokensAfter(ids(head + text), counts, t));
    expect(after("")).toEqual(["  "]);
    expect(after("  ")).toEqual(["O", "Sr", "Ti"]);
    expect(after("  O")).toEqual(["  "]); // the element field is one symbol
    expect(after("  O  ")).toBeNull(); // the label is the model's
    expect(after("  O  O0  ")).toEqual(["1", "3"]);
    expect(after("  O  O0  3")).toEqual(["  "]);
    expect(after("  O  O0  3  0.0000  0.5000  0.5000  1\n  ")).toEqual(["Sr", "Ti"]);
    expect(after("  O  O0  1  0.0000  0.5000  0.5000  1\n  O  O1  ")).toEqual(["1"]); // 2 O left: 1 + 1, never 3
    expect(after("  O  O0  3  0.0000  0.5000  0.5000  1\n  Sr  Sr1  1  0.5  0.5  0.5  1\n  Ti  Ti2  1  0.0  0.0  0.0  1\n")).toEqual(["<eos>"]);
    // 3c (0, ½, ½) and 3d (½, 0, 0) and their images: x is 0 or ½ (a decimal interval reaching either within tolerance)
    expect(after("  O  O0  3  ")).toEqual(["0"]);
    expect(after("  O  O0  3  0")).toEqual(["."]);
    expect(after("  O  O0  3  0.")).toEqual(["0", "4", "5", "9"]);
    expect(after("  O  O0  3  0.5000")).toEqual(["  "]);
    expect(after("  O  O0  3  0.5000  0.")).toEqual(["0", "4", "5", "9"]);
    // x = ½, y = ½: only 3c's image (½, ½, 0), so z = 0 within the tolerance (2.5e-4): 0.0000 … 0.0002 or 0.9998 …
    expect(after("  O  O0  3  0.5000  0.5000  0.")).toEqual(["0", "9"]);
    expect(after("  O  O0  3  0.5000  0.5000  0.000")).toEqual(["0", "1", "2"]);
    expect(after("  O  O0  3  0.5000  0.5000  0.999")).toEqual(["8", "9"]);
    expect(after("  O  O0  3  0.5000  0.5000  0.0000  1")).toBeNull(); // the occupancy is the model's
    // An unknown space group, or a text before the atom-site header: no rule
    expect(siteGrammarTokensAfter(ids(`data_Sr1Ti1O3\n_symmetry_space_group_name_H-M   Pm\nloop_\n${HEADER}`), counts, t)).toBeNull();
    expect(siteGrammarTokensAfter(ids(head.slice(0, head.length - 20)), counts, t)).toBeNull();
  });

  it("keeps a row completable to its multiplicity and off the atoms of earlier rows", () => {
    // P6_3mc (186): 6c is (x, −x, z); at x = ⅓ it meets 2b (⅓, ⅔, z), where a row makes only 2 atoms
    expect(rowCompletable(186, 6, [0.1, 0.9])).toBe(true);
    expect(rowCompletable(186, 6, [0.3333, 0.6667])).toBe(false);
    expect(rowCompletable(186, 2, [0.3333, 0.6667])).toBe(true);
    const counts = new Map([[55, 2], [16, 4]]);
    const head = `data_Cs2S4\n_symmetry_space_group_name_H-M   P6_3mc\nloop_\n${HEADER}  Cs  Cs0  2  0.3333  0.6667  0.2615  1\n`;
    const after = (text: string) => names(siteGrammarTokensAfter(ids(head + text), counts, t));
    // y after x = 0.1000 in 6c, over its images (t, −t), (t, 2t), (−2t, −t) …: 0.9, 0.2 and, with −2t ≡ 0.1, 0.05 or 0.55
    // (a decimal interval ending within tolerance of a value counts: 0.1·· reaches 0.2, 0.8·· reaches 0.9)
    expect(after("  S  S1  6  0.1000  0.")).toEqual(["0", "1", "2", "5", "8", "9"]);
    // z of a second 2b row: not within the reader's merge distance (1e-3) of the Cs atom at z = 0.2615
    const z = after("  S  S1  2  0.3333  0.6667  0.262")!;
    expect(["0", "1", "2", "3", "4"].filter((d) => z.includes(d))).toEqual([]);
    expect(z).toEqual(expect.arrayContaining(["6", "7", "8", "9"])); // (0.2625 sits on the merge distance itself)
  });

  it("keeps rows clear of earlier atoms and of their own images with a minimum bond ratio (z; every coordinate with clearance \"every\")", () => {
    const cell = (a: number, c: number) => `_cell_length_a   ${a}\n_cell_length_b   ${a}\n_cell_length_c   ${c}\n_cell_angle_alpha   90\n_cell_angle_beta   90\n_cell_angle_gamma   90\n`;
    // P4mm, a = c = 4 Å, Sr at the origin; O at (0, 0, z) is 4|z| Å from it (periodically) and needs
    // 0.6 × (1.95 + 0.66) = 1.566 Å: z in [0.3915, 0.6085], reached by the first decimals 3 … 6 (the orbit rule alone allows all)
    const sr = new Map([[38, 1], [22, 1], [8, 3]]);
    const p4mm = `data_Sr1Ti1O3\n_symmetry_space_group_name_H-M   P4mm\n${cell(4, 4)}loop_\n${HEADER}  Sr  Sr0  1  0.0000  0.0000  0.0000  1\n  O  O1  1  0.0000  0.0000  0.`;
    expect(names(siteGrammarTokensAfter(ids(p4mm), sr, t))).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(names(siteGrammarTokensAfter(ids(p4mm), sr, t, { minBondRatio: 0.6 }))).toEqual(["3", "4", "5", "6"]);
    // x and y are not constrained: the rule waits for z, the coordinate that decides the distances
    const x = p4mm.replace(/0\.0000  0\.0000  0\.$/, "0.");
    expect(names(siteGrammarTokensAfter(ids(x), sr, t, { minBondRatio: 0.6 }))).toEqual(names(siteGrammarTokensAfter(ids(x), sr, t)));
    // P-1, c = 10 Å: a C row at (0, 0, z) has its image at (0, 0, −z), 20|z| Å away for small z, and needs
    // 0.6 × 2 × 0.76 = 0.912 Å: z ≥ 0.0456, so after "0.0" only the second decimals 4 … 9
    const c2 = `data_C2\n_symmetry_space_group_name_H-M   P-1\n${cell(4, 10)}loop_\n${HEADER}  C  C0  2  0.0000  0.0000  0.0`;
    const carbon = new Map([[6, 2]]);
    expect(names(siteGrammarTokensAfter(ids(c2), carbon, t))).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(names(siteGrammarTokensAfter(ids(c2), carbon, t, { minBondRatio: 0.6 }))).toEqual(["4", "5", "6", "7", "8", "9"]);
    // With clearance "every", x and y are constrained too. P2/m (unique axis b), a = b = c = 10 Å: a C row of 4o at
    // (0.1, y, …) has its mirror image (0.1, −y, …) 20|y| Å away (the other two images stay ≥ 2 Å away through x), so
    // after "0.0" only y's second decimals 4 … 9, whatever z becomes
    const p2m = `data_C4\n_symmetry_space_group_name_H-M   P2/m\n${cell(10, 10)}loop_\n${HEADER}  C  C0  4  0.1000  0.0`;
    const c4 = new Map([[6, 4]]);
    expect(names(siteGrammarTokensAfter(ids(p2m), c4, t, { minBondRatio: 0.6 }))).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(names(siteGrammarTokensAfter(ids(p2m), c4, t, { minBondRatio: 0.6, clearance: "every" }))).toEqual(["4", "5", "6", "7", "8", "9"]);
    // Pm-3m, a = 4 Å, Sr at the origin; C at 8g (x, x, x), the only orbit of 8, so x fixes the row: Sr–C needs
    // 0.6 × (1.95 + 0.76) = 1.626 Å (x ≥ 0.2347), C–C to the image (−x, x, x) 0.912 Å (x ≤ 0.386): first decimals 2, 3, 6, 7
    const g8 = `data_Sr1C8\n_symmetry_space_group_name_H-M   Pm-3m\n${cell(4, 4)}loop_\n${HEADER}  Sr  Sr0  1  0.0000  0.0000  0.0000  1\n  C  C1  8  0.`;
    expect(names(siteGrammarTokensAfter(ids(g8), new Map([[38, 1], [6, 8]]), t, { minBondRatio: 0.6, clearance: "every" }))).toEqual(["2", "3", "6", "7"]);
    // When no z keeps clear (a 1 Å cell), every decimal the orbit rule allows stays allowed rather than none
    const tight = `data_Sr1Ti1O3\n_symmetry_space_group_name_H-M   P4mm\n${cell(1, 1)}loop_\n${HEADER}  Sr  Sr0  1  0.0000  0.0000  0.0000  1\n  O  O1  1  0.0000  0.0000  0.`;
    expect(names(siteGrammarTokensAfter(ids(tight), sr, t, { minBondRatio: 0.6 }))).toHaveLength(10);
  });

  it("writes the cell lines a crystal system fixes once a is written (cell grammar)", () => {
    const line = (c: Int32Array | undefined) => (c ? idsText(c, vocabulary) : undefined);
    const tag = (name: string) => vocabulary.indexOf(name);
    const a = textIds("3.9050", true).subarray(1);
    const cubic = cellContinuations(221, a, vocabulary); // Pm-3m
    expect(line(cubic.get(tag("_cell_length_b")))).toBe("   3.9050\n");
    expect(line(cubic.get(tag("_cell_length_c")))).toBe("   3.9050\n");
    expect(["_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"].map((g) => line(cubic.get(tag(g))))).toEqual(["   90.0000\n", "   90.0000\n", "   90.0000\n"]);
    const hexagonal = cellContinuations(194, a, vocabulary); // P6_3/mmc: a = b, c free, γ = 120°
    expect(line(hexagonal.get(tag("_cell_length_b")))).toBe("   3.9050\n");
    expect(hexagonal.has(tag("_cell_length_c"))).toBe(false);
    expect(line(hexagonal.get(tag("_cell_angle_gamma")))).toBe("   120.0000\n");
    expect(line(cellContinuations(166, a, vocabulary).get(tag("_cell_angle_gamma")))).toBe("   120.0000\n"); // R-3m on hexagonal axes
    const monoclinic = cellContinuations(14, a, vocabulary); // P2_1/c, unique axis b: only α and γ
    expect([...monoclinic.keys()].map((k) => vocabulary[k]).sort()).toEqual(["_cell_angle_alpha", "_cell_angle_gamma"]);
    expect(cellContinuations(2, a, vocabulary).size).toBe(0); // P-1
    // Through the grammar: after the cubic group and a, the b line is forced token by token, then the model is free again
    const grammar = formulaGrammar(vocabulary, { sites: true, cell: true });
    let text = "data_Sr1Ti1O3\n_symmetry_space_group_name_H-M   Pm-3m\n_cell_length_a   3.9050\n_cell_length_b";
    for (let k = 0; k < 12; k++) {
      const allowed = grammar(0, textIds(text, true));
      if (allowed === null || allowed.length !== 1) break;
      text += vocabulary[allowed[0]!];
    }
    expect(text.endsWith("_cell_length_b   3.9050\n")).toBe(true);
    expect(grammar(0, textIds(`${text}_cell_length_c`, true))).toEqual(Int32Array.of(vocabulary.indexOf("   ")));
    // Without `cell` nothing is forced there
    expect(formulaGrammar(vocabulary, { sites: true })(0, textIds(`${text}_cell_length_c`, true))).toBeNull();
  });

  it("allows every token of the canonical CIFs of the prototypes and of 40 mpts_52 test crystals", async () => {
    const { structures: prototypes } = await loadDataset("prototypes", "test");
    const { structures: mpts } = await loadDataset("mpts_52", "test", { dataDir: DATA_DIR, limit: 40 });
    let constrained = 0;
    for (const s of [...prototypes, ...mpts]) {
      const full = textIds(canonicalCif(s, 0.1));
      // the tightest context the text fits; the site grammar, the bond grammar, and the cell grammar at clearance "every"
      const bond = { sites: true, contextLength: full.length, minBondRatio: DEFAULT_BOND_LENGTH.minRatio };
      for (const grammar of [formulaGrammar(vocabulary, { sites: true, contextLength: full.length }), formulaGrammar(vocabulary, bond), formulaGrammar(vocabulary, { ...bond, cell: true, clearance: "every" })]) {
        for (let k = 1; k < full.length; k++) {
          const allowed = grammar(0, full.subarray(0, k));
          if (allowed === null) continue;
          constrained++;
          if (!allowed.includes(full[k]!)) throw new Error(`${idsText(full.subarray(0, k), vocabulary).slice(-80)} → ${vocabulary[full[k]!]} is not allowed`);
        }
        expect(grammar(0, full.subarray(0, full.length - 1))).toEqual(Int32Array.of(eos));
      }
    }
    expect(constrained).toBeGreaterThan(1000);
  });

  it("random walks through it write rows the CIF reader expands to their stated multiplicity, adding up to the formula", () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const cubic = "_cell_length_a   6.0\n_cell_length_b   6.0\n_cell_length_c   6.0\n_cell_angle_alpha   90\n_cell_angle_beta   90\n_cell_angle_gamma   90\n";
    const cases: [string, string, Map<number, number>, string][] = [
      ["Sr2Ti2O6", "Pm-3m", new Map([[38, 2], [22, 2], [8, 6]]), cubic],
      ["Na4Cl4", "Fm-3m", new Map([[11, 4], [17, 4]]), cubic],
      ["Ta4Tl4Cu8S16", "Ama2", new Map([[73, 4], [81, 4], [29, 8], [16, 16]]), cubic.replace("b   6.0", "b   18.8")],
      ["C12", "R-3m", new Map([[6, 12]]), cubic.replace("c   6.0", "c   15.0").replace("gamma   90", "gamma   120")],
      ["Y24Al40O96", "Ia-3d", new Map([[39, 24], [13, 40], [8, 96]]), cubic], // garnet; 40 Al = 16 + 24, never 32 + (8)
      ["Mg2Si1O4", "P1", new Map([[12, 2], [14, 1], [8, 4]]), cubic],
    ];
    for (const [formula, symbol, counts, cell] of cases) {
      const sg = spaceGroupMultiplicitiesOf(symbol);
      // One row alone in a CIF of this group, read back: how many atoms the reader makes of it.
      const atomsOf = (row: string) => readCif(restoreSymmetryOperations(`data_X\n_symmetry_space_group_name_H-M   ${symbol}\n${cell}loop_\n _symmetry_equiv_pos_site_id\n _symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\nloop_\n${HEADER}${row}`)).species.length;
      for (let walk = 0; walk < 12; walk++) {
        let text = `data_${formula}\n_symmetry_space_group_name_H-M   ${symbol}\nloop_\n${HEADER}`;
        const placed = new Map<number, number>();
        const pick = () => {
          const allowed = siteGrammarTokensAfter(ids(text), counts, t);
          if (!allowed?.length) throw new Error(`no rule after ${JSON.stringify(text.slice(-150))}`);
          return vocabulary[allowed![Math.floor(random() * allowed!.length)]!]!;
        };
        for (let row = 0; ; row++) {
          expect(row).toBeLessThan(100);
          const start = text.length;
          const indent = pick();
          if (indent === "<eos>") break;
          text += indent;
          const element = pick();
          text += `${element}  ${element}${row}  `;
          for (let field = 0; field < 4; field++) for (let next = pick(); ; next = pick()) {
            text += next;
            if (next === "  ") break;
          }
          text += "1\n";
          const rowText = text.slice(start);
          const m = Number(rowText.split("  ")[3]);
          expect(sg).toContain(m);
          expect(atomsOf(rowText), rowText).toBe(m);
          const z = [...counts.keys()].find((k) => vocabulary[t.elements.get(k)!] === element)!;
          placed.set(z, (placed.get(z) ?? 0) + m);
        }
        expect(placed).toEqual(counts);
      }
    }
  });
});

function spaceGroupMultiplicitiesOf(symbol: string): number[] {
  const t = siteGrammarTokens(vocabulary, eos)!;
  return spaceGroupMultiplicities(t.spaceGroups.get(vocabulary.indexOf(symbol))!);
}

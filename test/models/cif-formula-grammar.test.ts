// The formula grammar of the CIF transformer: on the canonical CIF of every bundled prototype it forces exactly the
// values of _chemical_formula_structural, _chemical_formula_sum and _cell_formula_units_Z (read from the text with a
// regular expression) and allows every token of the text; in the atom sites it excludes exactly the elements absent
// from the formula; it leaves a data_ name that is not a formula alone; and a transformer with random weights writes the
// prompt's formula lines and only the prompt's elements in its atom sites when sampled with it.
import { beforeAll, describe, expect, it } from "vitest";
import { initSymmetry } from "../../src/crystal/symmetry/index.js";
import { loadDataset } from "../../src/datasets/load.js";
import { formulaContinuations, formulaGrammar, forcedToken } from "../../src/models/cif-transformer/index.js";
import { idsText, textIds } from "../../src/models/cif-transformer/sequences.js";
import { initBackend } from "../../src/models/index.js";
import { DecoderTransformer, generate } from "../../src/models/transformer/index.js";
import { canonicalCif, cifTokenType, cifTokenVocabulary } from "../../src/representations/index.js";

const vocabulary = cifTokenVocabulary().tokens;
const FORMULA_TAGS = ["_chemical_formula_structural", "_chemical_formula_sum", "_cell_formula_units_Z"];

beforeAll(async () => {
  await initBackend();
  await initSymmetry();
});

describe("formula grammar", () => {
  it("forces the three formula values of every bundled prototype's canonical CIF, token for token, and nothing else", async () => {
    const { structures } = await loadDataset("prototypes", "test");
    expect(structures.length).toBeGreaterThan(5);
    for (const s of structures) {
      const text = canonicalCif(s, 0.1);
      const ids = textIds(text);
      const grammar = formulaGrammar(vocabulary);
      const forced: number[] = [];
      for (let t = 1; t < ids.length; t++) {
        const allowed = grammar(0, ids.subarray(0, t));
        if (allowed === null) continue;
        expect(allowed).toContain(ids[t]);
        if (allowed.length === 1) forced.push(ids[t]!);
      }
      const expected = FORMULA_TAGS.map((tag) => new RegExp(`${tag}([^\\n]*\\n)`).exec(text)![1]).join("");
      expect(idsText(forced, vocabulary)).toBe(expected);
    }
  });

  it("allows only the formula's elements after the atom-site header, and every other token", () => {
    const grammar = formulaGrammar(vocabulary);
    const head = textIds("data_Sr1Ti1O3\n_symmetry_space_group_name_H-M   Pm-3m\nloop_\n _atom_site_type_symbol\n", true);
    const allowed = new Set(grammar(0, head));
    const elements = vocabulary.filter((t) => cifTokenType(t) === "element");
    expect(elements.filter((t) => allowed.has(vocabulary.indexOf(t))).sort()).toEqual(["O", "Sr", "Ti"]);
    expect(allowed.size).toBe(vocabulary.length - elements.length + 3);
    expect(grammar(0, head.subarray(0, head.length - 2))).toBeNull(); // before the atom-site header: free
  });

  it("leaves a data_ name that is not a formula, an incomplete data_ line and a diverged line alone", () => {
    const grammar = formulaGrammar(vocabulary);
    expect(grammar(0, textIds("data_Xq2\n_chemical_formula_sum", true))).toBeNull();
    expect(grammar(1, textIds("data_Sr1Ti1", true))).toBeNull();
    const continuations = formulaContinuations([38, 22, 8, 8, 8], vocabulary);
    expect(idsText(continuations.get(textIds("_chemical_formula_sum", true)[1]!)!, vocabulary)).toBe("   'Sr1 Ti1 O3'\n");
    expect(idsText(continuations.get(textIds("_cell_formula_units_Z", true)[1]!)!, vocabulary)).toBe("   1\n");
    expect(forcedToken(textIds("data_Sr1Ti1O3\n_chemical_formula_sum\n", true), continuations)).toBeNull();
    expect(forcedToken(textIds("data_Sr1Ti1O3\n_chemical_formula_sum   'Sr1 Ti1 O3'\n", true), continuations)).toBeNull();
  });

  it("makes a random-weight transformer write the prompt's formula lines and only its elements in the sites", () => {
    const net = new DecoderTransformer({ vocabSize: vocabulary.length, contextLength: 64, dModel: 16, nLayers: 1, nHeads: 2, mlpRatio: 2, dropout: 0 }, 5);
    const eos = textIds("")[1]!;
    try {
      const prompts = ["data_Sr2Ti2O6\n_chemical_formula_structural", "data_Sr2Ti2O6\n_chemical_formula_sum", "data_Sr2Ti2O6\n_cell_formula_units_Z"].map((p) => textIds(p, true));
      const free = generate(net, prompts, { temperature: 1, maxNewTokens: 12, seed: 0 }, { eosId: eos });
      const guided = generate(net, prompts, { temperature: 1, maxNewTokens: 12, seed: 0 }, { eosId: eos, allowedTokens: formulaGrammar(vocabulary) });
      const lines = guided.map((ids, i) => idsText(ids.subarray(prompts[i]!.length), vocabulary).split("\n")[0]);
      expect(lines).toEqual(["   SrTiO3", "   'Sr2 Ti2 O6'", "   2"]);
      expect(free.map((ids, i) => idsText(ids.subarray(prompts[i]!.length), vocabulary).split("\n")[0])).not.toEqual(lines);
      const sites = textIds("data_Sr2Ti2O6\nloop_\n _atom_site_type_symbol\n", true);
      const drawn = (allowedTokens?: ReturnType<typeof formulaGrammar>) =>
        generate(net, [sites], { temperature: 2, maxNewTokens: 40, seed: 1 }, { eosId: eos, ...(allowedTokens ? { allowedTokens } : {}) })[0]!.subarray(sites.length);
      const elementsOf = (ids: Int32Array) => new Set(Array.from(ids, (t) => vocabulary[t]!).filter((t) => cifTokenType(t) === "element"));
      expect([...elementsOf(drawn(formulaGrammar(vocabulary)))].every((e) => ["Sr", "Ti", "O"].includes(e))).toBe(true);
      expect([...elementsOf(drawn())].some((e) => !["Sr", "Ti", "O"].includes(e))).toBe(true);
    } finally {
      net.dispose();
    }
  });
});

// The CIF transformer family: canonical CIF text (CrystaLLM's preprocessing on our CIF writer), its round trip through
// the reader, the consistency checks with one failing case per reason, prompts as prefixes of the training text,
// refusals before work, and end to end: a small model that memorises SrTiO3 reproduces it from the prompt.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { readCif } from "../../src/crystal/io/index.js";
import { latticeFromParameters, latticeParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { initSymmetry } from "../../src/crystal/symmetry/index.js";
import { isPlausibleCell } from "../../src/metrics/plausible-cell.js";
import { DEFAULT_BOND_LENGTH, checkGeneratedCif, promptIds, promptText } from "../../src/models/cif-transformer/index.js";
import { type TokenGenerativeModel, ModelRequestError, createModel, initBackend, isTokenModel, samplerSettingSweep } from "../../src/models/index.js";
import { canonicalCif, cifTokenType, restoreSymmetryOperations, roundCifNumbers, tokenizeCif } from "../../src/representations/index.js";

const srTiO3 = makeStructure({
  lattice: latticeFromParameters(3.905, 3.905, 3.905, 90, 90, 90), species: [38, 22, 8, 8, 8],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id: "SrTiO3" },
});
const ctx = (species: number[] | null) => ({ species, symprec: 0.1, bondLength: DEFAULT_BOND_LENGTH });

beforeAll(async () => {
  await initBackend();
  await initSymmetry();
});

describe("canonical CIF", () => {
  it("rounds numbers with more than 4 decimals as CrystaLLM does and leaves the rest", () => {
    expect(roundCifNumbers("a 1.23456 b 0.5 c -0.00001 d 12 e 3.90500000 f 'x, y+1/2, z'")).toBe("a 1.2346 b 0.5 c -0.0000 d 12 e 3.9050 f 'x, y+1/2, z'");
  });

  it("writes the symmetrised, semi-symmetrised, rounded CIF with the cell formula as data_ name, and reads back to the crystal", () => {
    const text = canonicalCif(srTiO3);
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["data_Sr1Ti1O3", "_symmetry_space_group_name_H-M   Pm-3m", "_cell_length_a   3.9050"]);
    expect(text).toContain("_chemical_formula_sum   'Sr1 Ti1 O3'\n");
    expect(text).toContain(" _symmetry_equiv_pos_as_xyz\n  1  'x, y, z'\nloop_\n");
    expect(text).not.toContain("-x");
    expect(text).toMatch(/ {2}O {2}O2 {2}3 {2}0\.0000 {2}0\.5000 {2}0\.5000 {2}1\n/);
    const restored = restoreSymmetryOperations(text);
    expect(restored.match(/^ {2}\d+ {2}'/gm)!.length).toBe(48); // m-3m: 48 operations
    const back = readCif(restored);
    expect(Array.from(back.species).sort((a, b) => a - b)).toEqual([8, 8, 8, 22, 38]);
    expect(latticeParameters(back.lattice).a).toBeCloseTo(3.905, 4);
    expect(tokenizeCif(text).join("")).toBe(text);
  });

  it("types tokens for colouring", () => {
    expect(["data_", "_cell_length_a", "Pm-3m", "Sr", "3", ".", "   ", "<bos>", "x"].map(cifTokenType)).toEqual(["keyword", "tag", "space-group", "element", "digit", "punctuation", "whitespace", "special", "letter"]);
  });
});

describe("consistency checks of a generated CIF", () => {
  const text = canonicalCif(srTiO3);
  it("accept the canonical CIF of a real crystal", () => {
    const r = checkGeneratedCif(text, true, ctx([38, 22, 8, 8, 8]));
    expect(r.rejection).toBeNull();
    expect(r.spaceGroup).toBe(221);
    expect(r.structure!.species.length).toBe(5);
  });
  it("reject, with the first failing reason: no <eos>, unreadable text, formula, multiplicities, space group, bond lengths", () => {
    expect(checkGeneratedCif(text, false, ctx(null)).rejection).toBe("truncated");
    expect(checkGeneratedCif(text.slice(0, 120), true, ctx(null)).rejection).toBe("parse");
    expect(checkGeneratedCif(text, true, ctx([56, 22, 8, 8, 8])).rejection).toBe("formula"); // prompt was BaTiO3
    expect(checkGeneratedCif(text.replace("data_Sr1Ti1O3", "data_Sr2Ti1O3"), true, ctx(null)).rejection).toBe("formula");
    expect(checkGeneratedCif(text.replace("O2  3", "O2  2"), true, ctx(null)).rejection).toBe("multiplicity");
    // O moved off the face centre: still Sr1Ti1O3 with multiplicities 1+1+3 stated, but the expanded cell has more O
    expect(checkGeneratedCif(text.replace("O2  3  0.0000  0.5000  0.5000", "O2  3  0.1000  0.5000  0.5000"), true, ctx(null)).rejection).toBe("multiplicity");
    // Pm-3 (200) gives these sites the same multiplicities and cell, but moyo finds the higher symmetry Pm-3m (221)
    expect(checkGeneratedCif(text.replace("Pm-3m", "Pm-3"), true, ctx(null)).rejection).toBe("space_group");
    expect(checkGeneratedCif(text.replace(/3\.9050/g, "1.4000"), true, ctx(null)).rejection).toBe("bond_length"); // Ti–O 0.70 Å
  });
});

describe("prompts", () => {
  it("are prefixes of the training text: data_<cell formula> and the space-group line", () => {
    const text = canonicalCif(srTiO3);
    expect(promptText({ species: [38, 22, 8, 8, 8] })).toBe("data_Sr1Ti1O3\n");
    expect(text.startsWith(promptText({ species: [8, 38, 8, 22, 8], spaceGroup: 221 }))).toBe(true);
    expect(promptText({ species: null })).toBe("data_");
    expect(() => promptText({ species: null, spaceGroup: 221 })).toThrow(ModelRequestError);
  });
});

describe("the cif-transformer family", () => {
  let model: TokenGenerativeModel;
  beforeAll(async () => {
    // A small network that memorises one crystal: greedy decoding from its prompt must give its CIF back.
    const m = createModel("cif-transformer", { contextLength: 320, dModel: 48, nLayers: 2, nHeads: 2, mlpRatio: 2, dropout: 0, seed: 3 });
    await m.train(new Array<Structure>(8).fill(srTiO3), { epochs: 90, batchSize: 4, lr: 3e-3, seed: 1 });
    if (!isTokenModel(m)) throw new Error("cif-transformer is not a token model");
    model = m;
  }, 600_000);

  it("reproduces a memorised crystal from its prompt, accepted by the checks, with the raw text and zero rejections", async () => {
    const [s] = await model.sample({ compositions: ["SrTiO3"], settings: { temperature: 0 }, seed: 1 });
    expect(s!.properties).toMatchObject({ accepted: true, attempts: 1, spaceGroup: 221, rejected_parse: 0, rejected_formula: 0 });
    expect(s!.properties!.cif_text).toBe(canonicalCif(srTiO3));
    expect(latticeParameters(s!.lattice).a).toBeCloseTo(3.905, 4);
    // The site grammar, with or without bond clearance and the cell lines, forbids nothing of the true text: greedy decoding under it gives the same CIF.
    const [g] = await model.sample({ compositions: ["SrTiO3"], settings: { temperature: 0, siteGrammar: true }, seed: 1 });
    expect(g!.properties!.cif_text).toBe(canonicalCif(srTiO3));
    for (const grammar of ["bondGrammar", "cellGrammar"]) {
      const [b] = await model.sample({ compositions: ["SrTiO3"], settings: { temperature: 0, [grammar]: true }, seed: 1 });
      expect(b!.properties!.cif_text).toBe(canonicalCif(srTiO3));
    }
    const ids = model.encodeStructure(srTiO3);
    expect(model.vocabulary[ids[0]!]).toBe("<bos>");
    const att = model.attention(ids.slice(0, 40), 1, 0);
    expect(att.length).toBe(40 * 40);
  });

  it("samples under the formula grammar: at a high temperature free draws misstate the formula sum, guided ones never", async () => {
    // (The site part of the grammar is checked on token ids in cif-formula-grammar.test.ts: re-reading garbage text can
    // merge tokens into other element symbols.)
    const request = { compositions: new Array<string>(12).fill("SrTiO3"), seed: 5 };
    const misstated = (out: Structure[]) =>
      out.filter((s) => {
        const text = String(s.properties!["cif_text"]);
        const line = "   'Sr1 Ti1 O3'\n"; // or a beginning of it where the context ran out
        return text.split("_chemical_formula_sum").slice(1).some((rest) => !rest.startsWith(line) && !line.startsWith(rest));
      }).length;
    expect(misstated(await model.sample({ ...request, settings: { temperature: 3 } }))).toBeGreaterThan(0);
    const guided = await model.sample({ ...request, settings: { temperature: 3, formulaGrammar: true } });
    expect(guided.filter((s) => String(s.properties!["cif_text"]).includes("_chemical_formula_sum")).length).toBeGreaterThan(0);
    expect(misstated(guided)).toBe(0);
  });

  it("sweeps the temperature with known answers: two greedy copies of a training crystal are valid, one unique, none novel", async () => {
    const [row] = await samplerSettingSweep(model, "temperature", [0], { compositions: ["SrTiO3", "SrTiO3"], seed: 2 }, [srTiO3]);
    expect(row).toMatchObject({ value: 0, n: 2, validity: 1, uniqueness: 0.5, novelty: 0 });
  });

  it("refuses, before any work, an unknown element, an element it never saw, a space group outside 1–230 and a prompt longer than the context", async () => {
    const before = tf.memory().numTensors;
    const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
    const e1 = await fail(model.sample({ compositions: ["Xx2O"] }));
    expect(e1).toBeInstanceOf(ModelRequestError);
    expect(String(e1)).toMatch(/Xx/);
    expect(String(await fail(model.sample({ compositions: ["NaCl"] })))).toMatch(/element Na never appears in this model's training data/);
    const e3 = await fail(model.sample({ compositions: ["SrTiO3"], spaceGroup: 231 }));
    expect((e3 as ModelRequestError).field).toBe("spaceGroup");
    expect(() => promptIds({ species: [38, 22, 8, 8, 8], spaceGroup: 221 }, model.vocabulary, 12, "composition 0")).toThrow(/composition 0: the prompt is \d+ tokens, longer than the model's context allows \(12/);
    expect(String(await fail(model.sample({ n: 2, spaceGroup: 221 })))).toMatch(/space-group prompt follows the formula line/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps a failed draw a failure: an untrained model's unreadable draws come back as failed-sample markers with an implausible cell", async () => {
    const raw = createModel("cif-transformer", { contextLength: 320, dModel: 16, nLayers: 1, nHeads: 2, mlpRatio: 2, dropout: 0 });
    await raw.train([srTiO3], { epochs: 1, batchSize: 1 });
    const out = await raw.sample({ compositions: ["SrTiO3", "SrTiO3"], settings: { maxAttempts: 2 }, seed: 4 });
    for (const s of out) {
      expect(s.properties).toMatchObject({ accepted: false, failed: true, attempts: 2 });
      const counted = Object.entries(s.properties!).filter(([k]) => k.startsWith("rejected_")).reduce((a, [, v]) => a + (v as number), 0);
      expect(counted).toBe(2);
      expect(isPlausibleCell(s)).toBe(false);
    }
    raw.dispose();
  });
});

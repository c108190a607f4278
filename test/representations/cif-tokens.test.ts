import { describe, expect, it } from "vitest";
import {
  CIF_SPECIAL_TOKENS,
  cifTokenVocabulary,
  decodeCifTokens,
  detokenizeCif,
  encodeCifTokens,
  tokenizeCif,
} from "../../src/representations/cif-tokens.js";
import { readCif, writeCif } from "../../src/crystal/io/index.js";
import { datasetCifs, everyNth } from "./dataset-cifs.js";

describe("tokenizeCif", () => {
  it("keeps tags whole, splits formulas into elements and numbers into digits", () => {
    expect(tokenizeCif("data_TiO2\n_cell_length_a   4.59\n")).toEqual(["data_", "Ti", "O", "2", "\n", "_cell_length_a", "   ", "4", ".", "5", "9", "\n"]);
  });

  it("makes a known space-group symbol one token, quotes apart, and spells unknown ones out", () => {
    expect(tokenizeCif("_symmetry_space_group_name_H-M   'Fm-3m'\n")).toEqual(["_symmetry_space_group_name_H-M", "   ", "'", "Fm-3m", "'", "\n"]);
    expect(tokenizeCif("_space_group_name_H-M_alt 'P 6_3/m m c'")).toEqual(["_space_group_name_H-M_alt", " ", "'", "P 6_3/m m c", "'"]);
    expect(tokenizeCif("_symmetry_space_group_name_H-M P4/mmm\n")).toEqual(["_symmetry_space_group_name_H-M", " ", "P4/mmm", "\n"]);
    expect(tokenizeCif("_symmetry_space_group_name_H-M 'Q 9'")).toEqual(["_symmetry_space_group_name_H-M", " ", "'", "Q", " ", "9", "'"]);
  });

  it("splits atom-site rows into element, label digits, signs and digits", () => {
    expect(tokenizeCif("  Os  Os1  1  -0.5  1")).toEqual(["  ", "Os", "  ", "Os", "1", "  ", "1", "  ", "-", "0", ".", "5", "  ", "1"]);
    // words that are not element strings fall back to characters; long space runs split at 8
    expect(tokenizeCif("# pymatgen")).toEqual(["#", " ", ..."pymatgen".split("")]);
    expect(tokenizeCif(" ".repeat(10))).toEqual([" ".repeat(8), "  "]);
  });

  it("detokenizes every Perov-5, MPTS-52 and Carbon-24 test CIF exactly, and our writer's CIFs too", () => {
    const cifs = [...datasetCifs("perov_5/test.csv"), ...datasetCifs("mpts_52/test.csv.gz"), ...datasetCifs("carbon_24/test.csv")];
    expect(cifs.length).toBe(3785 + 8096 + 2030);
    for (const cif of cifs) expect(detokenizeCif(tokenizeCif(cif))).toBe(cif);
    for (const cif of everyNth(cifs, 25)) {
      const written = writeCif(readCif(cif));
      expect(detokenizeCif(tokenizeCif(written))).toBe(written);
    }
  });
});

describe("CIF token ids", () => {
  it("encode and decode every token of the dataset CIFs without <unk>", () => {
    for (const cif of everyNth(datasetCifs("mpts_52/test.csv.gz"), 10)) {
      const tokens = tokenizeCif(cif);
      const ids = encodeCifTokens(tokens, { strict: true });
      expect(decodeCifTokens(ids)).toEqual(tokens);
    }
  });

  it("maps unknown tokens to <unk>, or throws in strict mode, and drops <bos>/<eos>/<pad> on decode", () => {
    const ids = encodeCifTokens(["<bos>", "_my_private_tag", "é", "<eos>"]);
    expect(Array.from(ids)).toEqual([2, 1, 1, 3]);
    expect(() => encodeCifTokens(["_my_private_tag"], { strict: true })).toThrow(/_my_private_tag/);
    expect(decodeCifTokens(ids)).toEqual(["<unk>", "<unk>"]);
    expect(decodeCifTokens(ids, { keepSpecial: true })).toEqual(["<bos>", "<unk>", "<unk>", "<eos>"]);
    expect(() => decodeCifTokens([1e6])).toThrow(/outside the vocabulary/);
  });

  it("has a fixed vocabulary: special tokens first, unique entries, elements, tags and all space groups", () => {
    const v = cifTokenVocabulary();
    expect(v.tokens.slice(0, 4)).toEqual([...CIF_SPECIAL_TOKENS]);
    expect(new Set(v.tokens).size).toBe(v.tokens.length);
    for (const t of ["Og", "H", "Fm-3m", "F m -3 m", "P 1", "P1", "R -3 m", "_atom_site_fract_x", "data_", "loop_", "\n", "   "]) expect(v.ids.has(t), t).toBe(true);
    expect(v.ids.get("<pad>")).toBe(0);
  });
});

// Fuzz: real CIFs (and our POSCAR / extxyz / JSON of them) mutated thousands of times with a seeded RNG. Every outcome
// must be structures or a ParseError naming the file: no TypeError, RangeError or other exception. Instead of timing
// cases (CPU time depends on the machine), the work is bounded by counts: every input stays within a fixed multiple of
// its source's size, and no reader makes more sites than its input has words times the largest space-group order (192
// operations, the most a CIF's asymmetric-unit row can expand to), so no input can make a reader do unbounded work.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { ParseError } from "../../../src/crystal/errors.js";
import {
  readCif, readCifs, readExtxyz, readPoscar, readPymatgenJson, writeExtxyz, writePoscar, writePymatgenJson,
} from "../../../src/crystal/io/index.js";
import { isDisordered } from "../../../src/crystal/structure.js";
import { type Rng, rng } from "../../../src/util/random.js";
import { FIXTURES, datasetCifs } from "./helpers.js";

const GARBAGE = ["NaN", "1e999", "-", "--3", "0.5(", "(2)", "1/0", "?", ".", "'", '"', ";", "_tag", "loop_", "data_", "x,y", "1.2.3", "Infinity", "0x1F", "\t", "\u00e9", "-0", "1e-320"];

function mutate(text: string, r: Rng): string {
  const lines = text.split("\n");
  const pick = () => r.int(Math.max(1, lines.length));
  switch (r.int(9)) {
    case 0: // truncate anywhere
      return text.slice(0, r.int(text.length + 1));
    case 1: // delete lines
      for (let k = 1 + r.int(3); k > 0; k--) lines.splice(pick(), 1);
      return lines.join("\n");
    case 2: { // swap two tokens
      const words = text.split(/(\s+)/);
      const a = 2 * r.int(Math.ceil(words.length / 2));
      const b = 2 * r.int(Math.ceil(words.length / 2));
      [words[a], words[b]] = [words[b]!, words[a]!];
      return words.join("");
    }
    case 3: // garbage in place of a number
      return text.replace(/-?\d+\.\d+/g, (m) => (r.next() < 0.05 ? GARBAGE[r.int(GARBAGE.length)]! : m));
    case 4: { // duplicate a loop header or a tag line
      const i = lines.findIndex((l, k) => k >= pick() && /^\s*(loop_|_)/.test(l));
      if (i >= 0) lines.splice(i, 0, lines[i]!);
      return lines.join("\n");
    }
    case 5: { // insert a quote, semicolon or brace
      const at = r.int(text.length + 1);
      return text.slice(0, at) + ["'", '"', ";", "\n;", "{", "#", "="][r.int(7)] + text.slice(at);
    }
    case 6: { // random bytes
      const at = r.int(text.length + 1);
      let junk = "";
      for (let k = 1 + r.int(8); k > 0; k--) junk += String.fromCharCode(r.int(128));
      return text.slice(0, at) + junk + text.slice(at);
    }
    case 7: // CRLF / CR line ends and tabs
      return text.replace(/\n/g, r.next() < 0.5 ? "\r\n" : "\r").replace(/ {2}/g, "\t");
    default: { // duplicate a random line (an extra atom row, a repeated item)
      const i = pick();
      lines.splice(i, 0, lines[i] ?? "");
      return lines.join("\n");
    }
  }
}

/** At most this many mutations per case; each can at most double the text and add a few characters. */
const MAX_MUTATIONS = 3;
/** Sites one word of input can become: one CIF atom row expanded by the 192 operations of an Fm-3m-type group. */
const MAX_SITES_PER_WORD = 192;

/** Whitespace-separated words of a text. */
function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * Runs `parse` on `cases` mutations, asserting per case the input-size and sites-per-word bounds; returns the counts of
 * successes and ParseErrors. Throws on any other exception.
 */
function fuzz(name: string, sources: string[], cases: number, seed: number, parse: (text: string, file: string) => { species: ArrayLike<number> }[]) {
  const r = rng(seed);
  let ok = 0, parseErrors = 0;
  for (let c = 0; c < cases; c++) {
    const source = sources[r.int(sources.length)]!;
    let text = source;
    for (let m = 1 + r.int(MAX_MUTATIONS); m > 0; m--) text = mutate(text, r);
    const file = `${name}#${c}`;
    expect(text.length, file).toBeLessThanOrEqual(2 ** MAX_MUTATIONS * (source.length + 16));
    try {
      const sites = parse(text, file).reduce((n, s) => n + s.species.length, 0);
      expect(sites, file).toBeLessThanOrEqual(MAX_SITES_PER_WORD * words(text));
      ok++;
    } catch (e) {
      if (!(e instanceof ParseError)) throw new Error(`case ${c} (seed ${seed}) threw ${(e as Error).name}: ${(e as Error).message}\n---\n${text}`);
      expect(e.file).toBe(file);
      expect(e.line).toBeGreaterThanOrEqual(0);
      parseErrors++;
    }
  }
  return { ok, parseErrors };
}

const fixtureCifs = ["nacl-fm3m.cif", "rutile-p42mnm-newstyle.cif", "wurtzite-zno-p63mc.cif", "partial-occupancy-srla.cif", "text-fields-two-blocks.cif", "uncertainties-quotes-csc.cif", "ddlm-dotted-tags-bcc-fe.cif", "graphite-symbol-only.cif", "diamond-origin-choice-2.cif"].map((f) =>
  readFileSync(FIXTURES + f, "utf8"),
);
const dataCifs = [...datasetCifs("perov_5/test.csv", 20), ...datasetCifs("mpts_52/test.csv.gz", 20)].map((r) => r.cif);
const ordered = dataCifs.map((c) => readCif(c)).filter((s) => !isDisordered(s));

describe("fuzzed inputs give structures or a ParseError, never another exception or a hang", () => {
  test("6000 mutated CIFs (dataset rows and symmetry-expanded fixtures)", () => {
    const res = fuzz("cif", [...dataCifs, ...fixtureCifs], 6000, 20261124, (t, file) => readCifs(t, { file }).map((e) => e.structure));
    expect(res.ok + res.parseErrors).toBe(6000);
    expect(res.parseErrors).toBeGreaterThan(1000); // the mutations really break files
    expect(res.ok).toBeGreaterThan(500); // and many still parse (deleted comment lines, swapped equal tokens …)
  });
  test("1500 mutated POSCARs", () => {
    const res = fuzz("poscar", ordered.map((s) => writePoscar(s)), 1500, 7, (t, file) => [readPoscar(t, { file })]);
    expect(res.parseErrors).toBeGreaterThan(100);
  });
  test("1500 mutated extxyz files", () => {
    const res = fuzz("extxyz", [writeExtxyz(ordered.slice(0, 3)), ...ordered.map((s) => writeExtxyz([s]))], 1500, 8, (t, file) => readExtxyz(t, { file }));
    expect(res.parseErrors).toBeGreaterThan(100);
  });
  test("1500 mutated pymatgen JSON files", () => {
    const res = fuzz("json", ordered.map((s) => writePymatgenJson(s)), 1500, 9, (t, file) => [readPymatgenJson(t, { file })]);
    expect(res.parseErrors).toBeGreaterThan(100);
  });
});

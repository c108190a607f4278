import { describe, expect, test } from "vitest";
import { CifParseError } from "../../../src/crystal/errors.js";
import { CifTokenKind, cifNumber, cifTokenText, cifTokenize, parseCifBlocks } from "../../../src/crystal/io/index.js";
import { rng } from "../../../src/util/random.js";

describe("cifTokenize", () => {
  test("token kinds, lines and CIF quoting rules (a quote closes only before whitespace)", () => {
    const t = cifTokenize("data_x\n_a 'it's fine' # c\n_b ? _c .\nloop_ _d\n;\ntext\n;\n");
    const got = Array.from({ length: t.count }, (_, k) => [t.kinds[k], cifTokenText(t, k), t.lines[k]]);
    expect(got).toEqual([
      [CifTokenKind.Data, "x", 1],
      [CifTokenKind.Tag, "_a", 2],
      [CifTokenKind.Quoted, "it's fine", 2],
      [CifTokenKind.Tag, "_b", 3],
      [CifTokenKind.Unknown, "?", 3],
      [CifTokenKind.Tag, "_c", 3],
      [CifTokenKind.Inapplicable, ".", 3],
      [CifTokenKind.Loop, "loop_", 4],
      [CifTokenKind.Tag, "_d", 4],
      [CifTokenKind.TextField, "text", 5],
    ]);
  });
  test("CR, CRLF and LF all count as line ends", () => {
    const t = cifTokenize("data_a\r_x 1\r\n_y 2\n_z 3");
    expect(Array.from(t.lines)).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect(() => cifTokenize("data_a\r_x 1\r\n_y 2\n_z '3", "q.cif")).toThrow(/q\.cif:4: CIF unterminated single-quoted string/);
  });
  test("texts with more tokens than the initial scratch size (65,536) grow it and keep every token", () => {
    const n = 150_000;
    const [b] = parseCifBlocks(`data_big\nloop_\n_x\n${"7 ".repeat(n - 1)}8\n`);
    const loop = b!.loops[0]!;
    expect(loop.rows).toBe(n);
    expect(cifNumber(b!.tokens, loop.first)).toBe(7);
    expect(cifNumber(b!.tokens, loop.first + n - 1)).toBe(8);
    expect(b!.tokens.lines[loop.first + n - 1]).toBe(4);
  });
  test("a quoted string may not span lines", () => {
    expect(() => cifTokenize("data_a\n_x 'abc\ndef'\n", "q.cif")).toThrow(/q\.cif:2: .*line ends inside it/);
  });
});

describe("cifNumber", () => {
  const num = (s: string) => {
    const t = cifTokenize(`data_a _x ${s}`);
    return cifNumber(t, 2);
  };
  test.each([
    ["5.431(2)", 5.431], ["-0.25", -0.25], ["+.5", 0.5], ["1.", 1], ["90.000(10)", 90], ["1e-3", 0.001], ["1.5E2(3)", 150],
    ["0.123456789012345678", 0.123456789012345678],
  ])("%s = %d", (s, v) => expect(num(s)).toBe(v));
  test.each(["?", ".", "abc", "1.2.3", "0x1F", "-", "1e999", "1.5(2", "1.5(2)x", "(2)", "Infinity"])("%s is NaN", (s) => expect(num(s)).toBeNaN());
  test("agrees bit for bit with Number() on 20000 random decimals of 1–17 digits", () => {
    const r = rng(1);
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + r.int(17);
      let m = "";
      for (let d = 0; d < digits; d++) m += String(r.int(10));
      const dot = r.int(digits + 1);
      const s = (r.next() < 0.3 ? "-" : "") + m.slice(0, dot) + "." + m.slice(dot);
      expect(num(s)).toBe(Number(s));
    }
  });
});

describe("parseCifBlocks", () => {
  test("tags are case-insensitive and DDLm dots read as underscores", () => {
    const [b] = parseCifBlocks("data_a\n_Cell.Length_A 4\n");
    expect([...b!.items.keys()]).toEqual(["_cell_length_a"]);
  });
  test("a duplicated tag, a value without a tag and a tag without a value are CifParseErrors with lines", () => {
    expect(() => parseCifBlocks("data_a\n_x 1\n_X 2\n", "d.cif")).toThrow(/d\.cif:3: CIF tag _x appears twice/);
    expect(() => parseCifBlocks("data_a\n_x 1 2\n", "d.cif")).toThrow(/d\.cif:2: CIF value '2' without a tag/);
    expect(() => parseCifBlocks("data_a\n_x\n_y 1\n", "d.cif")).toThrow(/d\.cif:2: CIF tag _x has no value/);
    expect(() => parseCifBlocks("data_a\nloop_\n", "d.cif")).toThrow(CifParseError);
  });
});

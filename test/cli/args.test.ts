import { describe, expect, it } from "vitest";
import { CliUsageError, parseArgs, positiveIntegerFlag } from "../../src/cli/args.js";

const SPEC = {
  json: { type: "boolean" },
  out: { type: "string", short: "o" },
  symprec: { type: "number" },
  tag: { type: "string", multiple: true },
} as const;

describe("parseArgs", () => {
  it("reads --flag value, --flag=value, short flags, booleans, repeated flags and positionals in any order", () => {
    const a = parseArgs(["in.cif", "--json", "--symprec=0.05", "-o", "x.json", "--tag", "a", "more", "--tag=b"], SPEC);
    expect(a.flags).toEqual({ json: true, out: "x.json", symprec: 0.05, tag: ["a", "b"] });
    expect(a.positionals).toEqual(["in.cif", "more"]);
  });

  it("gives defaults for absent flags and treats everything after -- as positional", () => {
    const a = parseArgs(["--", "--json", "-o"], SPEC);
    expect(a.flags).toEqual({ json: false, out: undefined, symprec: undefined, tag: [] });
    expect(a.positionals).toEqual(["--json", "-o"]);
  });

  it("rejects unknown flags, missing values, values on booleans and non-numbers with CliUsageError", () => {
    expect(() => parseArgs(["--nope"], SPEC)).toThrow(/unknown flag --nope/);
    expect(() => parseArgs(["-x"], SPEC)).toThrow(CliUsageError);
    expect(() => parseArgs(["--out"], SPEC)).toThrow(/--out needs a value/);
    expect(() => parseArgs(["--json=yes"], SPEC)).toThrow(/takes no value/);
    expect(() => parseArgs(["--symprec", "tight"], SPEC)).toThrow(/needs a number, got "tight"/);
  });
});

describe("positiveIntegerFlag", () => {
  it("passes an absent flag or a positive integer through and names the command and flag otherwise", () => {
    expect(positiveIntegerFlag("sample", "n", undefined)).toBeUndefined();
    expect(positiveIntegerFlag("sample", "n", 1)).toBe(1);
    expect(positiveIntegerFlag("train", "workers", 8)).toBe(8);
    for (const bad of [0, -2, 1.5, Number.NaN]) {
      expect(() => positiveIntegerFlag("train", "workers", bad)).toThrow(CliUsageError);
      expect(() => positiveIntegerFlag("train", "workers", bad)).toThrow(`train: --workers must be a positive integer (got ${bad})`);
    }
  });
});

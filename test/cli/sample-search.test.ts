// `xtal sample` with a search family (tasks csp + gen): de novo without compositions, CSP with them, and the samples'
// own properties (attempts, space group) as columns with the attempts summary.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { reducedFormula } from "../../src/crystal/index.js";
import { loadStructuresCsv } from "../../src/datasets/index.js";
import { captureIO } from "./capture-io.js";

describe("xtal sample with random-symmetric", () => {
  it("samples de novo without --composition and CSP with it, keeping attempts and space group per crystal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xtal-search-"));
    const ckpt = join(dir, "search");
    expect(await run(["train", "random-symmetric", "--dataset", "prototypes", "--split", "train", "--out", ckpt], captureIO())).toBe(0);
    const io = captureIO();
    expect(await run(["sample", "--checkpoint", ckpt, "--n", "4", "--seed", "2", "--out", join(dir, "gen.csv"), "--json"], io), io.err).toBe(0);
    const gen = await loadStructuresCsv(join(dir, "gen.csv"));
    expect(Array.from(gen.table.array("task") as ArrayLike<string>)).toEqual(["gen", "gen", "gen", "gen"]);
    const attempts = Array.from(gen.table.array("property_attempts") as ArrayLike<number>);
    expect(attempts.every((a) => Number.isInteger(a) && a >= 1)).toBe(true);
    const summary = JSON.parse(io.out) as { meanAttempts: number; maxAttempts: number };
    expect(summary.meanAttempts).toBeCloseTo(attempts.reduce((a, b) => a + b, 0) / 4, 12);
    expect(summary.maxAttempts).toBe(Math.max(...attempts));
    expect(Array.from(gen.table.array("property_spaceGroup") as ArrayLike<number>).every((g) => g >= 1 && g <= 230)).toBe(true);

    expect(await run(["sample", "--checkpoint", ckpt, "--composition", "NaCl", "--n", "2", "--out", join(dir, "csp.csv")], captureIO())).toBe(0);
    const csp = await loadStructuresCsv(join(dir, "csp.csv"));
    expect(Array.from(csp.table.array("task") as ArrayLike<string>)).toEqual(["csp", "csp"]);
    expect(csp.structures.map((s) => reducedFormula(s.species))).toEqual(["NaCl", "NaCl"]);
  });
});

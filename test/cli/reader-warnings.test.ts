// The CIF reader's warnings reach the user: stderr lines prefixed with the file name, and a `warnings` array in --json.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { captureIO } from "./capture-io.js";

const REALWORLD = join(import.meta.dirname, "..", "fixtures", "cif-realworld");
const CAPITALS = join(REALWORLD, "own-capital-type-symbols.cif");
const CAPITAL_WARNINGS = ["site 'CA1' (line 19): 'CA' read as Ca", "site 'NB1' (line 20): 'NB' read as Nb", "site 'AL1' (line 24): 'AL' read as Al"];

async function xtal(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await run(args, io);
  return { code, out: io.out, err: io.err };
}

describe("reader warnings in xtal info, convert and symmetry", () => {
  it("info prints each warning on stderr prefixed with the file name, and --json carries them", async () => {
    const text = await xtal(["info", CAPITALS]);
    expect(text.code).toBe(0);
    expect(text.err).toBe(CAPITAL_WARNINGS.map((w) => `${CAPITALS}: warning: ${w}\n`).join(""));
    expect(text.out).toMatch(/formula {6}CaNbAlO3/);
    const json = await xtal(["info", CAPITALS, "--json"]);
    expect(JSON.parse(json.out).warnings).toEqual(CAPITAL_WARNINGS);
    expect(json.err).toBe(text.err);
  });

  it("convert and symmetry print the same warnings; symmetry --json carries them; a clean file has none", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "cw-warn-")), "x.vasp");
    const convert = await xtal(["convert", CAPITALS, out]);
    expect(convert.code).toBe(0);
    expect(convert.err.trim().split("\n")).toEqual(CAPITAL_WARNINGS.map((w) => `${CAPITALS}: warning: ${w}`));
    const symmetry = await xtal(["symmetry", CAPITALS, "--json"]);
    expect(JSON.parse(symmetry.out).warnings).toEqual(CAPITAL_WARNINGS);
    expect(symmetry.err.trim().split("\n")).toHaveLength(3);
    const clean = await xtal(["info", join(REALWORLD, "pmg-K2O2.cif"), "--json"]);
    expect(clean.err).toBe("");
    expect(JSON.parse(clean.out).warnings).toEqual([]);
  });

  it("a lenient read (unterminated quote in a title) is a warning naming the line", async () => {
    const file = join(REALWORLD, "own-unterminated-quote-free-text.cif");
    const r = await xtal(["info", file, "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${file}: warning: line 3: unterminated single-quoted string (line ends inside it): read to the end of the line`);
    expect(JSON.parse(r.out)).toMatchObject({ formula: "NaCl", nsites: 8 });
  });
});

describe("xtal info on multi-structure and disordered files", () => {
  it("describes the first structure and says how many the file holds", async () => {
    const file = join(import.meta.dirname, "..", "fixtures", "structures", "text-fields-two-blocks.cif");
    const text = await xtal(["info", file]);
    expect(text.out).toContain("structures   2 in the file; this is the first");
    expect(text.out.match(/formula/g)).toHaveLength(1);
    expect(JSON.parse((await xtal(["info", file, "--json"])).out)).toMatchObject({ structures: 2, formula: "Po" });
  });

  it("counts co-located partial sites as one site (pymatgen's convention) and lists each disordered site", async () => {
    // Pauling File: (Zn, Fe, Pb) share the 4e position of C2/m; pymatgen reports 26 sites, Zn2.58Fe1.38As4Pb2.04O16.
    const file = join(REALWORLD, "pmg-PF_sd_1601634.cif");
    const r = await xtal(["info", file, "--json"]);
    const info = JSON.parse(r.out);
    expect(info).toMatchObject({ nsites: 26, formula: "Zn2.58Fe1.38As4Pb2.04O16", structures: 1 });
    expect(info.disorderedSites).toHaveLength(4);
    expect(info.disorderedSites[0]).toEqual({ site: 0, frac: [0.25, 0.25, 0.5], species: [{ element: "Zn", occupancy: 0.645 }, { element: "Fe", occupancy: 0.345 }, { element: "Pb", occupancy: 0.01 }] });
    expect(info.warnings).toContain("site 'OH' (line 93): no element in 'OH': dropped, as pymatgen does");
    const text = await xtal(["info", file]);
    expect(text.out).toContain("sites        26, 4 disordered:");
    expect(text.out).toContain("site 0 (0.2500, 0.2500, 0.5000): Zn 0.645, Fe 0.345, Pb 0.01");
  });
});

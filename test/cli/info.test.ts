import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { loadDataset } from "../../src/datasets/load.js";
import { writeCif } from "../../src/crystal/io/cif-write.js";
import { captureIO } from "./capture-io.js";
import { DATA_DIR } from "../shared-paths.js";

const DATA = DATA_DIR;
const STRUCTS = join(import.meta.dirname, "..", "fixtures", "structures");

interface PyInfo { formula: string; nsites: number; a: number; b: number; c: number; alpha: number; beta: number; gamma: number; volume: number; density: number; number: number; symbol: string }

function pymatgenInfo(symprec: number, paths: string[]): PyInfo[] {
  return JSON.parse(execFileSync("/usr/bin/python3", ["test/py/datasets_reference.py", "info", String(symprec), ...paths], { maxBuffer: 1 << 26 }).toString());
}

function expectSameInfo(ours: Record<string, unknown>, ref: PyInfo, label: string): void {
  expect(ours.formula, label).toBe(ref.formula);
  expect(ours.nsites, label).toBe(ref.nsites);
  for (const k of ["a", "b", "c", "alpha", "beta", "gamma", "volume"] as const) expect(ours[k] as number, `${label} ${k}`).toBeCloseTo(ref[k], 8);
  expect((ours.density as number) / ref.density, `${label} density`).toBeCloseTo(1, 10);
  expect(ours.spaceGroup, label).toEqual({ number: ref.number, symbol: ref.symbol });
}

async function infoJson(args: string[]): Promise<{ code: number; lines: Record<string, unknown>[]; err: string }> {
  const io = captureIO();
  const code = await run(["info", ...args], io);
  return { code, lines: io.out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)), err: io.err };
}

describe("xtal info", () => {
  it("agrees with pymatgen (lattice, volume, density, SpacegroupAnalyzer at symprec 0.1) on hand-made CIFs", async () => {
    const files = ["nacl-fm3m.cif", "wurtzite-zno-p63mc.cif", "rutile-p42mnm-newstyle.cif"].map((f) => join(STRUCTS, f));
    const ref = pymatgenInfo(0.1, files);
    for (const [k, f] of files.entries()) {
      const { code, lines } = await infoJson([f, "--json"]);
      expect(code).toBe(0);
      expectSameInfo(lines[0]!, ref[k]!, f);
    }
  });

  it("agrees with pymatgen on 40 MPTS-52 structures of many space groups, at symprec 0.1 and 0.01", async () => {
    const d = await loadDataset("mpts_52", "test", { dataDir: DATA, limit: 40 });
    const dir = mkdtempSync(join(tmpdir(), "cw-info-"));
    const files = d.structures.map((s, k) => {
      const p = join(dir, `s${k}.cif`);
      writeFileSync(p, writeCif(s));
      return p;
    });
    for (const symprec of [0.1, 0.01]) {
      const ref = pymatgenInfo(symprec, files);
      expect(new Set(ref.map((r) => r.number)).size).toBeGreaterThan(8);
      for (const [k, f] of files.entries()) {
        const { lines } = await infoJson([f, "--json", "--symprec", String(symprec)]);
        expectSameInfo(lines[0]!, ref[k]!, `${d.structures[k]!.properties!.id} symprec ${symprec}`);
      }
    }
  }, 60_000);
});

describe("xtal info --csv", () => {
  it("prints one JSON line per row of the first 50 perov_5 test rows, in order, agreeing with pymatgen", async () => {
    const { code, lines } = await infoJson(["--csv", join(DATA, "perov_5", "test.csv"), "--json", "--limit", "50"]);
    expect(code).toBe(0);
    expect(lines.map((l) => l.row)).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
    const d = await loadDataset("perov_5", "test", { dataDir: DATA, limit: 50 });
    expect(lines.map((l) => l.id)).toEqual(d.table.array("id"));
    const dir = mkdtempSync(join(tmpdir(), "cw-perov-"));
    const files = d.structures.map((s, k) => {
      const p = join(dir, `r${k}.cif`);
      writeFileSync(p, writeCif(s));
      return p;
    });
    const ref = pymatgenInfo(0.1, files);
    lines.forEach((l, k) => expectSameInfo(l, ref[k]!, String(l.id)));
  }, 60_000);

  it("reports bad rows as JSON lines with `error` and the row number, in row order; exit 0, or 2 with --strict", async () => {
    const file = join(import.meta.dirname, "..", "datasets", "fixtures", "malformed.csv");
    const { code, lines } = await infoJson(["--csv", file, "--json"]);
    expect(code).toBe(0);
    expect(lines.map((l) => [l.row, l.id, "error" in l])).toEqual([
      [1, "good-1", false], [2, "extra-field", true], [3, "bad-cif", true], [4, "no-cif", true], [5, "good-2", false], [6, "truncated", true],
    ]);
    expect(lines[0]).toMatchObject({ formula: "CsCl", spaceGroup: { number: 221, symbol: "Pm-3m" } });
    expect(lines[1]!.error).toBe("expected 5 fields, found 6");
    expect((await infoJson(["--csv", file, "--json", "--strict"])).code).toBe(2);
    expect((await infoJson([file, "--json"])).lines.map((l) => l.row)).toEqual([1, 2, 3, 4, 5, 6]); // .csv name implies --csv
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { captureIO } from "./capture-io.js";

const STRUCTS = join(import.meta.dirname, "..", "fixtures", "structures");

async function info(path: string): Promise<Record<string, unknown>> {
  const io = captureIO();
  expect(await run(["info", path, "--json"], io)).toBe(0);
  const { file: _file, ...rest } = JSON.parse(io.out);
  return rest;
}

describe("xtal convert", () => {
  it("round-trips rutile CIF → POSCAR → pymatgen JSON → extxyz → CIF with the same info", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-convert-"));
    const chain = [join(STRUCTS, "rutile-p42mnm-newstyle.cif"), join(dir, "POSCAR"), join(dir, "r.json"), join(dir, "r.extxyz"), join(dir, "back.cif")];
    for (let k = 1; k < chain.length; k++) expect(await run(["convert", chain[k - 1]!, chain[k]!], captureIO())).toBe(0);
    const first = await info(chain[0]!);
    for (const f of chain.slice(1)) {
      const i = await info(f);
      expect(i.spaceGroup).toEqual(first.spaceGroup);
      expect(i.formula).toBe(first.formula);
      for (const k of ["a", "b", "c", "alpha", "beta", "gamma", "volume", "density"]) expect(i[k] as number, `${f} ${k}`).toBeCloseTo(first[k] as number, 6);
    }
  });

  it("writes a file pymatgen reads back (POSCAR)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-convert-"));
    const out = join(dir, "ZnO.vasp");
    expect(await run(["convert", join(STRUCTS, "wurtzite-zno-p63mc.cif"), out], captureIO())).toBe(0);
    const py = execFileSync("/usr/bin/python3", ["-c", "import sys;from pymatgen.core import Structure;s=Structure.from_file(sys.argv[1]);print(s.composition.reduced_formula,len(s),round(s.volume,6))", out]).toString().trim();
    expect(py).toBe("ZnO 4 47.614908");
  });

  it("writes to stdout with --to, and refuses several structures into a one-structure format", async () => {
    const io = captureIO();
    expect(await run(["convert", join(STRUCTS, "nacl-fm3m.cif"), "-", "--to", "poscar"], io)).toBe(0);
    expect(io.out.split("\n")[5]!.trim()).toBe("Na Cl");
    const two = join(STRUCTS, "text-fields-two-blocks.cif");
    const io2 = captureIO();
    const dir = mkdtempSync(join(tmpdir(), "cw-convert-"));
    expect(await run(["convert", two, join(dir, "x.json")], io2)).toBe(2);
    expect(io2.err).toMatch(/holds 2 structures; json holds one \(pass --index N\)/);
    expect(await run(["convert", two, join(dir, "x.json"), "--index", "1"], captureIO())).toBe(0);
    expect(existsSync(join(dir, "x.json"))).toBe(true);
  });
});

describe("the built CLI", () => {
  it("runs as `node dist/cli/xtal.js` (after npm run build): help, info --json, and exit code 2 on bad input", () => {
    const root = join(import.meta.dirname, "..", "..");
    const bin = join(root, "dist", "cli", "xtal.js");
    const src = join(root, "src", "cli", "xtal.ts");
    if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
      // Build (type errors in files of other areas do not stop tsc from emitting).
      try {
        execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.json")], { stdio: "pipe" });
      } catch { /* emitted anyway */ }
    }
    expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
    const help = execFileSync(process.execPath, [bin, "--help"]).toString();
    expect(help).toMatch(/^  info +formula/m);
    const out = JSON.parse(execFileSync(process.execPath, [bin, "info", join(STRUCTS, "nacl-fm3m.cif"), "--json"]).toString());
    expect(out).toMatchObject({ formula: "NaCl", nsites: 8, spaceGroup: { number: 225, symbol: "Fm-3m" } });
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [bin, "info", "--symprec", "-1", join(STRUCTS, "nacl-fm3m.cif")], { stdio: "pipe" });
    } catch (e) {
      status = (e as { status: number }).status;
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toBe("xtal: info: --symprec must be a positive distance in Å (got -1)\n");
  }, 120_000);
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { writeCif } from "../../src/crystal/io/cif-write.js";
import { rutile, wurtzite } from "./symmetry.fixtures.js";

function captured() {
  const io = { out: "", err: "", stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), "xtal-symmetry-"));
const rutileFile = join(dir, "rutile.cif");
writeFileSync(rutileFile, writeCif(rutile));
const wurtziteFile = join(dir, "wurtzite.cif");
writeFileSync(wurtziteFile, writeCif(wurtzite));

describe("xtal symmetry", () => {
  it("prints rutile's space group, Wyckoff positions with multiplicity and both standardised cells as JSON", async () => {
    const io = captured();
    expect(await run(["symmetry", rutileFile, "--json"], io)).toBe(0);
    const r = JSON.parse(io.out);
    expect(r.spaceGroup).toEqual({ number: 136, symbol: "P 4_2/m n m", compactSymbol: "P4_2/mnm" });
    expect(r.hallNumber).toBe(419);
    expect(r.sites.map((s: { element: string; wyckoff: string }) => `${s.element} ${s.wyckoff}`)).toEqual(["Ti 2a", "Ti 2a", "O 4f", "O 4f", "O 4f", "O 4f"]);
    expect(r.conventional.sites).toHaveLength(6);
    expect(r.primitive.sites).toHaveLength(6);
    expect(r.conventional.lattice.a).toBeCloseTo(4.594, 6);
  });

  it("prints a readable text report for wurtzite at --symprec 0.1", async () => {
    const io = captured();
    expect(await run(["symmetry", wurtziteFile, "--symprec", "0.1"], io)).toBe(0);
    expect(io.out).toContain("space group  P6_3mc (186)");
    expect(io.out).toMatch(/Zn\s+2b\s+3m\./);
    expect(io.out).toContain("standardised conventional cell (4 sites)");
    expect(io.out).toContain("γ 120.000°");
  });

  it("exits 2 with one line on stderr for a missing file or a bad --symprec", async () => {
    let io = captured();
    expect(await run(["symmetry", join(dir, "missing.cif")], io)).toBe(2);
    expect(io.err.trim().split("\n")).toHaveLength(1);
    io = captured();
    expect(await run(["symmetry", rutileFile, "--symprec", "-1"], io)).toBe(2);
    expect(io.err).toContain("--symprec must be a positive distance");
  });
});

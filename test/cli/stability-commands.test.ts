// xtal energy / relax / stability / metrics --stability end to end on a few crystals: refusals keep their row with the
// reason, relaxed crystals are re-evaluated below fmax, and the S.U.N. table names every crystal.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { writeCif } from "../../src/crystal/io/cif-write.js";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { formatCsv, parseCsvText } from "../../src/datasets/csv.js";
import { loadDataset } from "../../src/datasets/load.js";
import { DATA_DIR } from "../shared-paths.js";
import { captureIO } from "./capture-io.js";

process.env["CRYSTAL_DATA_DIR"] = DATA_DIR;
const dir = mkdtempSync(join(tmpdir(), "cw-cli-stability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FCC = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0];
const cubic = (a: number, species: number[], frac: number[]) => makeStructure({ lattice: latticeFromMatrix([a, 0, 0, 0, a, 0, 0, 0, a]), species, fracCoords: frac });
const rockSalt = (a: number, cation: number, anion: number) => cubic(a, [cation, cation, cation, cation, anion, anion, anion, anion], [...FCC, ...FCC.map((x, i) => (i % 3 === 0 ? x + 0.5 : x))]);
const crystals: [string, string][] = [
  ["NaCl-stretched", writeCif(rockSalt(5.9, 11, 17))],
  ["MgO-squeezed", writeCif(rockSalt(4.05, 12, 8))],
  ["Po-cubic", writeCif(cubic(3.35, [84], [0, 0, 0]))],
  ["overlap", writeCif(cubic(4, [11, 17], [0, 0, 0, 0.02, 0, 0]))],
  ["broken", "data_x\n_this_is_not_a_cif"],
];
const input = join(dir, "in.csv");
writeFileSync(input, formatCsv(["material_id", "cif"], [crystals.map((c) => c[0]), crystals.map((c) => c[1])]));

/** A CSV file as column name → values. */
function readColumns(path: string): Map<string, string[]> {
  const [header, ...rows] = parseCsvText(readFileSync(path, "utf8")).map((r) => r.fields);
  return new Map(header!.map((name, k) => [name, rows.map((r) => r[k]!)]));
}

const jsonLines = (text: string) => text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("xtal energy, relax, stability", () => {
  it("energy: every row reported, refusals with their reason, --strict exits 2", async () => {
    const io = captureIO();
    expect(await run(["energy", input, "--json"], io)).toBe(0);
    const rows = jsonLines(io.out);
    expect(rows.map((r) => r["id"])).toEqual(crystals.map((c) => c[0]));
    expect(rows[0]!["energy_per_atom_eV"]).toBeLessThan(-3);
    expect(rows[1]!["pressure_GPa"]).toBeGreaterThan(5); // a squeezed MgO cell pushes outwards
    expect(rows[2]!["error"]).toMatch(/element Po is not known/);
    expect(rows[3]!["error"]).toMatch(/0\.08\d* Å apart/);
    expect(rows[4]!["error"]).toMatch(/^row 5:/);
    expect(io.err).toMatch(/3 of 5 crystals refused/);
    expect(await run(["energy", input, "--strict", "--model", "eform"], captureIO())).toBe(2);
    expect(await run(["energy", input, "--model", "dft"], captureIO())).toBe(2);
  });

  it("energy --eform-shift: predictions less the per-element shift; bad use and bad files exit 2", async () => {
    const shiftFile = join(dir, "shift.json");
    writeFileSync(shiftFile, JSON.stringify({ shift: { model: "m3gnet-mp-2018.6.1-eform", offset: 0.05, shifts: { Cl: 0.3, Mg: -0.1 }, lambda: 1e-5 } }));
    const plain = captureIO(), shifted = captureIO();
    expect(await run(["energy", input, "--model", "eform", "--json"], plain)).toBe(0);
    expect(await run(["energy", input, "--model", "eform", "--json", "--eform-shift", shiftFile], shifted)).toBe(0);
    const [a, b] = [jsonLines(plain.out), jsonLines(shifted.out)];
    const key = "formation_energy_per_atom_eV";
    expect((b[0]![key] as number) - (a[0]![key] as number)).toBeCloseTo(-(0.05 + 0.5 * 0.3), 5); // NaCl: half Cl
    expect((b[1]![key] as number) - (a[1]![key] as number)).toBeCloseTo(-(0.05 - 0.5 * 0.1), 5); // MgO: half Mg
    expect(b[2]!["error"]).toBe(a[2]!["error"]);
    const pes = captureIO();
    expect(await run(["energy", input, "--eform-shift", shiftFile], pes)).toBe(2);
    expect(pes.err).toMatch(/--eform-shift applies to --model eform only/);
    const bad = captureIO();
    expect(await run(["energy", input, "--model", "eform", "--eform-shift", join(dir, "none.json")], bad)).toBe(2);
    expect(bad.err).toMatch(/none\.json: cannot read/);
  });

  it("relax: converged crystals re-evaluate below fmax; refused ones keep their reason", async () => {
    const out = join(dir, "relaxed.csv");
    const io = captureIO();
    expect(await run(["relax", input, "--out", out, "--fmax", "0.02", "--json"], io)).toBe(0);
    const rows = jsonLines(io.out);
    expect(rows.map((r) => r["status"])).toEqual(["converged", "converged", "refused", "refused", "refused"]);
    expect(rows[4]!["reason"]).toMatch(/^row 5:/);
    const check = captureIO();
    expect(await run(["energy", out, "--json"], check)).toBe(0);
    const again = jsonLines(check.out).slice(0, 2);
    for (const r of again) expect(r["max_force_eV_per_A"]).toBeLessThan(0.02);
    for (const r of again) expect(Math.abs(Number(r["pressure_GPa"]))).toBeLessThan(1);
    expect([...readColumns(out).keys()]).toEqual(expect.arrayContaining(["id", "cif", "status", "steps", "energy_eV"]));
    expect(await run(["relax", input, "--fmax", "-1"], captureIO())).toBe(2);
  });

  it("stability: one table row per generated crystal; a reference crystal itself is not novel", async () => {
    const test = await loadDataset("mp_20_biternary", "test", { limit: 3 });
    const generated = join(dir, "generated.csv");
    const known = test.structures[0]!;
    writeFileSync(generated, formatCsv(["material_id", "cif"], [["known", "NaCl"], [writeCif(known), crystals[0]![1]]]));
    const out = join(dir, "table.csv");
    const report = join(dir, "report.json");
    const io = captureIO();
    expect(await run(["stability", "--generated", generated, "--reference", "mp_20_biternary:test", "--out", out, "--report", report, "--steps", "200"], io)).toBe(0);
    const table = readColumns(out);
    const col = (name: string) => table.get(name)!;
    expect(col("id")).toEqual(["known", "NaCl"]);
    expect(col("novel")[0]).toBe("False");
    expect(col("novel")[1]).toBe("True");
    expect(Number.isFinite(Number(col("e_above_hull")[0]))).toBe(true);
    const rows = JSON.parse(readFileSync(report, "utf8")).metrics as { metric: string; n: number }[];
    expect(rows.find((r) => r.metric === "mattergen_sun")!.n).toBe(2);
    expect(io.err).toMatch(/hull references: \d+ from mp_20_biternary\/val/);
    expect(await run(["stability", "--generated", generated, "--reference", "perov_5:test", "--out", out], captureIO())).toBe(2); // no hull source
  });

  it("metrics --stability adds the S.U.N. rows to the de novo metrics", async () => {
    const io = captureIO();
    const code = await run(["metrics", "--generated", input, "--reference", "mp_20_biternary:test", "--stability", "--no-fingerprint", "--json", "--steps", "100"], io);
    expect(io.err.split("\n").filter((l) => l.startsWith("xtal:"))).toEqual([]);
    expect(code).toBe(0);
    const rows = JSON.parse(io.out).metrics as { metric: string; value: number; n: number }[];
    expect(rows.find((r) => r.metric === "relaxation_converged")).toMatchObject({ n: 5, value: 0.4 });
    expect(rows.find((r) => r.metric === "flowmm_sun")).toBeDefined();
  });

  it("--workers must be a positive integer: a one-line usage error, exit 2", async () => {
    const out = join(dir, "never.csv");
    const cases = [
      ["relax", input, "--workers", "0"],
      ["energy", input, "--workers", "1.5"],
      ["stability", "--generated", input, "--reference", "mp_20_biternary:test", "--out", out, "--workers", "-2"],
      ["metrics", "--generated", input, "--reference", "mp_20_biternary:test", "--stability", "--workers", "0"],
    ];
    for (const argv of cases) {
      const io = captureIO();
      expect(await run(argv, io)).toBe(2);
      expect(io.err).toMatch(new RegExp(`^xtal: ${argv[0]}: --workers must be a positive integer \\(got -?[\\d.]+\\)\n`));
    }
  });
});

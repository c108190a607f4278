import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { latticeParameters } from "../../src/crystal/lattice.js";
import { parseCsvText } from "../../src/datasets/csv.js";
import { DatasetNotFoundError, DatasetRowError } from "../../src/datasets/errors.js";
import { type Dataset, loadDataset, loadStructuresCsv } from "../../src/datasets/load.js";
import { datasetCandidatePaths, datasetPath } from "../../src/datasets/paths.js";
import { DATA_DIR } from "../shared-paths.js";

const DATA = DATA_DIR;
const FIXTURES = join(import.meta.dirname, "fixtures");
const PY = "/usr/bin/python3";

function pandasSummary(path: string): { rows: number; ids: string[]; values: Record<string, (number | boolean)[]> } {
  return JSON.parse(execFileSync(PY, ["test/py/datasets_reference.py", "csv", path], { maxBuffer: 1 << 28 }).toString());
}

/** 1-based line of the first line starting with `prefix` in a file. */
function lineOf(path: string, prefix: string): number {
  return readFileSync(path, "utf8").split("\n").findIndex((l) => l.startsWith(prefix)) + 1;
}

describe("loadDataset on the shared benchmark files", () => {
  const cases: [string, string, number][] = [
    ["perov_5", "test", 3785],
    ["perov_5", "val", 3787],
    ["carbon_24", "test", 2030],
    ["mpts_52", "test", 8096],
    ["mp_20_biternary", "test", 7118],
  ];
  const loaded = new Map<string, Dataset>();
  beforeAll(async () => {
    for (const [name, split] of cases) loaded.set(`${name}/${split}`, await loadDataset(name, split, { dataDir: DATA, download: false }));
  }, 120_000);

  it.each(cases)("%s %s: reads every row (%i), rejects none, and matches the published sha256", (name, split, rows) => {
    const d = loaded.get(`${name}/${split}`)!;
    expect(d.provenance.rowsRead).toBe(rows);
    expect(d.provenance.rowsRejected).toEqual([]);
    expect(d.structures.length).toBe(rows);
    expect(d.table.numRows()).toBe(rows);
    expect(d.provenance.checksum).toBe("verified");
    expect(d.provenance.copy).toMatch(/^(txie-93\/cdvae@f857f598|SymmetryAdvantage\/WyckoffTransformer@507e8f14)/);
    expect(d.provenance.missingColumns).toEqual([]);
    expect(d.provenance.extraColumns).toEqual([]);
  });

  it.each(cases)("%s %s: ids and every numeric/boolean column agree with pandas.read_csv", (name, split) => {
    const d = loaded.get(`${name}/${split}`)!;
    const ref = pandasSummary(d.provenance.file);
    expect(d.table.array("id")).toEqual(ref.ids);
    for (const [col, values] of Object.entries(ref.values)) {
      const ours = col === "" || col === "Unnamed: 0" ? "index" : col;
      expect(Array.from(d.table.array(ours)), col).toEqual(values);
    }
  }, 60_000);

  it("perov_5 test row 1: properties, derived columns and a wrapped coordinate", () => {
    const d = loaded.get("perov_5/test")!;
    expect(d.table.object(0)).toEqual({
      id: "3961", row: 1, formula: "TiOsNOF", nsites: 5, index: 996, formula_file: "TiOsOFN",
      heat_all: 1.16, heat_ref: 1.4383314936574307, dir_gap: 0, ind_gap: 0,
    });
    const s = d.structures[0]!;
    expect(s.properties).toMatchObject({ id: "3961", row: 1, heat_ref: 1.4383314936574307 });
    // Ti0 is written at x = −0.39078906 in the file; loading wraps it into [0, 1).
    expect(s.fracCoords[0]).toBeCloseTo(0.60921094, 12);
    expect(latticeParameters(s.lattice).a).toBeCloseTo(4.0563216, 10);
  });

  it("carbon_24 and mp_20_biternary: first-row values and the (kept-as-text) elements list", () => {
    const c = loaded.get("carbon_24/test")!;
    expect(c.table.object(0)).toMatchObject({ id: "C-13927-8536-14", index: 56, energy_per_atom: -154.546684, nsites: 10, formula: "C" });
    expect(c.structures[0]!.fracCoords[27]).toBeCloseTo(0.05746626, 12); // C9 x = 1.05746626 in the file
    const m = loaded.get("mp_20_biternary/test")!;
    expect(m.table.object(0)).toMatchObject({ id: "mp-10009", formula: "GaTe", pretty_formula: "GaTe", elements: "['Ga', 'Te']", "spacegroup.number": 194, band_gap: 0.8979999999999997 });
  });

  it("mpts_52 test: typed year/boolean columns, and every coordinate of every structure lies in [0, 1)", () => {
    const d = loaded.get("mpts_52/test")!;
    expect(d.table.object(2)).toMatchObject({ id: "mp-11786", theoretical: false, year: 2004, energy_above_hull: 0.18527956700000026 });
    let outside = 0;
    for (const s of d.structures) for (const x of s.fracCoords) if (!(x >= 0 && x < 1)) outside++;
    expect(outside).toBe(0);
    expect(d.structures.map((s) => s.properties!.id)).toEqual(d.table.array("id"));
  });
});

describe("loadDataset options and file resolution", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("stops after `limit` rows, reports progress, and leaves the checksum unknown", async () => {
    const calls: [number, number][] = [];
    const d = await loadDataset("perov_5", "val", { dataDir: DATA, limit: 300, onProgress: (done, total) => calls.push([done, total]) });
    expect(d.structures.length).toBe(300);
    expect(d.provenance.rowsRead).toBe(300);
    expect(d.provenance.checksum).toBe("unknown");
    expect(calls.at(-1)).toEqual([300, 300]);
    expect(calls.every(([done, total]) => done <= total)).toBe(true);
  });

  it("uses CRYSTAL_DATA_DIR when no dataDir is given, and dataDir before it", () => {
    const other = mkdtempSync(join(tmpdir(), "cw-data-"));
    mkdirSync(join(other, "carbon_24"));
    copyFileSync(join(FIXTURES, "crlf-bom.csv"), join(other, "carbon_24", "test.csv"));
    process.env.CRYSTAL_DATA_DIR = other;
    expect(datasetPath("carbon_24", "test")).toBe(join(other, "carbon_24", "test.csv"));
    expect(datasetPath("carbon_24", "test", { dataDir: DATA })).toBe(join(DATA, "carbon_24", "test.csv"));
    expect(datasetPath("mpts_52", "test", { dataDir: DATA })).toBe(join(DATA, "mpts_52", "test.csv.gz"));
  });

  it("recognises a decompressed copy of a .gz split as the DiffCSP file it is", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-gunzip-"));
    mkdirSync(join(dir, "mpts_52"));
    writeFileSync(join(dir, "mpts_52", "val.csv"), gunzipSync(readFileSync(join(DATA, "mpts_52", "val.csv.gz"))));
    const d = await loadDataset("mpts_52", "val", { dataDir: dir });
    expect(d.provenance).toMatchObject({ checksum: "verified", copy: "jiaor17/DiffCSP@7121d159", rowsRead: 5000 });
    expect(d.provenance.sha256).toBe("b5d9f7a8ff72f3a1f24d6bb97e11ad201be40d10be7b27924234da06af04baba");
  });

  it("finds a split in the cache directory and marks a copy that differs from the published file as a mismatch", async () => {
    const cache = mkdtempSync(join(tmpdir(), "cw-cache-"));
    mkdirSync(join(cache, "carbon_24"));
    copyFileSync(join(FIXTURES, "crlf-bom.csv"), join(cache, "carbon_24", "test.csv"));
    delete process.env.CRYSTAL_DATA_DIR;
    process.env.XDG_CACHE_HOME = cache;
    const d = await loadDataset("carbon_24", "test", { cacheDir: join(cache, "crystal-workbench"), download: false }).catch((e) => e);
    expect(d).toBeInstanceOf(DatasetNotFoundError); // cacheDir option points elsewhere
    const d2 = await loadDataset("carbon_24", "test", { cacheDir: cache, download: false });
    expect(d2.provenance.file).toBe(join(cache, "carbon_24", "test.csv"));
    expect(d2.provenance.checksum).toBe("mismatch");
    expect(d2.table.array("id")).toEqual(["good-1", "good-2"]);
  });

  it("throws DatasetNotFoundError listing every path looked at and naming CRYSTAL_DATA_DIR", async () => {
    const empty = mkdtempSync(join(tmpdir(), "cw-empty-"));
    const err = await loadDataset("perov_5", "train", { dataDir: empty, cacheDir: join(empty, "cache"), download: false }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    const paths = datasetCandidatePaths("perov_5", "train", { dataDir: empty, cacheDir: join(empty, "cache") });
    expect(paths).toEqual([
      join(empty, "perov_5", "train.csv"), join(empty, "perov_5", "train.csv.gz"),
      join(empty, "cache", "perov_5", "train.csv"), join(empty, "cache", "perov_5", "train.csv.gz"),
    ]);
    expect((err as DatasetNotFoundError).searched).toEqual(paths);
    for (const p of paths) expect(err.message).toContain(p);
    expect(err.message).toContain("CRYSTAL_DATA_DIR");
  });

  it("loads the DiffCSP layout (Unnamed: 0, spacegroup.number, cif.conv) with either CIF column", async () => {
    const src = parseCsvText(readFileSync(join(DATA, "perov_5", "test.csv"), "utf8").slice(0, 6000)).slice(1, 3);
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const conv = (cif: string) => cif.replace(/  1$/gm, "  1.0").replace("  Ti  Ti0  1  -0.39078906", "  Ti  Ti0  1  0.60921094");
    const lines = [",Unnamed: 0,material_id,cif,formula,heat_all,heat_ref,dir_gap,ind_gap,spacegroup.number,spacegroup.number.conv,cif.conv"];
    src.forEach((r, i) => lines.push([i, r.fields[0], r.fields[1], q(r.fields[2]!), ...r.fields.slice(3), 221, 221, q(conv(r.fields[2]!))].join(",")));
    const dir = mkdtempSync(join(tmpdir(), "cw-diffcsp-"));
    mkdirSync(join(dir, "perov_5"));
    writeFileSync(join(dir, "perov_5", "test.csv"), `${lines.join("\n")}\n`);
    const a = await loadDataset("perov_5", "test", { dataDir: dir });
    const b = await loadDataset("perov_5", "test", { dataDir: dir, cifColumn: "cif.conv" });
    expect(a.provenance.rowsRejected).toEqual([]);
    expect(a.provenance.extraColumns).toEqual(["Unnamed: 0", "spacegroup.number", "spacegroup.number.conv"]);
    expect(a.table.object(0)).toMatchObject({ id: "3961", index: 0, "Unnamed: 0": 996, "spacegroup.number": 221, heat_ref: 1.4383314936574307 });
    expect(Array.from(b.structures[0]!.fracCoords)).toEqual(Array.from(a.structures[0]!.fracCoords));
    expect(b.table.numRows()).toBe(2);
  });
});

describe("malformed rows", () => {
  const file = join(FIXTURES, "malformed.csv");

  it("reports each bad row with its row number, start line, id and reason, and keeps the good ones", async () => {
    const d = await loadStructuresCsv(file);
    expect(d.provenance.rowsRead).toBe(6);
    expect(d.table.array("id")).toEqual(["good-1", "good-2"]);
    expect(d.table.array("row")).toEqual([1, 5]);
    const rej = d.provenance.rowsRejected;
    expect(rej.map((r) => [r.row, r.id])).toEqual([[2, "extra-field"], [3, "bad-cif"], [4, "no-cif"], [6, "truncated"]]);
    expect(rej.map((r) => r.line)).toEqual([lineOf(file, "1,extra"), lineOf(file, "2,bad"), lineOf(file, "3,no-cif"), lineOf(file, "5,truncated")]);
    expect(rej[0]!.reason).toBe("expected 5 fields, found 6");
    expect(rej[1]!.reason).toMatch(/^bad CIF: .*Xx/);
    expect(rej[2]!.reason).toBe('empty "cif" field');
    expect(rej[3]!.reason).toMatch(/never closed/);
    // Row 5 has "" escapes and a comma inside its quoted note, and a coordinate written as 1.0 / −0.25.
    expect(d.table.object(1)).toMatchObject({ note: 'has "quotes", and comma', energy_per_atom: 0.25, formula: "Po", nsites: 1 });
    expect(Array.from(d.structures[1]!.fracCoords)).toEqual([0, 0.75, 0]);
  });

  it("in strict mode throws DatasetRowError at the first bad row", async () => {
    const err = await loadStructuresCsv(file, { strict: true }).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetRowError);
    expect(err).toMatchObject({ row: 2, id: "extra-field", line: lineOf(file, "1,extra") });
    expect(err.message).toContain("malformed.csv: row 2");
  });

  it("reads a CRLF file with a BOM", async () => {
    const d = await loadStructuresCsv(join(FIXTURES, "crlf-bom.csv"));
    expect(d.provenance.rowsRejected).toEqual([]);
    expect(d.table.array("id")).toEqual(["good-1", "good-2"]);
    expect(d.table.columnNames()).toEqual(["id", "row", "formula", "nsites", "index", "energy_per_atom", "note"]);
  });
});

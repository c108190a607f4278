import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "@uwdata/flechette";
import { parquetReadObjects } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { writeCif } from "../../src/crystal/io/cif-write.js";
import { exportTable } from "../../src/datasets/export.js";
import { type Dataset, loadDataset, loadStructuresCsv } from "../../src/datasets/load.js";
import { DATA_DIR } from "../shared-paths.js";

const DATA = DATA_DIR;

describe("exportTable", () => {
  let d: Dataset;
  let dir: string;
  let expected: Record<string, unknown>[];
  beforeAll(async () => {
    d = await loadDataset("mpts_52", "test", { dataDir: DATA, limit: 60 });
    dir = mkdtempSync(join(tmpdir(), "cw-export-"));
    expected = d.table.objects().map((o, k) => ({ ...o, cif: writeCif(d.structures[k]!) }));
  });

  it("writes Arrow IPC that flechette reads back with the same values, including the CIF column", () => {
    const path = join(dir, "t.arrow");
    exportTable(d, path);
    const t = tableFromIPC(readFileSync(path));
    expect(t.numRows).toBe(60);
    expect(t.names).toEqual([...d.table.columnNames(), "cif"]);
    const rows = t.toArray().map((r) => ({ ...r }));
    expect(rows).toEqual(expected);
  });

  it("writes Parquet that hyparquet reads back with the same values", async () => {
    const path = join(dir, "t.parquet");
    exportTable(d, path);
    const buf = readFileSync(path);
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
    expect(rows).toEqual(expected);
  });

  it("writes CSV that loads again into the same table and structures, and that pandas reads with the same values", async () => {
    const path = join(dir, "t.csv.gz");
    exportTable(d, path);
    const back = await loadStructuresCsv(path, { idColumn: "id" });
    expect(back.provenance.rowsRejected).toEqual([]);
    expect(back.table.array("id")).toEqual(d.table.array("id"));
    for (const c of ["formation_energy_per_atom", "energy_above_hull", "year", "theoretical", "index"]) expect(back.table.array(c)).toEqual(d.table.array(c));
    expect(back.table.array("formula_file")).toEqual(d.table.array("formula"));
    back.structures.forEach((s, k) => {
      expect(Array.from(s.species)).toEqual(Array.from(d.structures[k]!.species));
      s.fracCoords.forEach((x, j) => expect(x).toBeCloseTo(d.structures[k]!.fracCoords[j]!, 8));
    });
    const py = "import sys,json,pandas as pd;df=pd.read_csv(sys.argv[1],float_precision='round_trip');print(json.dumps({'id':list(df['id']),'e':list(df['formation_energy_per_atom']),'t':[bool(x) for x in df['theoretical']],'cif0':df['cif'][0]}))";
    const ref = JSON.parse(execFileSync("/usr/bin/python3", ["-c", py, path]).toString());
    expect(ref.id).toEqual(d.table.array("id"));
    expect(ref.e).toEqual(Array.from(d.table.array("formation_energy_per_atom")));
    expect(ref.t).toEqual(Array.from(d.table.array("theoretical")));
    expect(ref.cif0).toBe(expected[0]!.cif);
    expect(statSync(path).size).toBeLessThan(statSync(join(DATA, "mpts_52", "test.csv.gz")).size);
  });

  it("exports a bare table without structures, and refuses mismatched lengths", () => {
    const path = join(dir, "bare.arrow");
    exportTable({ table: d.table }, path);
    expect(tableFromIPC(readFileSync(path)).names).toEqual(d.table.columnNames());
    expect(() => exportTable({ table: d.table, structures: d.structures.slice(1) }, join(dir, "x.csv"))).toThrow(/59 structures but 60 table rows/);
    expect(() => exportTable(d, join(dir, "x.txt"))).toThrow(/cannot tell the format/);
  });
});

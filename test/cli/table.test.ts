// `xtal table`: the benchmark table of the shipped checkpoints as CSV, Parquet and HTML; bad input exits 2 naming the
// file; and `xtal evaluate --out` records the command the table cites.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aq from "arquero";
import { parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { captureIO } from "./capture-io.js";

const CHECKPOINTS = join(import.meta.dirname, "..", "..", "data", "checkpoints");
const shipped = readdirSync(CHECKPOINTS).map((d) => join(CHECKPOINTS, d));
const dir = mkdtempSync(join(tmpdir(), "xtal-table-"));
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

async function xtal(args: string[]) {
  const io = captureIO();
  return { code: await run(args, io), out: io.out, err: io.err };
}

describe("xtal table", () => {
  it("writes CSV and Parquet with our rows and the published ones, values as in the eval files", async () => {
    const csv = join(dir, "t.csv");
    const parquet = join(dir, "t.parquet");
    expect((await xtal(["table", "--checkpoints", ...shipped, "--out", csv])).code).toBe(0);
    expect((await xtal(["table", "--checkpoints", ...shipped, "--out", parquet])).code).toBe(0);
    const k1 = (readJson(join(CHECKPOINTS, "diffcsp-perov5", "eval-perov5-test-3785-k1.json")).metrics as { metric: string; value: number }[]).find((m) => m.metric === "match_rate@1")!;
    const fromCsv = aq.fromCSV(readFileSync(csv, "utf8")).objects() as Record<string, unknown>[];
    const buf = readFileSync(parquet);
    const fromParquet = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
    for (const rows of [fromCsv, fromParquet]) {
      const ours = rows.find((r) => r["model"] === "diffcsp-perov5")!;
      expect(ours["match_rate@1_pct"] as number).toBeCloseTo(100 * k1.value, 10);
      expect(rows.find((r) => r["kind"] === "published" && r["model"] === "DiffCSP" && r["match_rate@1_pct"] !== null)!["source"]).toMatch(/DiffCSP, NeurIPS 2023, Table 1/);
    }
  });

  it("writes a self-contained HTML page with every cell's file and command, and the cells as CSV", async () => {
    const html = join(dir, "t.html");
    const cells = join(dir, "cells.csv");
    expect((await xtal(["table", ...shipped, "--out", html, "--cells", cells])).code).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).not.toMatch(/<script/);
    expect(page).toContain("eval-perov5-test-n10000-seeds0-3.json");
    expect(page).toContain("xtal metrics --generated");
    const rows = aq.fromCSV(readFileSync(cells, "utf8")).objects() as Record<string, unknown>[];
    const cov = rows.find((r) => r["model"] === "diffcsp-perov5-gen" && r["column"] === "cov_recall")!;
    expect(cov["file"]).toBe(join(CHECKPOINTS, "diffcsp-perov5-gen", "eval-perov5-test-n10000-seeds0-3.json"));
    expect(cov["command"]).toMatch(/^xtal metrics /);
  });

  it("exits 2 naming the folder or file for a folder that is not a checkpoint or an unreadable eval file", async () => {
    const plain = join(dir, "plain");
    mkdirSync(plain);
    const notCheckpoint = await xtal(["table", "--checkpoints", plain]);
    expect(notCheckpoint.code).toBe(2);
    expect(notCheckpoint.err).toContain(`${plain}: not a checkpoint folder`);
    const broken = join(dir, "broken");
    mkdirSync(broken);
    writeFileSync(join(broken, "config.json"), readFileSync(join(CHECKPOINTS, "flowmm-perov5", "config.json")));
    writeFileSync(join(broken, "eval-x.json"), "{");
    const unreadable = await xtal(["table", "--checkpoints", broken]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toContain(join(broken, "eval-x.json"));
    expect((await xtal(["table", "--checkpoints", broken, "--out", join(dir, "t.txt")])).code).toBe(2);
  });

  it("reads the command that xtal evaluate --out now records", async () => {
    const out = join(dir, "eval-baseline-random-prototypes.json");
    const args = ["evaluate", "--baseline", "random", "--dataset", "prototypes", "--split", "test", "--limit", "3", "--fingerprint", "none", "--out", out];
    expect((await xtal(args)).code).toBe(0);
    expect(readJson(out)["command"]).toBe(`xtal ${args.join(" ")}`);
  });
});

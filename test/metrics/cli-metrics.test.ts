import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import metrics from "../../src/cli/commands/metrics.js";
import { writeCif } from "../../src/crystal/io/cif-write.js";
import { csvField } from "../../src/datasets/csv.js";
import { loadDataset } from "../../src/datasets/index.js";
import { detectSpaceGroup, spaceGroupSummary } from "../../src/metrics/index.js";
import { DATA_DIR } from "./golden.js";

async function run(argv: string[]) {
  let out = "", err = "";
  const code = await metrics.run(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe("xtal metrics", async () => {
  process.env.CRYSTAL_DATA_DIR = DATA_DIR;
  const test = await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 24, download: false });
  const dir = mkdtempSync(join(tmpdir(), "xtal-metrics-"));
  // Generated CSV: 24 test crystals as CIFs plus one unparsable row, with a `target` id column for CSP pairing.
  const rows = test.structures.map((s) => [String(s.properties!.id), writeCif(s)]);
  rows.push(["broken", "data_x\n_cell_length_a 4\n"]);
  const csv = join(dir, "gen.csv");
  writeFileSync(csv, ["material_id,cif", ...rows.map((r) => r.map(csvField).join(","))].join("\n") + "\n");
  const refCsv = join(dir, "ref.csv");
  writeFileSync(refCsv, ["material_id,cif", ...rows.slice(0, 24).map((r) => r.map(csvField).join(","))].join("\n") + "\n");
  const folder = join(dir, "cifs");
  mkdirSync(folder);
  test.structures.slice(0, 5).forEach((s, i) => writeFileSync(join(folder, `c${i}.cif`), writeCif(s)));

  it("gen: evaluates a CSV against a dataset split and prints JSON; an unreadable row counts as invalid", async () => {
    const r = await run(["--generated", csv, "--reference", "perov_5:test", "--json", "--no-fingerprint", "--sampling", "all"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { nGenerated: number; nUnreadable: number; metrics: { metric: string; value: number | null; n: number }[] };
    expect([j.nGenerated, j.nUnreadable]).toEqual([25, 1]);
    const get = (m: string) => j.metrics.find((x) => x.metric === m)!;
    expect(get("struct_validity").value).toBeCloseTo(24 / 25, 12);
    expect(get("cov_recall").value).toBeNull();
    expect(r.err).toMatch(/unreadable generated crystal .*row 25/);
    // Symmetry: the unreadable row is a counted detection failure; the 24 crystals have their own groups after the CIF round trip.
    const sym = (j as unknown as { symmetry: { samples: { n: number; detected: number; failures: Record<string, number>; histogram: [number, number][] } } }).symmetry;
    expect(sym.samples).toMatchObject({ n: 25, detected: 24, failures: { empty: 1 } });
    expect(sym.samples.histogram).toEqual(spaceGroupSummary(test.structures.map((s) => detectSpaceGroup(s))).histogram);
    expect([get("sg_detection_failures").value, get("p1_share").n]).toEqual([1, 24]);
  }, 120000);

  it("gen: several --generated inputs are scored as one set (CSV + folder: 25 + 5 crystals)", async () => {
    const r = await run(["--generated", csv, "--generated", folder, "--reference", "perov_5:test", "--json", "--no-fingerprint", "--sampling", "all"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { generated: string[]; nGenerated: number; nUnreadable: number; metrics: { metric: string; value: number | null }[] };
    expect([j.generated, j.nGenerated, j.nUnreadable]).toEqual([[csv, folder], 30, 1]);
    expect(j.metrics.find((m) => m.metric === "struct_validity")!.value).toBeCloseTo(29 / 30, 12);
  }, 120000);

  it("csp: a folder of CIFs paired by order with a reference folder prints a text table", async () => {
    const r = await run(["--generated", folder, "--reference", folder, "--task", "csp", "--no-fingerprint"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/match_rate@1\s+1\.0000000/);
  }, 120000);

  it("csp: pairs by an id column (k samples per id)", async () => {
    const r = await run(["--generated", csv, "--reference", refCsv, "--task", "csp", "--id-column", "material_id", "--json", "--no-fingerprint", "--gating", "cdvae"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { metrics: { metric: string; value: number | null }[] };
    expect(j.metrics.find((m) => m.metric === "rmse@1")!.value!).toBeLessThan(1e-8);
  }, 120000);

  it("csp: --predicted-only scores just the targets that have predictions; unknown ids are reported", async () => {
    const part = join(dir, "part.csv");
    writeFileSync(part, ["material_id,cif", ...rows.slice(0, 6).map((r) => r.map(csvField).join(",")), ["not-in-reference", rows[0]![1]!].map(csvField).join(",")].join("\n") + "\n");
    const args = ["--generated", part, "--reference", refCsv, "--task", "csp", "--id-column", "material_id", "--json", "--no-fingerprint", "--gating", "cdvae"];
    type Out = { nTargets: number; metrics: { metric: string; value: number; n: number; ci95_low: number; ci95_high: number }[] };
    const all = await run(args);
    const only = await run([...args, "--predicted-only"]);
    const a = JSON.parse(all.out) as Out, o = JSON.parse(only.out) as Out;
    expect([a.nTargets, o.nTargets]).toEqual([24, 6]);
    const rate = (j: Out) => j.metrics.find((m) => m.metric === "match_rate@1")!;
    // The same matched targets, over 24 or over 6; the Wilson interval narrows with n only through the count.
    expect(rate(a).value * 24).toBeCloseTo(rate(o).value * 6, 10);
    expect(rate(o).value).toBeGreaterThan(0);
    expect(rate(o).ci95_low).toBeLessThan(rate(o).value);
    expect(all.err).toMatch(/18 reference crystals have no prediction/);
    expect(all.err).toMatch(/1 material_id values of the predictions are not in the reference .*"not-in-reference"/);
    expect(only.err).toMatch(/scoring the 6 of 24 reference crystals/);
    await expect(run(["--generated", folder, "--reference", folder, "--task", "csp", "--predicted-only"])).rejects.toThrow(/--predicted-only needs --id-column/);
  }, 120000);

  it("bad input: missing flag, unknown task, or unequal counts without an id column are usage errors", async () => {
    await expect(run(["--reference", "perov_5:test"])).rejects.toThrow(/--generated/);
    await expect(run(["--generated", csv, "--reference", csv, "--task", "nope"])).rejects.toThrow(/--task must be one of/);
    await expect(run(["--generated", folder, "--reference", refCsv, "--task", "csp"])).rejects.toThrow(/pairs by order/);
    await expect(run(["--generated", csv, "--reference", csv, "--task", "csp"])).rejects.toThrow(/reference .* is unreadable/);
  }, 120000);
});

// `xtal reconstruct`, `xtal encode` and `xtal optimize` end to end on a tiny CDVAE trained by `xtal train`, and their
// refusals before work: unreadable rows (counted and named), an element the model never saw (named with the id), a
// checkpoint without a latent space, a property the model has no head for.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { writeCif } from "../../src/crystal/io/index.js";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { parseCsvText } from "../../src/datasets/csv.js";
import { loadDataset } from "../../src/datasets/load.js";
import { captureIO } from "./capture-io.js";

process.env["CRYSTAL_DATA_DIR"] = join(import.meta.dirname, "..", "..", "..", "shared", "data");
const dir = mkdtempSync(join(tmpdir(), "cw-cli-latent-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ckpt = join(dir, "cdvae");
const csvRows = (path: string) => {
  const [header, ...records] = parseCsvText(readFileSync(path, "utf8")).map((r) => r.fields);
  return records.map((f) => Object.fromEntries(header!.map((h, k) => [h, f[k]!])));
};

beforeAll(async () => {
  const t = captureIO();
  const args = ["train", "cdvae", "--dataset", "perov_5", "--split", "fit", "--limit", "24", "--property", "heat_ref", "--latent-dim", "4", "--hidden", "8", "--layers", "1",
    "--freqs", "2", "--time-dim", "4", "--head-hidden", "8", "--levels", "3", "--epochs", "2", "--batch-size", "8", "--out", ckpt];
  expect(await run(args, t)).toBe(0);
});

describe("the latent-space commands", () => {
  it("reconstruct writes one decoded crystal per input id and a report with match rate and RMSE", async () => {
    const io = captureIO();
    const out = join(dir, "r.csv"), report = join(dir, "r.json");
    expect(await run(["reconstruct", "--checkpoint", ckpt, "--input", "perov_5:fit", "--limit", "6", "--out", out, "--report", report, "--fingerprint", "none"], io)).toBe(0);
    const rows = csvRows(out);
    const select = (await loadDataset("perov_5", "fit", { limit: 6 })).structures;
    expect(rows.map((r) => r["id"])).toEqual(select.map((s) => String(s.properties!["id"])));
    expect(rows.every((r) => r["cif"]!.includes("_cell_length_a"))).toBe(true);
    const json = JSON.parse(readFileSync(report, "utf8"));
    expect(json.command).toMatch(/^xtal reconstruct --checkpoint/);
    expect(json.crystals).toBe(6);
    expect(json.metrics["match_rate@1"]).toBeGreaterThanOrEqual(0);
    expect(json.table.find((r: { metric: string }) => r.metric === "match_rate@1").n).toBe(6);
  });

  it("encode writes id, μ, σ and the predicted property as Parquet", async () => {
    const out = join(dir, "z.parquet");
    expect(await run(["encode", "--checkpoint", ckpt, "--input", "perov_5:fit", "--limit", "5", "--out", out], captureIO())).toBe(0);
    const buf = readFileSync(out);
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0]!)).toEqual(["id", "formula", "mu_0", "mu_1", "mu_2", "mu_3", "sigma_0", "sigma_1", "sigma_2", "sigma_3", "predicted_heat_ref"]);
    for (const r of rows) expect(Number(r["sigma_2"])).toBeGreaterThan(0);
  });

  it("optimize records each start's path and scores SR5/10/15 with an independent predictor against prior draws", async () => {
    const out = join(dir, "o.csv"), report = join(dir, "o.json");
    const io = captureIO();
    const code = await run(["optimize", "--checkpoint", ckpt, "--property", "heat_ref", "--direction", "min", "--from", "perov_5:fit", "--limit", "24", "--n", "3", "--steps", "4", "--every", "2",
      "--out", out, "--predictor", "data/checkpoints/cgcnn-perov5-heat-ref", "--report", report], io);
    expect(io.err).not.toMatch(/Error/);
    expect(code).toBe(0);
    const rows = csvRows(out);
    expect(rows.map((r) => r["step"])).toEqual(["0", "2", "4", "0", "2", "4", "0", "2", "4"]);
    for (const k of [0, 3, 6]) expect(Number(rows[k + 2]!["head_heat_ref"])).toBeLessThan(Number(rows[k]!["head_heat_ref"]));
    const json = JSON.parse(readFileSync(report, "utf8"));
    expect(json.optimised.map((r: { percent: number }) => r.percent)).toEqual([5, 10, 15]);
    expect(json.priorDraws[0].n).toBe(3);
    expect(json.reference).toBe("perov_5:fit");
  });

  it("refuses unreadable rows (counted and named), unseen elements (named by id), other checkpoints and missing heads", async () => {
    const good = (await loadDataset("perov_5", "fit", { limit: 1 })).structures[0]!;
    const helium = makeStructure({ lattice: latticeFromParameters(4, 4, 4, 90, 90, 90), species: [2, 8], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    const csv = join(dir, "in.csv");
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    writeFileSync(csv, `material_id,cif\nok-1,${q(writeCif(good))}\nbroken-2,not a cif\nbroken-3,"data_x\n_cell_length_a 1"\n`);
    let io = captureIO();
    expect(await run(["encode", "--checkpoint", ckpt, "--input", csv, "--out", join(dir, "x.parquet")], io)).toBe(2);
    expect(io.err).toMatch(/encode: 2 of 3 crystals of .*in\.csv cannot be read: broken-2 .*broken-3/);
    writeFileSync(csv, `material_id,cif\nok-1,${q(writeCif(good))}\nhe-2,${q(writeCif(helium))}\n`);
    io = captureIO();
    expect(await run(["reconstruct", "--checkpoint", ckpt, "--input", csv, "--out", join(dir, "x.csv")], io)).toBe(2);
    expect(io.err).toMatch(/crystal 1 \(he-2\): element Z=2 was not in this model's training data/);
    io = captureIO();
    expect(await run(["encode", "--checkpoint", "data/checkpoints/cgcnn-perov5-heat-ref", "--input", "perov_5:select", "--out", join(dir, "x.parquet")], io)).toBe(2);
    expect(io.err).toMatch(/is a cgcnn\/predict model without a latent space/);
    io = captureIO();
    expect(await run(["optimize", "--checkpoint", ckpt, "--property", "band_gap", "--direction", "min", "--from", "perov_5:select", "--n", "2", "--steps", "2", "--out", join(dir, "x.csv")], io)).toBe(2);
    expect(io.err).toMatch(/has a property head for heat_ref, not band_gap/);
  });
});

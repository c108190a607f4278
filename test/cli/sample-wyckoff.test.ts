// `xtal train wyckoff-transformer` and `xtal sample` with its prompts (--composition, --space-group) and sampler flags
// (--temperature, --top-k, --top-p); bad prompts exit 2 with a message naming what is wrong, before any sampling.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { reducedFormula } from "../../src/crystal/index.js";
import { loadStructuresCsv } from "../../src/datasets/index.js";
import { captureIO } from "./capture-io.js";

const dir = mkdtempSync(join(tmpdir(), "xtal-wyckoff-"));
const ckpt = join(dir, "wy");

beforeAll(async () => {
  const io = captureIO();
  const args = ["train", "wyckoff-transformer", "--dataset", "prototypes", "--split", "train", "--limit", "40", "--task", "csp", "--epochs", "2", "--batch-size", "8",
    "--d-model", "16", "--n-layers", "1", "--n-heads", "2", "--context-length", "16", "--out", ckpt];
  expect(await run(args, io), io.err).toBe(0);
});

describe("xtal sample with wyckoff-transformer", () => {
  it("CSP with --composition and --space-group, sampler flags passed through", async () => {
    const io = captureIO();
    const out = join(dir, "nacl.csv");
    expect(await run(["sample", "--checkpoint", ckpt, "--composition", "NaBr", "--space-group", "225", "--n", "3", "--temperature", "0.7", "--top-k", "20", "--top-p", "0.95", "--out", out], io), io.err).toBe(0);
    const csv = await loadStructuresCsv(out);
    expect(csv.structures.map((s) => reducedFormula(s.species))).toEqual(["NaBr", "NaBr", "NaBr"]);
    expect(Array.from(csv.table.array("property_spaceGroup") as ArrayLike<number>)).toEqual([225, 225, 225]);
    expect(JSON.parse(String(csv.table.get("settings", 0)))).toEqual({ temperature: 0.7, topK: 20, topP: 0.95 });
  });

  it.each([
    [["--composition", "Xq2O"], /composition 0/],
    [["--composition", "NaAu"], /Au is not among the \d+ elements this model was trained on/],
    [["--composition", "NaBr", "--space-group", "231"], /spaceGroup must be an integer in 1–230/],
    [["--composition", "NaBr", "--space-group", "229"], /no combination of Wyckoff positions of space group 229 \(I m -3 m\) holds it/],
    // P1: 2 + 2 orbits × 5 tokens + 1 + 6 lattice + 1 = 20 tokens > 16
    [["--composition", "NaBr", "--space-group", "1"], /longer than the model's context of 16 tokens/],
  ])("refuses %j with exit code 2", async (extra, message) => {
    const io = captureIO();
    expect(await run(["sample", "--checkpoint", ckpt, "--n", "1", "--out", join(dir, "bad.csv"), ...extra], io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});

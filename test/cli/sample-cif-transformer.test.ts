// `xtal train cif-transformer` and `xtal sample` with it: the raw generated text and the checks' verdict as columns,
// rejections by reason and the passed share in the summary, and bad input refused (exit 2) before any work.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import * as aq from "arquero";
import { captureIO } from "./capture-io.js";

describe("xtal sample with cif-transformer", () => {
  it("writes the raw text and the verdict per crystal, sums rejections by reason, and refuses bad input with exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "xtal-cif-"));
    const ckpt = join(dir, "cif");
    const train = ["train", "cif-transformer", "--dataset", "prototypes", "--split", "train", "--limit", "6", "--epochs", "1", "--batch-size", "3",
      "--context-length", "900", "--d-model", "16", "--n-layers", "1", "--n-heads", "2", "--mlp-ratio", "2", "--out", ckpt];
    const trainIo = captureIO();
    expect(await run(train, trainIo), trainIo.err).toBe(0);
    const io = captureIO();
    expect(await run(["sample", "--checkpoint", ckpt, "--n", "3", "--seed", "2", "--temperature", "1.5", "--top-k", "20", "--out", join(dir, "gen.csv"), "--json"], io), io.err).toBe(0);
    // Read as a plain table: an untrained model's failed-sample markers (overlapping atoms) are not crystals to load.
    const gen = aq.fromCSV(readFileSync(join(dir, "gen.csv"), "utf8"));
    expect(gen.numRows()).toBe(3);
    const text = Array.from(gen.array("property_cif_text") as ArrayLike<string | null>, (t) => t ?? "");
    const accepted = Array.from(gen.array("property_accepted") as ArrayLike<boolean>);
    expect(text.every((t, i) => accepted[i] || t === "" || t.startsWith("data_"))).toBe(true);
    const summary = JSON.parse(io.out) as { rejections: Record<string, number>; checks: { draws: number; passed: number } };
    expect(summary.checks.draws).toBe(3);
    expect(Object.values(summary.rejections).reduce((a, b) => a + b, 0)).toBe(3 - summary.checks.passed);
    expect(Object.keys(summary.rejections).sort()).toEqual(["bond_length", "formula", "multiplicity", "parse", "space_group", "truncated"]);
    for (const [args, message] of [
      [["--composition", "Xx2O3"], /Xx/],
      [["--composition", "NaCl", "--space-group", "231"], /spaceGroup must be an integer in 1–230/],
      [["--composition", "NaCl", "--temperature", "-1"], /temperature/],
    ] as const) {
      const bad = captureIO();
      expect(await run(["sample", "--checkpoint", ckpt, ...args, "--out", join(dir, "bad.csv")], bad)).toBe(2);
      expect(bad.err).toMatch(message);
      expect(bad.err).not.toMatch(/at .*\.js:\d+/); // no stack trace
    }
  });
});

// The README's "Add a model family" example, executed as written; then the family it registered at run time is used by
// the stock CLI commands in the same process.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import type { Structure } from "../../src/crystal/structure.js";
import type { MetricRow } from "../../src/metrics/evaluate.js";
import type { GenerativeModel } from "../../src/models/index.js";
import { captureIO } from "../cli/xtal.test.js";
import { registerReadmeFamily } from "../models/readme-family.js";

const dir = mkdtempSync(join(tmpdir(), "cw-readme-family-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README: Add a model family", () => {
  it("the example registers, trains, samples, evaluates and plots a toy family with the stock helpers", async () => {
    const { model, samples, rows, figure } = (await registerReadmeFamily()) as { model: GenerativeModel; samples: Structure[]; rows: MetricRow[]; figure: { data: unknown[] } };
    expect(model.config.family).toBe("jitter");
    expect(model.config.training?.count).toBe(200);
    expect(samples).toHaveLength(60);
    // Real prototypes shaken by σ = 0.03: most stay structurally valid, and every sample keeps a training composition.
    const row = (m: string) => rows.find((r) => r.metric === m)!.value;
    expect(row("struct_validity")).toBeGreaterThan(0.5);
    expect(row("comp_validity")).toBeGreaterThan(0.9);
    expect(figure.data).toHaveLength(1);
  });

  it("the family registered at run time works with xtal train, sample and evaluate, and in xtal train --help", async () => {
    await registerReadmeFamily();
    const help = captureIO();
    expect(await run(["train", "--help"], help)).toBe(0);
    expect(help.out).toMatch(/jitter \(tasks: gen\) — toy/);
    expect(help.out).toMatch(/--sigma X +displacement σ/);
    const ckpt = join(dir, "jitter");
    const t = captureIO();
    expect(await run(["train", "jitter", "--dataset", "prototypes", "--split", "train", "--limit", "30", "--sigma", "0.05", "--out", ckpt, "--json"], t)).toBe(0);
    expect(JSON.parse(t.out)).toMatchObject({ family: "jitter", task: "gen", structures: 30 });
    expect(JSON.parse(readFileSync(join(ckpt, "config.json"), "utf8")).familyConfig.sigma).toBe(0.05);
    const s = captureIO();
    expect(await run(["sample", "--checkpoint", ckpt, "--n", "4", "--sigma", "0.1", "--out", join(dir, "s.csv"), "--json"], s)).toBe(0);
    expect(JSON.parse(s.out).count).toBe(4);
    const e = captureIO();
    expect(await run(["evaluate", "--checkpoint", ckpt, "--dataset", "prototypes", "--split", "test", "--limit", "20", "--n", "10", "--fingerprint", "none", "--json"], e)).toBe(0);
    expect(JSON.parse(e.out)).toMatchObject({ model: { family: "jitter" }, n: 10, reference: 20 });
    const bad = captureIO();
    expect(await run(["sample", "--checkpoint", ckpt, "--n", "2", "--steps", "3", "--out", join(dir, "x.csv")], bad)).toBe(2);
    expect(bad.err).toMatch(/--steps is a sampler setting of diffcsp, flowmm, not of jitter \(its settings: --sigma\)/);
  });
});

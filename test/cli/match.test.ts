// `xtal match`: two files, and the JSONL batch mode with a malformed line (typed error, exit 2, run continues).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { writeCif } from "../../src/crystal/index.js";
import { loadDataset } from "../../src/datasets/index.js";
import { CSP_MATCHER, getRmsDist } from "../../src/metrics/structure-matcher/index.js";
import { rng } from "../../src/util/random.js";
import { perturbed } from "../metrics/structure-matcher/pairs.js";
import type { Structure } from "../../src/crystal/index.js";
import { DATA_DIR } from "../shared-paths.js";

function capture() {
  const out: string[] = [], err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

describe("xtal match", () => {
  const dir = mkdtempSync(join(tmpdir(), "xtal-match-"));
  let perov: Structure[] = [];
  beforeAll(async () => {
    perov = (await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 30 })).structures;
  }, 60_000);

  it("prints the match decision and rms of two CIF files (text and --json)", async () => {
    const a = perov[0]!, b = perturbed(perov[0]!, 0.05, rng(1));
    writeFileSync(join(dir, "a.cif"), writeCif(a));
    writeFileSync(join(dir, "b.cif"), writeCif(b));
    const expected = getRmsDist(a, b, CSP_MATCHER)!;
    const c = capture();
    expect(await run(["match", join(dir, "a.cif"), join(dir, "b.cif"), "--csp", "--json"], c.io)).toBe(0);
    const j = JSON.parse(c.out.join(""));
    expect(j.match).toBe(true);
    expect(j.rms).toBeCloseTo(expected.rms, 6);
    const t = capture();
    expect(await run(["match", join(dir, "a.cif"), join(dir, "b.cif"), "--ltol", "0.3", "--stol", "0.5", "--angle-tol", "10"], t.io)).toBe(0);
    expect(t.out.join("")).toMatch(/^match: yes\s+rms 0\.\d{6}/);
  });

  it("answers a JSONL pairs file line by line in order, flags a malformed line with its number and exits 2", async () => {
    const random = rng(2);
    const lines: string[] = [];
    const expected: (number | null)[] = [];
    for (let i = 0; i < 24; i++) {
      const a = perov[i]!, b = i % 3 === 0 ? perov[i + 1]! : perturbed(perov[i]!, 0.04, random);
      lines.push(JSON.stringify({ a: writeCif(a), b: writeCif(b) }));
      expected.push(getRmsDist(a, b, CSP_MATCHER)?.rms ?? null);
    }
    lines.splice(5, 0, "{not json");
    lines.splice(9, 0, JSON.stringify({ a: "data_x\n_cell_length_a 3\n", b: writeCif(perov[0]!) }));
    expected.splice(5, 0, null);
    expected.splice(9, 0, null);
    const file = join(dir, "pairs.jsonl");
    writeFileSync(file, lines.join("\n") + "\n");
    const c = capture();
    expect(await run(["match", "--pairs", file, "--csp", "--serial"], c.io)).toBe(2);
    const rows = c.out.join("").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.length).toBe(26);
    rows.forEach((r, k) => {
      if (k === 5 || k === 9) {
        expect(r.match).toBe(false);
        expect(r.error).toContain(`pairs.jsonl:${k + 1}:`);
      } else {
        expect(r.match).toBe(expected[k] !== null);
        if (expected[k] !== null) expect(r.rms).toBeCloseTo(expected[k]!, 6); // CIF text keeps ~8 digits
      }
    });
    expect(c.err.join("")).toMatch(/pairs\.jsonl:6: not JSON/);
    expect(c.err.join("")).toMatch(/2 of 26 lines were malformed/);
  });

  it("rejects bad usage with exit 2", async () => {
    const c = capture();
    expect(await run(["match", "only-one.cif"], c.io)).toBe(2);
    expect(await run(["match", "--pairs", join(dir, "missing.jsonl")], c.io)).toBe(2);
    expect(await run(["match", "a", "b", "--stol", "-1"], c.io)).toBe(2);
  });
});

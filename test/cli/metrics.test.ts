// `xtal metrics`: COV cutoffs come from the dataset registry; an unknown or cutoff-less dataset is bad input (exit 2).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/xtal.js";
import { writeCif } from "../../src/crystal/index.js";
import { loadDataset } from "../../src/datasets/index.js";
import { captureIO } from "./capture-io.js";
import { DATA_DIR } from "../shared-paths.js";

describe("xtal metrics --dataset", () => {
  const dir = mkdtempSync(join(tmpdir(), "xtal-metrics-"));
  beforeAll(async () => {
    const perov = await loadDataset("perov_5", "test", { dataDir: DATA_DIR, limit: 4 });
    perov.structures.forEach((s, i) => writeFileSync(join(dir, `p${i}.cif`), writeCif(s)));
  }, 60_000);

  it("exits 2 with a typed message for an unknown dataset and for a dataset without COV cutoffs", async () => {
    const unknown = captureIO();
    expect(await run(["metrics", "--generated", dir, "--reference", dir, "--dataset", "nope", "--no-fingerprint"], unknown)).toBe(2);
    expect(unknown.err).toMatch(/unknown dataset "nope"/);
    const none = captureIO();
    expect(await run(["metrics", "--generated", dir, "--reference", dir, "--dataset", "mpts_52", "--no-fingerprint"], none)).toBe(2);
    expect(none.err).toMatch(/no COV cutoffs for dataset "mpts_52"/);
  });

  it("scores with a registered dataset's cutoffs", async () => {
    const io = captureIO();
    expect(await run(["metrics", "--generated", dir, "--reference", dir, "--dataset", "perov_5", "--no-fingerprint", "--json"], io)).toBe(0);
    const rows = JSON.parse(io.out).metrics as { metric: string; value: number | null }[];
    expect(rows.find((r) => r.metric === "struct_validity")!.value).toBe(1);
  });
});

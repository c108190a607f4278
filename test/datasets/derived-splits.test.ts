// fit / select: 90 % / 10 % of val by a stable hash of the row id, checked against the FNV-1a test vectors and against
// the same rule computed independently in Python over perov_5's val ids.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/load.js";
import { fnv1a32 } from "../../src/util/fnv1a.js";
import { DATA_DIR } from "../shared-paths.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("FNV-1a 32", () => {
  it("gives the published test vectors", () => {
    expect(fnv1a32(utf8(""))).toBe(0x811c9dc5);
    expect(fnv1a32(utf8("a"))).toBe(0xe40c292c);
    expect(fnv1a32(utf8("foobar"))).toBe(0xbf9cf968);
  });
});

describe("derived splits fit and select", () => {
  it("partition val: disjoint, together every val row in val's order, select ≈ 10 %, recorded in the provenance", async () => {
    const val = await loadDataset("perov_5", "val", { dataDir: DATA_DIR });
    const [fit, select] = [await loadDataset("perov_5", "fit", { dataDir: DATA_DIR }), await loadDataset("perov_5", "select", { dataDir: DATA_DIR })];
    const ids = (d: typeof val) => d.structures.map((s) => String(s.properties!["id"]));
    const f = new Set(ids(fit)), s = new Set(ids(select));
    expect([...f].some((id) => s.has(id))).toBe(false);
    expect(ids(val).filter((id) => f.has(id))).toEqual(ids(fit));
    expect(ids(val).filter((id) => s.has(id))).toEqual(ids(select));
    expect(fit.structures.length + select.structures.length).toBe(val.structures.length);
    const share = select.structures.length / val.structures.length;
    expect(Math.abs(share - 0.1)).toBeLessThan(3 * Math.sqrt(0.09 / val.structures.length)); // binomial, 3σ
    expect(Array.from(fit.table.array("id"), String)).toEqual(ids(fit)); // table rows follow the structures
    expect(select.provenance).toMatchObject({ split: "select", derived: { from: "val", kept: select.structures.length, of: val.structures.length } });
    // The same rule, written independently in Python over the ids of val.
    const py = "import sys, json\nids = json.load(sys.stdin)\ndef h(s):\n    x = 0x811c9dc5\n    for b in s.encode('utf-8'):\n        x = ((x ^ b) * 0x01000193) & 0xffffffff\n    return x\nprint(json.dumps([i for i in ids if h(i) % 10 == 0]))";
    expect(JSON.parse(execFileSync("/usr/bin/python3", ["-c", py], { input: JSON.stringify(ids(val)) }).toString())).toEqual(ids(select));
  }, 120_000);

  it("limit takes the first rows of the derived split; an unknown split names fit and select", async () => {
    const fit = await loadDataset("prototypes", "fit");
    const first = await loadDataset("prototypes", "fit", { limit: 7 });
    expect(first.structures.map((s) => s.properties!["id"])).toEqual(fit.structures.slice(0, 7).map((s) => s.properties!["id"]));
    expect(first.table.numRows()).toBe(7);
    await expect(loadDataset("prototypes", "nope")).rejects.toThrow(/fit \(derived\), select \(derived\)/);
  });
});

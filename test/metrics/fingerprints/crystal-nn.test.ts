import { describe, expect, it } from "vitest";
import { crystalNNData, roundHalfEven3 } from "../../../src/metrics/fingerprints/crystal-nn.js";
import { runReference, toStructure, type ReferenceInput } from "./reference.js";

const rows = (dataset: string, n: number): ReferenceInput[] =>
  Array.from({ length: n }, (_, row) => ({ dataset, split: "test", row }));

describe("roundHalfEven3", () => {
  it("rounds like Python's round(x, 3) (values printed by CPython 3.11), ties to even on the exact binary value", () => {
    expect(roundHalfEven3(0.0625)).toBe(0.062);
    expect(roundHalfEven3(0.1875)).toBe(0.188);
    expect(roundHalfEven3(0.9375)).toBe(0.938);
    expect(roundHalfEven3(0.0005)).toBe(0.001); // 0.0005 is slightly above the tie in binary
    expect(roundHalfEven3(0.2345)).toBe(0.234); // 0.2345 is slightly below the tie in binary
    expect(roundHalfEven3(0.0685)).toBe(0.069);
    expect(roundHalfEven3(0.3125)).toBe(0.312);
    expect(roundHalfEven3(0.5625)).toBe(0.562);
    expect(roundHalfEven3(1)).toBe(1);
  });
});

describe("crystalNNData agrees with pymatgen CrystalNN.get_nn_data", () => {
  const inputs = [...rows("perov_5", 12), ...rows("carbon_24", 6), ...rows("mpts_52", 6)];
  const ref = runReference(inputs, ["cn"]);
  ref.forEach((r, k) => {
    const label = `${JSON.stringify(inputs[k])}`;
    it(`per-site cn_weights of ${label}`, () => {
      expect(r.error).toBeUndefined();
      const s = toStructure(r);
      r.sites!.forEach((site, i) => {
        const ours = crystalNNData(s, i);
        const theirs = new Map(Object.entries(site.cn_weights).map(([cn, w]) => [Number(cn), w]));
        const keys = (m: ReadonlyMap<number, number>) => [...m.keys()].filter((cn) => cn > 0).sort((a, b) => a - b);
        expect(keys(ours.cnWeights), `site ${i} CN keys`).toEqual(keys(theirs));
        for (const cn of keys(theirs)) expect(Math.abs(ours.cnWeights.get(cn)! - theirs.get(cn)!), `site ${i} CN ${cn}`).toBeLessThan(1e-6);
        expect(ours.neighbours.map((n) => n.weight).sort(), `site ${i} neighbour weights`).toEqual(site.neighbors.map((n) => n[2]).sort());
      });
    });
  });
});

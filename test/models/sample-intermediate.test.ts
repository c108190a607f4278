import { beforeAll, describe, expect, it } from "vitest";
import type { Structure } from "../../src/crystal/structure.js";
import { DiffCsp, FlowMm, initBackend } from "../../src/models/index.js";

const tiny = { hidden: 8, layers: 1, freqs: 2, timeDim: 4 };
type Call = { time: number; crystals: Structure[]; first: number };
const recorder = () => {
  const calls: Call[] = [];
  return { calls, onIntermediate: (time: number, crystals: Structure[], first: number) => calls.push({ time, crystals, first }) };
};

beforeAll(async () => {
  await initBackend();
});

describe("SampleRequest.onIntermediate (trajectory recording)", () => {
  it("DiffCSP reports the noisy crystals before the corrector and the predictor of every step, t = T … 1", async () => {
    const m = DiffCsp.create({ network: tiny, timesteps: 10 });
    const r = recorder();
    const out = await m.sample({ compositions: ["SrTiO3", "NaCl"], steps: 10, seed: 1, onIntermediate: r.onIntermediate });
    expect(r.calls.map((c) => c.time)).toEqual([10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    for (const c of r.calls) {
      expect(c.first).toBe(0);
      expect(c.crystals.map((s) => Array.from(s.species))).toEqual([[38, 22, 8, 8, 8], [11, 17]]);
      for (const s of c.crystals) for (const f of s.fracCoords) expect(f >= 0 && f < 1).toBe(true);
    }
    // Recording does not change the draw: the same seed gives the same samples without the callback.
    const plain = await m.sample({ compositions: ["SrTiO3", "NaCl"], steps: 10, seed: 1 });
    expect(Array.from(plain[0]!.fracCoords)).toEqual(Array.from(out[0]!.fracCoords));
    m.dispose();
  });

  it("FlowMM reports the state at flow times 0, 1/n, …, (n−1)/n (×1000) and the chunk offset of each batch", async () => {
    const m = FlowMm.create({ network: tiny });
    const r = recorder();
    await m.sample({ compositions: ["SrTiO3", "NaCl", "KBr"], steps: 4, batchSize: 2, onIntermediate: r.onIntermediate });
    expect(r.calls.map((c) => [c.first, c.time, c.crystals.length])).toEqual([
      [0, 0, 2], [0, 250, 2], [0, 500, 2], [0, 750, 2],
      [2, 0, 1], [2, 250, 1], [2, 500, 1], [2, 750, 1],
    ]);
    m.dispose();
  });
});

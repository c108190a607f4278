import { beforeAll, describe, expect, it } from "vitest";
import type { Structure } from "../../src/crystal/structure.js";
import { createModel, initBackend } from "../../src/models/index.js";

const tiny = { hidden: 8, layers: 1, freqs: 2, timeDim: 4 };
type Call = { time: number; crystals: Structure[]; first: number };
const recorder = () => {
  const calls: Call[] = [];
  return { calls, onTrajectory: (time: number, crystals: Structure[], first: number) => calls.push({ time, crystals, first }) };
};

beforeAll(async () => {
  await initBackend();
});

describe("SampleRequest.onTrajectory (trajectory recording, time 0 = prior … 1 = data for every family)", () => {
  it("DiffCSP reports the noisy crystals before the corrector and the predictor of every step t = T … 1, at time 1 − t/T", async () => {
    const m = createModel("diffcsp", { ...tiny, timesteps: 10 });
    const r = recorder();
    const out = await m.sample({ compositions: ["SrTiO3", "NaCl"], settings: { steps: 10 }, seed: 1, onTrajectory: r.onTrajectory });
    expect(r.calls.map((c) => c.time)).toEqual([10, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1].map((t) => 1 - t / 10));
    for (const c of r.calls) {
      expect(c.first).toBe(0);
      expect(c.crystals.map((s) => Array.from(s.species))).toEqual([[38, 22, 8, 8, 8], [11, 17]]);
      for (const s of c.crystals) for (const f of s.fracCoords) expect(f >= 0 && f < 1).toBe(true);
    }
    // Recording does not change the draw: the same seed gives the same samples without the callback.
    const plain = await m.sample({ compositions: ["SrTiO3", "NaCl"], settings: { steps: 10 }, seed: 1 });
    expect(Array.from(plain[0]!.fracCoords)).toEqual(Array.from(out[0]!.fracCoords));
    m.dispose();
  });

  it("FlowMM reports the state at flow times 0, 1/n, …, (n−1)/n and the chunk offset of each batch", async () => {
    const m = createModel("flowmm", { ...tiny });
    const r = recorder();
    await m.sample({ compositions: ["SrTiO3", "NaCl", "KBr"], settings: { steps: 4 }, batchSize: 2, onTrajectory: r.onTrajectory });
    expect(r.calls.map((c) => [c.first, c.time, c.crystals.length])).toEqual([
      [0, 0, 2], [0, 0.25, 2], [0, 0.5, 2], [0, 0.75, 2],
      [2, 0, 1], [2, 0.25, 1], [2, 0.5, 1], [2, 0.75, 1],
    ]);
    m.dispose();
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { latticeFromParameters, latticeParameters, latticeVolume } from "../../src/crystal/lattice.js";
import { makeStructure } from "../../src/crystal/structure.js";
import { ModelRequestError, chunkSeed, createModel, cspSamplesForTargets, loadModel } from "../../src/models/index.js";
import { rng } from "../../src/util/random.js";

const pool = Array.from({ length: 10 }, (_, i) =>
  makeStructure({ lattice: latticeFromParameters(3 + i, 3 + i, 3 + i, 90, 90, 90), species: [11, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], properties: { id: i } }),
);
const ids = (list: { properties?: Record<string, unknown> }[]) => list.map((s) => s.properties!["id"] as number);
const dir = mkdtempSync(join(tmpdir(), "cw-baselines-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("data baseline (real crystals as a perfect generator)", () => {
  it("draws n distinct crystals of the pool it was trained on, the same ones for the same seed, also after save → load", async () => {
    const m = createModel("data-draw");
    await m.train(pool);
    const a = ids(await m.sample({ n: 6, seed: 3 }));
    expect(new Set(a).size).toBe(6);
    expect(a.every((i) => i >= 0 && i < 10)).toBe(true);
    expect(ids(await m.sample({ n: 6, seed: 3 }))).toEqual(a);
    expect(ids(await m.sample({ n: 6, seed: 4 }))).not.toEqual(a);
    expect(ids(await m.sample({ n: 10, seed: 1 })).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await m.save(join(dir, "data"));
    const back = await loadModel(join(dir, "data"));
    const again = await back.sample({ n: 6, seed: 3 });
    expect(ids(again)).toEqual(a);
    expect(Array.from(again[0]!.lattice.matrix)).toEqual(Array.from(pool[a[0]!]!.lattice.matrix));
  });
  it("refuses more crystals than the pool holds, none, compositions, or sampling before training", async () => {
    const m = createModel("data-draw");
    await expect(m.sample({ n: 2 })).rejects.toThrow(/no pool/);
    await m.train(pool);
    await expect(m.sample({ n: 11 })).rejects.toThrow(/draws 1–10 crystals/);
    await expect(m.sample({ n: 0 })).rejects.toThrow(ModelRequestError);
    await expect(m.sample({ compositions: ["NaCl"] })).rejects.toThrow(/data-draw models cannot honour compositions/);
  });
});

describe("random-coordinates baseline (the CSP floor)", () => {
  const targets = [pool[2]!, makeStructure({ lattice: latticeFromParameters(4, 5, 6, 80, 95, 100), species: [38, 22, 8, 8, 8], fracCoords: new Float64Array(15).fill(0.1) })];
  it("keeps each target's species, in a cubic cell of the target's volume, with the seeded uniform coordinates", async () => {
    const m = createModel("random-coordinates");
    const [[a], [b]] = await cspSamplesForTargets(m, targets, { seed: 7 });
    expect(Array.from(b!.species)).toEqual([38, 22, 8, 8, 8]);
    const p = latticeParameters(b!.lattice);
    expect([p.alpha, p.beta, p.gamma]).toEqual([90, 90, 90]);
    expect(p.a).toBeCloseTo(Math.cbrt(latticeVolume(targets[1]!.lattice)), 12);
    expect(latticeVolume(a!.lattice)).toBeCloseTo(125, 9); // 5 Å cube
    // Coordinates are the uniform stream of the request's one seeded chunk (chunkSeed(7, 0)), target after target; the
    // one-stream path (singleStream) draws the request seed's own stream.
    const stream = (seed: number) => {
      const r = rng(seed);
      return Array.from({ length: 6 + 15 }, () => r.next());
    };
    expect([...a!.fracCoords, ...b!.fracCoords]).toEqual(stream(chunkSeed(7, 0)));
    const [[c], [d]] = await cspSamplesForTargets(m, targets, { seed: 7, singleStream: true });
    expect([...c!.fracCoords, ...d!.fracCoords]).toEqual(stream(7));
  });
  it("draws k guesses per target, sample-major, and needs the targets' volumes", async () => {
    const m = createModel("random-coordinates");
    const drawn = await cspSamplesForTargets(m, targets, { k: 3, seed: 1 });
    expect(drawn.map((l) => l.length)).toEqual([3, 3]);
    expect(new Set(drawn[1]!.map((s) => s.fracCoords[0])).size).toBe(3);
    await expect(m.sample({ compositions: ["NaCl"] })).rejects.toThrow(/needs cellVolumes/);
    await expect(m.sample({ compositions: ["NaCl"], cellVolumes: [-1] })).rejects.toThrow(/one positive volume/);
    await expect(m.sample({ n: 3 })).rejects.toThrow(/cannot honour n/);
  });
});

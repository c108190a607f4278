// The shipped checkpoints are version-1 config.json files: they load through the family's migration and sample exactly
// what the code before the model-layer refactor sampled for the same request and seed (recorded at commit a579aa3),
// up to the rounding of the patched wasm kernels (recorded-samples.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend, loadModel } from "../../src/models/index.js";
import { expectRecordedCrystals, plainCrystal } from "./recorded-samples.js";

const ROOT = join(import.meta.dirname, "..", "..");
type Recorded = { request: { steps: number; [k: string]: unknown }; samples: { species: number[]; fracCoords: number[]; lattice: number[] }[] };
const recorded = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "models", "shipped-samples-a579aa3.json"), "utf8")) as Record<string, Recorded | string>;
const checkpoints = Object.entries(recorded).filter((e): e is [string, Recorded] => typeof e[1] !== "string");

beforeAll(async () => {
  await initBackend();
});

describe("shipped checkpoints (config version 1 on disk)", () => {
  it("migrate to version 2: tasks, and the network and schedule block under familyConfig with the type-loss weight beside it", async () => {
    const dir = join(ROOT, "data", "checkpoints", "diffcsp-perov5-gen");
    const v1 = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(v1.version).toBe(1);
    const m = await loadModel(dir);
    const c = m.config as typeof m.config & { familyConfig: { network: unknown; typeLossWeight: number; diffusion: Record<string, unknown> } };
    expect([c.version, c.family, c.tasks]).toEqual([2, "diffcsp", ["gen"]]);
    expect(c.familyConfig.network).toEqual(v1.network);
    expect(c.familyConfig.typeLossWeight).toBe(v1.diffusion.typeLossWeight);
    const { typeLossWeight: _w, ...schedule } = v1.diffusion;
    expect(c.familyConfig.diffusion).toEqual(schedule);
    expect([c.condition, c.elements, c.numAtomsCounts, c.training]).toEqual([v1.condition, v1.elements, v1.numAtomsCounts, v1.training]);
    m.dispose();
  });

  it.each(checkpoints)("%s samples what the pre-refactor code sampled for the same request and seed", async (name, r) => {
    const m = await loadModel(join(ROOT, "data", "checkpoints", name));
    const { steps, ...request } = r.request;
    expectRecordedCrystals((await m.sample({ ...request, settings: { steps } })).map(plainCrystal), r.samples);
    m.dispose();
  }, 120_000);
});

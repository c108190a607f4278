// The shipped CDVAE checkpoint samples, reconstructs and encodes reproducibly: the same request and seed give the
// crystals recorded when it was shipped (up to the rounding of the patched wasm kernels: recorded-samples.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../src/datasets/load.js";
import { initBackend, isLatentModel, loadModel, reconstructCrystals } from "../../src/models/index.js";
import { type PlainCrystal, expectRecordedCrystals, plainCrystal } from "./recorded-samples.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CHECKPOINT = join(ROOT, "data", "checkpoints", "cdvae-perov5");
const recorded = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "models", "cdvae-perov5-samples.json"), "utf8")) as { sample: PlainCrystal[]; reconstruct: PlainCrystal[]; mean: number[] };

beforeAll(async () => {
  await initBackend();
});

describe("shipped checkpoint cdvae-perov5", () => {
  it("samples (seed 0), reconstructs the bundled prototypes' first perovskites (seed 1) and encodes as recorded", async () => {
    const m = await loadModel(CHECKPOINT);
    if (!isLatentModel(m)) throw new Error("cdvae-perov5 is not a latent model");
    expectRecordedCrystals((await m.sample({ n: 4, seed: 0 })).map(plainCrystal), recorded.sample);
    const inputs = (await loadDataset("prototypes", "test")).structures.filter((s) => s.properties?.["prototype"] === "perovskite" && Array.from(s.species).every((z) => m.config.elements!.includes(z))).slice(0, 3);
    // Recorded with one random stream over the crystals (before chunked decoding): singleStream.
    expectRecordedCrystals((await reconstructCrystals(m, inputs, { seed: 1 }, { singleStream: true })).map(plainCrystal), recorded.reconstruct);
    const [code] = await m.encode(inputs.slice(0, 1));
    code!.mean.forEach((v, k) => expect(v).toBeCloseTo(recorded.mean[k]!, 4));
    m.dispose();
  }, 120_000);
});

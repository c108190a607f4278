// The shipped CDVAE checkpoints sample, reconstruct and encode reproducibly: the same request and seed give the
// crystals recorded when each was shipped (up to the rounding of the patched wasm kernels: recorded-samples.ts). The
// recordings used one random stream per request (model.sample, and reconstruction with singleStream).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { loadDataset } from "../../src/datasets/load.js";
import { type LatentModel, initBackend, isLatentModel, loadModel, reconstructCrystals } from "../../src/models/index.js";
import { type PlainCrystal, expectRecordedCrystals, plainCrystal } from "./recorded-samples.js";

const ROOT = join(import.meta.dirname, "..", "..");
const recorded = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "models", `${name}-samples.json`), "utf8")) as { sample: PlainCrystal[]; reconstruct: PlainCrystal[]; mean: number[] };

/** Diamond, conventional cubic cell (a = 3.567 Å, 8 atoms). */
function diamond(): Structure {
  const f = [[0, 0, 0], [0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0], [0.25, 0.25, 0.25], [0.25, 0.75, 0.75], [0.75, 0.25, 0.75], [0.75, 0.75, 0.25]];
  return makeStructure({ lattice: latticeFromParameters(3.567, 3.567, 3.567, 90, 90, 90), species: f.map(() => 6), fracCoords: f.flat() });
}

/** The reconstruction inputs of each checkpoint: the bundled prototypes' first perovskites, or diamond. */
const INPUTS: Record<string, (m: LatentModel) => Promise<Structure[]>> = {
  "cdvae-perov5": async (m) =>
    (await loadDataset("prototypes", "test")).structures.filter((s) => s.properties?.["prototype"] === "perovskite" && Array.from(s.species).every((z) => m.config.elements!.includes(z))).slice(0, 3),
  "cdvae-carbon24": async () => [diamond()],
};

beforeAll(async () => {
  await initBackend();
});

describe.each(Object.keys(INPUTS))("shipped checkpoint %s", (name) => {
  it("samples (seed 0), reconstructs its inputs (seed 1) and encodes the first as recorded", async () => {
    const m = await loadModel(join(ROOT, "data", "checkpoints", name));
    if (!isLatentModel(m)) throw new Error(`${name} is not a latent model`);
    const expected = recorded(name);
    expectRecordedCrystals((await m.sample({ n: 4, seed: 0 })).map(plainCrystal), expected.sample);
    const inputs = await INPUTS[name]!(m);
    expectRecordedCrystals((await reconstructCrystals(m, inputs, { seed: 1 }, { singleStream: true })).map(plainCrystal), expected.reconstruct);
    const [code] = await m.encode(inputs.slice(0, 1));
    code!.mean.forEach((v, k) => expect(v).toBeCloseTo(expected.mean[k]!, 4));
    m.dispose();
  }, 120_000);
});
